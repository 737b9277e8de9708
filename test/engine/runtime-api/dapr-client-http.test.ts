/**
 * The JS SDK's `DaprClient` over HTTP against the embedded sidecar, as an app written against
 * it uses daprd: the client probes `GET /v1.0/metadata` before its first call, then manages
 * workflows (start, get, pause, resume, raise, terminate, purge) that the real SDK's
 * WorkflowRuntime runs. Also the metadata API itself: daprd's fields that apply, connected
 * workers, and extended metadata set over HTTP and read back over gRPC (one record).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CommunicationProtocolEnum, DaprClient, type WorkflowRuntime } from '@dapr/dapr';
import { daprRuntimeMethod, type GetMetadataRequest, type GetMetadataResponse } from '../../../src/protocol/dapr-runtime-service.js';
import { startSidecar, waitUntil, type SidecarHarness } from '../../helpers/sidecar-harness.js';
import { testActivities, testWorkflows } from '../../client/test-workflows.js';

let sidecar: SidecarHarness;
let runtime: WorkflowRuntime;
let client: DaprClient;
let httpBase: string;

/** GET /v1.0/metadata as JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function metadata(): Promise<any> {
  const response = await fetch(`${httpBase}/v1.0/metadata`);
  assert.equal(response.status, 200);
  return response.json();
}

/** The Dapr error code of a rejection the SDK's HTTP client threw (it wraps daprd's body in its message). */
function daprErrorOf(error: unknown): { status: number; errorCode: string; message: string } {
  const outer = JSON.parse((error as Error).message) as { status: number; error_msg: string };
  const inner = JSON.parse(outer.error_msg) as { errorCode: string; message: string };
  return { status: outer.status, ...inner };
}

describe('DaprClient (HTTP) on the embedded sidecar', () => {
  before(async () => {
    sidecar = await startSidecar({ httpPort: 0 });
    httpBase = `http://127.0.0.1:${sidecar.engine.httpPort}`;
    runtime = await sidecar.startRuntime({ workflows: testWorkflows, activities: testActivities });
    client = new DaprClient({
      daprHost: '127.0.0.1',
      daprPort: String(sidecar.engine.httpPort),
      communicationProtocol: CommunicationProtocolEnum.HTTP,
    });
  });
  after(async () => {
    await client?.stop();
    await sidecar?.close();
  });

  it('starts at once: its probe of /v1.0/metadata is answered', async () => {
    const startedAt = Date.now();
    await client.start();
    assert.ok(client.getIsInitialized());
    // Against a sidecar without the metadata route the SDK retries for a minute, then fails.
    assert.ok(Date.now() - startedAt < 5_000, `start took ${Date.now() - startedAt} ms`);
  });

  it('reads what daprd reports that applies: app ID, version, no actors, connected workers', async () => {
    const body = await waitUntil(async () => {
      const current = await metadata();
      return current.workflows?.connectedWorkers === 1 ? current : undefined;
    }, { what: 'one connected worker in the metadata' });
    assert.equal(body.id, 'workflow-tui');
    assert.equal(typeof body.runtimeVersion, 'string');
    assert.notEqual(body.runtimeVersion, '');
    assert.equal(body.extended.daprRuntimeVersion, body.runtimeVersion);
    assert.deepEqual(body.actorRuntime, { runtimeStatus: 'DISABLED', hostReady: false });
    assert.deepEqual(body.appConnectionProperties, {});
    // No fake components, subscriptions or endpoints: the embedded sidecar has none.
    assert.equal(body.components, undefined);
    assert.equal(body.subscriptions, undefined);
    assert.equal(body.httpEndpoints, undefined);

    const viaSdk = (await client.metadata.get()) as unknown as { id: string };
    assert.equal(viaSdk.id, 'workflow-tui');
  });

  it('runs a workflow through start, get, pause, resume and raise', async () => {
    const instanceId = await client.workflow.start('Approval', { order: 7 }, 'http-approval-1');
    assert.equal(instanceId, 'http-approval-1');

    const started = await client.workflow.get(instanceId);
    assert.equal(started.instanceID, instanceId);
    assert.equal(started.workflowName, 'Approval');
    assert.ok(['PENDING', 'RUNNING'].includes(started.runtimeStatus as unknown as string));
    assert.equal(started.properties['dapr.workflow.input'], '{"order":7}');
    assert.ok(started.createdAt instanceof Date && !Number.isNaN(started.createdAt.getTime()));

    await waitUntil(async () => (await client.workflow.get(instanceId)).runtimeStatus as unknown === 'RUNNING', { what: 'RUNNING' });
    await client.workflow.pause(instanceId);
    assert.equal((await client.workflow.get(instanceId)).runtimeStatus, 'SUSPENDED');
    await client.workflow.resume(instanceId);
    assert.equal((await client.workflow.get(instanceId)).runtimeStatus, 'RUNNING');

    await client.workflow.raise(instanceId, 'Approval', { approved: true });
    const done = await waitUntil(async () => {
      const state = await client.workflow.get(instanceId);
      return (state.runtimeStatus as unknown) === 'COMPLETED' ? state : undefined;
    }, { what: `${instanceId} to complete` });
    assert.equal(done.properties['dapr.workflow.output'], '{"decision":{"approved":true}}');
  });

  it('terminates a running workflow and purges it; a purged instance is not found', async () => {
    const instanceId = await client.workflow.start('Approval', undefined, 'http-approval-2');
    await client.workflow.terminate(instanceId);
    assert.equal((await client.workflow.get(instanceId)).runtimeStatus, 'TERMINATED');

    await client.workflow.purge(instanceId);
    const error = await client.workflow.get(instanceId).then(
      () => assert.fail('a purged instance was still found'),
      (rejection: unknown) => daprErrorOf(rejection),
    );
    assert.equal(error.status, 404);
    assert.equal(error.errorCode, 'ERR_INSTANCE_ID_NOT_FOUND');
  });

  it('refuses a purge of a running workflow with Dapr\'s error', async () => {
    const instanceId = await client.workflow.start('Approval', undefined, 'http-approval-3');
    const error = await client.workflow.purge(instanceId).then(
      () => assert.fail('a running instance was purged'),
      (rejection: unknown) => daprErrorOf(rejection),
    );
    assert.equal(error.errorCode, 'ERR_PURGE_WORKFLOW');
    await client.workflow.terminate(instanceId);
  });

  it('keeps extended metadata set over HTTP, and gRPC GetMetadata reads the same record', async () => {
    assert.equal(await client.metadata.set('course', 'dapr workflows'), true);
    assert.equal((await metadata()).extended.course, 'dapr workflows');

    const viaGrpc = await sidecar.call(daprRuntimeMethod<GetMetadataRequest, GetMetadataResponse>('GetMetadata'), {});
    assert.equal(viaGrpc.extendedMetadata.course, 'dapr workflows');
  });

  it('answers 405 for a metadata request with the wrong method', async () => {
    const response = await fetch(`${httpBase}/v1.0/metadata`, { method: 'POST' });
    assert.equal(response.status, 405);
    assert.equal(((await response.json()) as { errorCode: string }).errorCode, 'ERR_METHOD_NOT_ALLOWED');
  });

  it('counts connected workers as they come and go', async () => {
    await sidecar.stopRuntime(runtime);
    await waitUntil(async () => (await metadata()).workflows.connectedWorkers === 0, { what: 'no connected worker' });
    runtime = await sidecar.startRuntime({ workflows: testWorkflows, activities: testActivities });
    await waitUntil(async () => (await metadata()).workflows.connectedWorkers === 1, { what: 'one connected worker again' });
  });
});
