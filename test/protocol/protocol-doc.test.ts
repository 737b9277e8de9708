/**
 * docs/protocol.md keeps up with the protocol description: every RPC and every message field
 * of src/protocol/task-hub-sidecar.proto has its row with a verdict.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import protobuf from 'protobufjs';

const root = protobuf.loadSync(new URL('../../src/protocol/task-hub-sidecar.proto', import.meta.url).pathname);
root.resolveAll();
const doc = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');
const VERDICT = /\| (honored|stored|written|not sent|ignored as daprd does|refused with an error) \|/;

function rowOf(name: string): string | undefined {
  return doc.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
}

describe('docs/protocol.md', () => {
  it('has a row with a verdict for every RPC', () => {
    const service = root.nestedArray.find((entry): entry is protobuf.Service => entry instanceof protobuf.Service)!;
    for (const method of service.methodsArray) assert.match(rowOf(method.name) ?? '', VERDICT, `RPC ${method.name}`);
  });

  it('has a row with a verdict for every message field', () => {
    let count = 0;
    for (const type of root.nestedArray.filter((entry): entry is protobuf.Type => entry instanceof protobuf.Type)) {
      for (const field of type.fieldsArray) {
        assert.match(rowOf(`${type.name}.${field.name}`) ?? '', VERDICT, `${type.name}.${field.name}`);
        count += 1;
      }
    }
    assert.ok(count > 250, `only ${count} fields found`);
  });
});
