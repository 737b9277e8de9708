/**
 * Dapr's runtime gRPC service (`dapr.proto.runtime.v1.Dapr`) on the embedded sidecar's gRPC
 * port, driven by the JS SDK's `DaprClient` over gRPC: its start-up probe (GetMetadata), its
 * metadata API, and — through the SDK's own generated client for the service, since the 3.18
 * SDK's gRPC `client.workflow` throws "not supported" before sending anything — the workflow
 * methods, Alpha1 and Beta1, with daprd's error codes. Every other method answers
 * UNIMPLEMENTED naming itself; the API token guards the service like the rest of the port.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { CommunicationProtocolEnum, DaprClient } from '@dapr/dapr';
import { daprRuntimeMethod, type GetMetadataRequest, type GetMetadataResponse } from '../../../src/protocol/dapr-runtime-service.js';
import { startSidecar, waitUntil, type SidecarHarness } from '../../helpers/sidecar-harness.js';
import { testActivities, testWorkflows } from '../../client/test-workflows.js';

/** The SDK's generated Connect client for the runtime service (the methods these tests call). */
interface RuntimeServiceClient {
  getMetadata(request: object): Promise<{ id: string; runtimeVersion: string; workflows?: { connectedWorkers: number }; actorRuntime?: { runtimeStatus: number } }>;
  [method: string]: (request: object) => unknown;
}

interface WorkflowAnswer {
  readonly instanceId: string;
  readonly workflowName: string;
  readonly runtimeStatus: string;
  readonly properties: Record<string, string>;
  readonly createdAt?: { seconds: bigint };
}

const VERSIONS = ['Alpha1', 'Beta1'] as const;
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

let sidecar: SidecarHarness;
let client: DaprClient;
let raw: RuntimeServiceClient;

/** Calls `<Method><version>` on the SDK's generated client (lower-camel, as Connect names them). */
function call<T>(method: string, version: (typeof VERSIONS)[number], request: object): Promise<T> {
  const name = `${method.charAt(0).toLowerCase()}${method.slice(1)}${version}`;
  return raw[name]!(request) as Promise<T>;
}

/** The gRPC code and message a call was refused with. */
async function refusal(promise: Promise<unknown>): Promise<{ code: number; message: string }> {
  return promise.then(
    () => assert.fail('the call was accepted'),
    (error: { code?: number; rawMessage?: string; message: string }) => ({ code: error.code ?? -1, message: error.rawMessage ?? error.message }),
  );
}

function getWorkflow(version: (typeof VERSIONS)[number], instanceId: string): Promise<WorkflowAnswer> {
  return call<WorkflowAnswer>('GetWorkflow', version, { instanceId, workflowComponent: 'dapr' });
}

