/**
 * The embedded sidecar's schema of Dapr's runtime service (src/protocol/dapr-runtime-proto.ts)
 * checked against the dapr.proto files the @dapr/dapr SDK ships (read with protobufjs): every
 * message field has Dapr's number, name, type and label; the requests the sidecar decodes have
 * exactly Dapr's fields (a field added upstream fails here instead of being dropped unread);
 * and the served methods plus the refused ones are exactly the service's methods, with their
 * streaming shapes.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join } from 'node:path';
import { describe, it } from 'node:test';
import protobuf from 'protobufjs';
import { DAPR_RUNTIME_SERVICE, daprRuntimeRoot, daprRuntimeServiceType } from '../../../src/protocol/dapr-runtime-proto.js';
import { OTHER_DAPR_RUNTIME_METHODS } from '../../../src/protocol/dapr-runtime-service.js';

const PACKAGE = 'dapr.proto.runtime.v1';

/** The SDK's dapr.proto and everything it imports, resolved. */
function sdkRoot(): protobuf.Root {
  const protoDir = join(dirname(createRequire(import.meta.url).resolve('@dapr/dapr/package.json')), 'proto');
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (target.startsWith('google/protobuf/') || isAbsolute(target) ? target : join(protoDir, target));
  root.loadSync(join(protoDir, 'dapr/proto/runtime/v1/dapr.proto'));
  root.resolveAll();
  return root;
}

/** A field as both schemas must agree on it. */
function shapeOf(field: protobuf.Field | protobuf.MapField): string {
  const label = field instanceof protobuf.MapField ? `map<${field.keyType}, ` : field.repeated ? 'repeated ' : '';
  const type = field.resolvedType ? field.resolvedType.fullName : field.type;
  return `${label}${type}${field.map ? '>' : ''} ${field.name} = ${field.id}`;
}

/** The messages the sidecar decodes from clients: they must carry every field Dapr defines. */
const DECODED = [
  'GetMetadataRequest',
  'SetMetadataRequest',
  'StartWorkflowRequest',
  'GetWorkflowRequest',
  'TerminateWorkflowRequest',
  'PauseWorkflowRequest',
  'ResumeWorkflowRequest',
  'RaiseEventWorkflowRequest',
  'PurgeWorkflowRequest',
];

describe('the runtime service schema against the SDK\'s dapr.proto', () => {
  const sdk = sdkRoot();
  const ours = daprRuntimeRoot().lookup(PACKAGE) as protobuf.Namespace;
  const ourTypes = ours.nestedArray.filter((nested): nested is protobuf.Type => nested instanceof protobuf.Type);
  const ourEnums = ours.nestedArray.filter((nested): nested is protobuf.Enum => nested instanceof protobuf.Enum);

  it('has Dapr\'s number, name, type and label for every field of every message, and Dapr\'s enum values', () => {
    assert.ok(ourTypes.length >= 20, `only ${ourTypes.length} messages read`);
    for (const type of ourTypes) {
      const theirs = sdk.lookupType(type.fullName);
      for (const field of type.fieldsArray) {
        const match = theirs.fieldsById[field.id];
        assert.ok(match, `${type.name}.${field.name} (= ${field.id}) has no field of that number in Dapr's message`);
        assert.equal(shapeOf(field), shapeOf(match), `${type.name} field ${field.id}`);
      }
      for (const nested of type.nestedArray) {
        if (nested instanceof protobuf.Enum) assert.deepEqual({ ...nested.values }, { ...sdk.lookupEnum(nested.fullName).values }, nested.fullName);
      }
    }
    for (const enumeration of ourEnums) assert.deepEqual({ ...enumeration.values }, { ...sdk.lookupEnum(enumeration.fullName).values }, enumeration.fullName);
  });

  it('decodes every field Dapr defines on the requests it answers', () => {
    for (const name of DECODED) {
      const fields = (root: protobuf.Root) => root.lookupType(`${PACKAGE}.${name}`).fieldsArray.map(shapeOf).sort();
      assert.deepEqual(fields(daprRuntimeRoot()), fields(sdk), `${name}: the sidecar must read (or refuse) every field`);
    }
  });

  it('serves or refuses by name every method of the service, with its streaming shape', () => {
    const shapeName = (method: protobuf.Method): string => (method.requestStream ? 'bidi' : method.responseStream ? 'server' : 'unary');
    const served = daprRuntimeServiceType().methodsArray;
    const ourMethods = [
      ...served.map((method) => `${method.name} ${shapeName(method)} ${method.requestType} -> ${method.responseType}`),
      ...Object.entries(OTHER_DAPR_RUNTIME_METHODS).map(([name, shape]) => `${name} ${shape}`),
    ];
    const servedNames = new Set(served.map((method) => method.name));
    const theirMethods = sdk
      .lookupService(DAPR_RUNTIME_SERVICE)
      .methodsArray.map((method) =>
        servedNames.has(method.name)
          ? `${method.name} ${shapeName(method)} ${method.resolvedRequestType!.name} -> ${method.resolvedResponseType!.fullName === '.google.protobuf.Empty' ? 'google.protobuf.Empty' : method.resolvedResponseType!.name}`
          : `${method.name} ${shapeName(method)}`,
      );
    assert.deepEqual(ourMethods.sort(), theirMethods.sort());
  });
});
