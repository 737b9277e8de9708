/**
 * Payloads are data, never code: prototype-pollution keys, JavaScript source, template
 * syntaxes and Object.prototype names as workflow or event names go through the HTTP API,
 * raw gRPC and the SDK (a real workflow returns them and sets them as custom status) and come
 * back byte for byte; afterwards no prototype of the engine's process gained a property,
 * no marker file was written, and the process did not exit.
 */
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { TaskHubSidecarServiceService, pb } from '../helpers/sdk-proto.js';
import { captureConsole, LogBuffer } from '../../src/runtime/index.js';
import { startSidecar, waitForStatus, type SidecarHarness } from '../helpers/sidecar-harness.js';
import { rawGrpc, rawState, startRequest, type RawGrpc } from '../hostile/grpc-calls.js';
import { httpCall, workflowPath } from '../hostile/http-calls.js';

const MARKER = '/tmp/dapr-workflow-tui-code-marker';
const FUTURE = Date.now() + 24 * 3600_000;

/** JSON texts that would do something if anything evaluated, merged or templated them. */
const PAYLOADS: readonly string[] = [
  '{"__proto__": {"polluted": true}}',
  '{"constructor": {"prototype": {"polluted": true}}}',
  '{"__proto__": {"toString": "not a function"}, "valueOf": 1, "hasOwnProperty": null}',
  '"constructor"',
  `"require('node:fs').writeFileSync('${MARKER}', 'x')"`,
  `"(function () { require('node:fs').writeFileSync('${MARKER}', 'x'); process.exit(9); })()"`,
  '"${process.exit(9)} `${process.exit(9)}` {{7*7}} #{1+1} <%= 7*7 %> ${{7*7}}"',
  '{"$where": "sleep(10000)", "$gt": ""}',
];
/** Names that are keys of Object.prototype. */
const PROTOTYPE_NAMES: readonly string[] = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

const prototypes = [Object.prototype, Array.prototype, Function.prototype, String.prototype];
const ownNamesBefore = prototypes.map((proto) => Object.getOwnPropertyNames(proto).sort());

let sidecar: SidecarHarness;
let grpc: RawGrpc;
let httpPort: number;
const workflowLog = new LogBuffer();
let restoreConsole: (() => void) | undefined;

before(async () => {
  rmSync(MARKER, { force: true });
  sidecar = await startSidecar({ httpPort: 0 });
  restoreConsole = captureConsole(workflowLog);
  httpPort = sidecar.engine.httpPort!;
  grpc = rawGrpc(sidecar.address);
  await sidecar.startRuntime({
    workflows: {
      /** Returns its input and shows the input's JSON text as custom status. */
      async *Echo(ctx: { setCustomStatus(status: string): void }, input: unknown) {
        ctx.setCustomStatus(JSON.stringify(input));
        return input;
      },
    },
  });
});

after(async () => {
  grpc?.close();
  restoreConsole?.();
  await sidecar?.close();
});

test('through the HTTP API: stored and served back byte for byte (input, event data, terminate output)', async () => {
  for (const [index, payload] of PAYLOADS.entries()) {
    const id = `http-code-${index}`;
    assert.equal((await httpCall(httpPort, 'POST', `${workflowPath('NobodyHostsThis', 'start')}?instanceID=${id}`, { body: payload })).status, 202);
    assert.equal((await httpCall(httpPort, 'POST', workflowPath(id, 'raiseEvent', 'data'), { body: payload })).status, 202);
    assert.equal((await httpCall(httpPort, 'POST', workflowPath(id, 'terminate'), { body: payload })).status, 202);
    const got = await httpCall(httpPort, 'GET', workflowPath(id));
    assert.equal(got.json.properties['dapr.workflow.input'], payload);
    assert.equal(got.json.properties['dapr.workflow.output'], payload);
  }
});

test('through raw gRPC: stored byte for byte, also under Object.prototype names', async () => {
  for (const [index, payload] of PAYLOADS.entries()) {
    const name = PROTOTYPE_NAMES[index % PROTOTYPE_NAMES.length]!;
    const id = `grpc-code-${index}`;
    await grpc.call(TaskHubSidecarServiceService.startInstance, startRequest({ name, instanceId: id, input: payload, scheduledAt: FUTURE }));
    const raise = new pb.RaiseEventRequest();
    raise.setInstanceid(id);
    raise.setName(name);
    raise.setInput(startRequest({ name, input: payload }).getInput());
    await grpc.call(TaskHubSidecarServiceService.raiseEvent, raise);
    const state = await rawState(grpc, id);
    assert.equal(state?.name, name);
    assert.equal(state?.input, payload);
  }
});

test('through the SDK and a real workflow: values come back equal, custom status verbatim', async () => {
  for (const [index, payload] of PAYLOADS.entries()) {
    const value: unknown = JSON.parse(payload);
    const id = `sdk-code-${index}`;
    await sidecar.client.scheduleNewWorkflow('Echo', value, id);
    const state = await waitForStatus(sidecar.client, id, 'COMPLETED');
    assert.deepEqual(JSON.parse(state.serializedOutput!), value);
    assert.equal(state.customStatus, JSON.stringify(value));
  }
});

test('nothing was evaluated: no prototype gained a property, no marker file, the process is alive', () => {
  prototypes.forEach((proto, index) => assert.deepEqual(Object.getOwnPropertyNames(proto).sort(), ownNamesBefore[index]));
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(typeof ({}).toString, 'function');
  assert.equal(existsSync(MARKER), false, 'no payload wrote the marker file');
});