describe('DaprClient (gRPC) and the Dapr runtime service on the embedded sidecar', () => {
  before(async () => {
    sidecar = await startSidecar();
    await sidecar.startRuntime({ workflows: testWorkflows, activities: testActivities });
    client = new DaprClient({ daprHost: '127.0.0.1', daprPort: String(sidecar.port), communicationProtocol: CommunicationProtocolEnum.GRPC });
  });
  after(async () => {
    await client?.stop();
    await sidecar?.close();
  });

  it('starts at once: its GetMetadata probe is answered', async () => {
    const startedAt = Date.now();
    await client.start();
    assert.ok(Date.now() - startedAt < 5_000, `start took ${Date.now() - startedAt} ms`);
    const metadata = await client.metadata.get();
    assert.equal(metadata.id, 'workflow-tui');
    assert.deepEqual(metadata.components, []);
    assert.equal((metadata.extended as Record<string, string>).daprRuntimeVersion !== undefined, true);
    raw = (await (client.daprClient as unknown as { getClient(): Promise<RuntimeServiceClient> }).getClient());
  });

  it('reports the connected workers and a disabled actor runtime in GetMetadata', async () => {
    const metadata = await waitUntil(async () => {
      const current = await raw.getMetadata({});
      return current.workflows?.connectedWorkers === 1 ? current : undefined;
    }, { what: 'one connected worker' });
    assert.equal(metadata.actorRuntime?.runtimeStatus, 1); // ActorRuntimeStatus.DISABLED
    assert.notEqual(metadata.runtimeVersion, '');
  });

  for (const version of VERSIONS) {
    it(`runs a workflow through Start/Get/Pause/Resume/RaiseEvent/Purge ${version}`, async () => {
      const instanceId = `grpc-${version.toLowerCase()}-1`;
      const started = await call<{ instanceId: string }>('StartWorkflow', version, {
        instanceId,
        workflowComponent: 'dapr',
        workflowName: 'Approval',
        input: utf8('{"order":7}'),
      });
      assert.equal(started.instanceId, instanceId);
      const first = await getWorkflow(version, instanceId);
      assert.equal(first.workflowName, 'Approval');
      assert.equal(first.properties['dapr.workflow.input'], '{"order":7}');
      assert.ok(first.createdAt !== undefined && first.createdAt.seconds > 0n);

      await waitUntil(async () => (await getWorkflow(version, instanceId)).runtimeStatus === 'RUNNING', { what: 'RUNNING' });
      await call('PauseWorkflow', version, { instanceId, workflowComponent: 'dapr' });
      assert.equal((await getWorkflow(version, instanceId)).runtimeStatus, 'SUSPENDED');
      await call('ResumeWorkflow', version, { instanceId, workflowComponent: 'dapr' });
      assert.equal((await getWorkflow(version, instanceId)).runtimeStatus, 'RUNNING');

      await call('RaiseEventWorkflow', version, { instanceId, workflowComponent: 'dapr', eventName: 'Approval', eventData: utf8('{"approved":true}') });
      const done = await waitUntil(async () => {
        const state = await getWorkflow(version, instanceId);
        return state.runtimeStatus === 'COMPLETED' ? state : undefined;
      }, { what: `${instanceId} to complete` });
      assert.equal(done.properties['dapr.workflow.output'], '{"decision":{"approved":true}}');

      await call('PurgeWorkflow', version, { instanceId, workflowComponent: 'dapr' });
      const gone = await refusal(getWorkflow(version, instanceId));
      assert.equal(gone.code, status.NOT_FOUND);
      assert.match(gone.message, /unable to find workflow with the provided instance ID: grpc-/);
    });

    it(`terminates a running workflow with TerminateWorkflow${version}`, async () => {
      const instanceId = `grpc-${version.toLowerCase()}-2`;
      await call('StartWorkflow', version, { instanceId, workflowComponent: 'dapr', workflowName: 'Approval' });
      await call('TerminateWorkflow', version, { instanceId, workflowComponent: '' });
      assert.equal((await getWorkflow(version, instanceId)).runtimeStatus, 'TERMINATED');
    });
  }

  it('starts with a generated instance ID when none is given, and honors dapr.workflow.start_time', async () => {
    const later = new Date(Date.now() + 60 * 60 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    const started = await call<{ instanceId: string }>('StartWorkflow', 'Beta1', {
      workflowComponent: 'dapr',
      workflowName: 'Greeter',
      options: { 'dapr.workflow.start_time': later },
    });
    assert.match(started.instanceId, /^[0-9a-f-]{36}$/);
    assert.equal((await getWorkflow('Beta1', started.instanceId)).runtimeStatus, 'PENDING');
    await call('TerminateWorkflow', 'Beta1', { instanceId: started.instanceId, workflowComponent: 'dapr' });
  });

  it('refuses bad requests with daprd\'s codes and sentences', async () => {
    const cases: readonly { readonly name: string; readonly method: string; readonly request: object; readonly code: number; readonly message: RegExp }[] = [
      { name: 'an invalid instance ID', method: 'StartWorkflow', request: { instanceId: 'bad id!', workflowName: 'Greeter' }, code: status.INVALID_ARGUMENT, message: /workflow instance ID 'bad id!' is invalid/ },
      { name: 'a too long instance ID', method: 'StartWorkflow', request: { instanceId: 'x'.repeat(65), workflowName: 'Greeter' }, code: status.INVALID_ARGUMENT, message: /exceeds the max length of 64/ },
      { name: 'no workflow name', method: 'StartWorkflow', request: { instanceId: 'no-name' }, code: status.INVALID_ARGUMENT, message: /workflow name is not configured/ },
      { name: 'input that is not JSON', method: 'StartWorkflow', request: { workflowName: 'Greeter', input: utf8('{nope') }, code: status.INVALID_ARGUMENT, message: /not valid JSON/ },
      { name: 'a start time that is not RFC 3339', method: 'StartWorkflow', request: { workflowName: 'Greeter', options: { 'dapr.workflow.start_time': 'tomorrow' } }, code: status.INTERNAL, message: /start times must be in RFC3339 format/ },
      { name: 'an unknown start option', method: 'StartWorkflow', request: { workflowName: 'Greeter', options: { 'dapr.workflow.priority': 'high' } }, code: status.INVALID_ARGUMENT, message: /'dapr\.workflow\.priority'/ },
      { name: 'another workflow component', method: 'StartWorkflow', request: { workflowComponent: 'temporal', workflowName: 'Greeter' }, code: status.INVALID_ARGUMENT, message: /workflow component 'temporal' does not exist/ },
      { name: 'no instance ID on get', method: 'GetWorkflow', request: { workflowComponent: 'dapr' }, code: status.INVALID_ARGUMENT, message: /no instance ID was provided/ },
      { name: 'an unknown instance on terminate', method: 'TerminateWorkflow', request: { instanceId: 'no-such-instance' }, code: status.NOT_FOUND, message: /no-such-instance/ },
      { name: 'an unknown instance on purge', method: 'PurgeWorkflow', request: { instanceId: 'no-such-instance' }, code: status.NOT_FOUND, message: /no-such-instance/ },
      { name: 'no event name', method: 'RaiseEventWorkflow', request: { instanceId: 'any' }, code: status.INVALID_ARGUMENT, message: /missing workflow event name/ },
    ];
    for (const testCase of cases) {
      const answer = await refusal(call(testCase.method, 'Beta1', testCase.request));
      assert.equal(answer.code, testCase.code, `${testCase.name}: code ${answer.code} (${answer.message})`);
      assert.match(answer.message, testCase.message, testCase.name);
    }
  });

  it('answers UNIMPLEMENTED, naming the method, for the rest of the service (unary and streaming)', async () => {
    const unary = await refusal(raw.getState!({ storeName: 'statestore', key: 'k' }) as Promise<unknown>);
    assert.equal(unary.code, status.UNIMPLEMENTED);
    assert.match(unary.message, /^GetState is not supported by the embedded sidecar/);

    const streaming = await refusal(
      (async () => {
        for await (const _update of raw.subscribeConfiguration!({ storeName: 'config', keys: [] }) as AsyncIterable<unknown>) {
          // no update is expected
        }
      })(),
    );
    assert.equal(streaming.code, status.UNIMPLEMENTED);
    assert.match(streaming.message, /^SubscribeConfiguration is not supported/);
  });
});

describe('the Dapr runtime service behind an API token', () => {
  let guarded: SidecarHarness;
  before(async () => {
    guarded = await startSidecar({ apiToken: 'course-token' });
  });
  after(async () => {
    await guarded?.close();
  });

  it('answers GetMetadata with the token and refuses it without', async () => {
    const method = daprRuntimeMethod<GetMetadataRequest, GetMetadataResponse>('GetMetadata');
    assert.equal((await guarded.call(method, {})).id, 'workflow-tui');
    const error = await guarded.call(method, {}, { apiToken: '' }).then(
      () => assert.fail('a call without the token was answered'),
      (rejection: { code: number }) => rejection,
    );
    assert.equal(error.code, status.UNAUTHENTICATED);

    const tokenClient = new DaprClient({
      daprHost: '127.0.0.1',
      daprPort: String(guarded.port),
      communicationProtocol: CommunicationProtocolEnum.GRPC,
      daprApiToken: 'course-token',
    });
    try {
      await tokenClient.start();
      assert.equal((await tokenClient.metadata.get()).id, 'workflow-tui');
    } finally {
      await tokenClient.stop();
    }
  });
});
