/**
 * The real Dapr, side by side: placement, scheduler and daprd (built by `npm run dapr:build`)
 * on loopback with a SQLite actor state store, workflows hosted by the real SDK's
 * WorkflowRuntime, driven by the SDK's DaprWorkflowClient and by the console's own client
 * (ListInstanceIDs and GetInstanceHistory, which daprd serves since 1.17), on the console's
 * grpc-js channel and on the verbs' node:http2 transport.
 *
 * Without the binaries every test here is skipped, with a message saying how to build them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DaprWorkflowClient, WorkflowRuntime, WorkflowRuntimeStatus } from '@dapr/dapr';
import {
  findRealDaprBinaries,
  REAL_DAPR_VERSION,
  realDaprBinDir,
  startRealDapr,
  type RealDapr,
} from '../../scripts/real-dapr/real-dapr.js';
import { connectSidecar, type SidecarConnection } from '../../src/client/grpc-client.js';
import { Http2Transport } from '../../src/client/http2-transport.js';
import { openSidecarConnection } from '../../src/client/sidecar-connection.js';
import { InstanceNotFoundError, UnauthorizedError, UnsupportedBySidecarError } from '../../src/client/errors.js';
import { createTracker } from '../../src/tracker/index.js';
import { quietSdkLogs, waitUntil, type TestWorkflow } from '../helpers/sidecar-harness.js';
import { testActivities, testWorkflows } from '../client/test-workflows.js';

const API_TOKEN = 'real-dapr-test-token';

const skip = findRealDaprBinaries()
  ? false
  : `the Dapr ${REAL_DAPR_VERSION} binaries are not built (nothing in ${realDaprBinDir()}): run \`npm run dapr:build\` to run these tests against a real daprd`;
if (skip) process.stderr.write(`\n*** SKIPPING the real Dapr tests: ${skip} ***\n\n`);

/** Greets through an activity, then waits for the `approval` event and returns both. */
const approvedGreeting: TestWorkflow = async function* (ctx, input: { name: string }) {
  const greeting = yield ctx.callActivity('greet', input.name);
  const approval = yield ctx.waitForExternalEvent('approval');
  return { greeting, approval };
};

describe(`a real Dapr ${REAL_DAPR_VERSION} (daprd, placement, scheduler)`, () => {
  let dapr: RealDapr;
  let runtime: WorkflowRuntime;
  let sdkClient: DaprWorkflowClient;
  let client: SidecarConnection;
  let releaseConsole: () => void;

  before(async () => {
    if (skip) return;
    releaseConsole = quietSdkLogs();
    dapr = await startRealDapr({ apiToken: API_TOKEN });
    const sdkOptions = { daprHost: '127.0.0.1', daprPort: String(dapr.grpcPort), daprApiToken: API_TOKEN };
    runtime = new WorkflowRuntime(sdkOptions);
    runtime.registerWorkflowWithName('ApprovedGreeting', approvedGreeting);
    for (const [name, workflow] of Object.entries(testWorkflows)) runtime.registerWorkflowWithName(name, workflow);
    for (const [name, activity] of Object.entries(testActivities)) runtime.registerActivityWithName(name, activity);
    await runtime.start();
    sdkClient = new DaprWorkflowClient(sdkOptions);
    client = connectSidecar({ address: dapr.grpcAddress, useTls: false, origin: 'test', apiToken: API_TOKEN });
  });

  after(async () => {
    await Promise.allSettled([client?.close(), sdkClient?.stop(), runtime?.stop()]);
    await dapr?.stop();
    releaseConsole?.();
  });

  it('reports the pinned version', { skip }, () => {
    assert.equal(dapr.version, REAL_DAPR_VERSION);
  });

  it('runs a workflow through an activity and an external event, then purges it (JS SDK)', { skip }, async () => {
    const instanceId = await sdkClient.scheduleNewWorkflow('ApprovedGreeting', { name: 'Ada' }, 'real-dapr-approved');
    assert.equal(instanceId, 'real-dapr-approved');
    await waitUntil(async () => (await sdkClient.getWorkflowState(instanceId, false))?.runtimeStatus === WorkflowRuntimeStatus.RUNNING, { timeoutMs: 30_000, intervalMs: 100, what: 'the workflow to run' });
    await sdkClient.raiseEvent(instanceId, 'approval', { approvedBy: 'Lin' });

    const finished = await sdkClient.waitForWorkflowCompletion(instanceId, true, 60);
    assert.equal(finished?.runtimeStatus, WorkflowRuntimeStatus.COMPLETED);
    assert.deepEqual(JSON.parse(finished!.serializedOutput!), { greeting: 'Hello, Ada!', approval: { approvedBy: 'Lin' } });
    assert.equal(finished?.name, 'ApprovedGreeting');

    assert.equal(await sdkClient.purgeWorkflow(instanceId), true);
    assert.equal(await sdkClient.getWorkflowState(instanceId, false), undefined);
  });

  it('lists instance IDs and reads the history through the console\'s client (Dapr 1.17+ RPCs)', { skip }, async () => {
    const instanceId = await client.start('Greeter', { instanceId: 'real-dapr-listed', input: '{"name":"Hal"}' });
    const finished = await client.waitForCompletion(instanceId, 60_000);
    assert.equal(finished.status, 'COMPLETED');
    assert.equal(finished.output, '"Hello, Hal!"');

    assert.ok((await client.listInstanceIds()).includes(instanceId));
    const listed = (await client.listInstances({ includePayloads: true })).find((instance) => instance.instanceId === instanceId);
    assert.equal(listed?.status, 'COMPLETED');

    const kinds = (await client.history(instanceId)).map((event) => event.kind);
    assert.ok(kinds.includes('ExecutionStarted'), kinds.join(', '));
    assert.ok(kinds.indexOf('TaskScheduled') < kinds.indexOf('TaskCompleted'), kinds.join(', '));
    assert.equal(kinds.at(-1), 'ExecutionCompleted');

    await client.purge(instanceId);
    assert.equal(await client.get(instanceId, false), undefined);
    assert.ok(!(await client.listInstanceIds()).includes(instanceId));
  });

  it('suspends, resumes and terminates through the console\'s client', { skip }, async () => {
    const instanceId = await client.start('Approval', { instanceId: 'real-dapr-lifecycle' });
    await waitUntil(async () => (await client.get(instanceId, false))?.status === 'RUNNING', { timeoutMs: 30_000, intervalMs: 100, what: 'RUNNING' });
    await client.suspend(instanceId, 'checking');
    await waitUntil(async () => (await client.get(instanceId, false))?.status === 'SUSPENDED', { timeoutMs: 30_000, intervalMs: 100, what: 'SUSPENDED' });
    await client.resume(instanceId);
    await waitUntil(async () => (await client.get(instanceId, false))?.status === 'RUNNING', { timeoutMs: 30_000, intervalMs: 100, what: 'RUNNING' });
    await client.terminate(instanceId, '{"by":"test"}');
    const finished = await client.waitForCompletion(instanceId, 60_000);
    assert.equal(finished.status, 'TERMINATED');
    assert.deepEqual(JSON.parse(finished.output!), { by: 'test' });
    await client.purge(instanceId);
  });

  // daprd answers these with gRPC UNKNOWN (or a bare Go error text); the client maps them to
  // the typed errors, with the embedded sidecar's sentences.
  it('says QueryInstances and the embedded change feed are not served by daprd (UnsupportedBySidecarError)', { skip }, async () => {
    await assert.rejects(client.queryInstances(), UnsupportedBySidecarError);
    await assert.rejects(client.readChanges(undefined), UnsupportedBySidecarError);
  });

  it('says purge by filter is not served by daprd (UnsupportedBySidecarError)', { skip }, async () => {
    await assert.rejects(client.purgeWhere({ createdBefore: new Date() }), UnsupportedBySidecarError);
  });

  it('maps daprd\'s "no such instance exists" to InstanceNotFoundError with the embedded sidecar\'s sentence', { skip }, async () => {
    const missing = { name: 'InstanceNotFoundError', message: 'No workflow instance with the ID "real-dapr-missing" exists.' };
    await assert.rejects(client.suspend('real-dapr-missing'), missing);
    await assert.rejects(client.terminate('real-dapr-missing'), missing);
    await assert.rejects(client.raiseEvent('real-dapr-missing', 'approval'), missing);
    await assert.rejects(client.purge('real-dapr-missing'), InstanceNotFoundError);
  });

  it('refuses a taken ID, a purge of a running instance, a second suspend and a resume of a running instance in one sentence each', { skip }, async () => {
    const instanceId = await client.start('Approval', { instanceId: 'real-dapr-conflicts' });
    await waitUntil(async () => (await client.get(instanceId, false))?.status === 'RUNNING', { timeoutMs: 30_000, intervalMs: 100, what: 'RUNNING' });
    await assert.rejects(client.start('Approval', { instanceId }), {
      name: 'ConflictError',
      message: 'An instance with the ID "real-dapr-conflicts" already exists.',
    });
    await assert.rejects(client.purge(instanceId), {
      name: 'ConflictError',
      message: 'The instance "real-dapr-conflicts" has not finished; only finished instances (COMPLETED, FAILED, TERMINATED) can be purged.',
    });
    await assert.rejects(client.resume(instanceId), {
      name: 'ConflictError',
      message: 'The instance "real-dapr-conflicts" is RUNNING; only SUSPENDED instances can be resumed.',
    });
    await client.suspend(instanceId);
    await waitUntil(async () => (await client.get(instanceId, false))?.status === 'SUSPENDED', { timeoutMs: 30_000, intervalMs: 100, what: 'SUSPENDED' });
    await assert.rejects(client.suspend(instanceId), {
      name: 'ConflictError',
      message: 'The instance "real-dapr-conflicts" is SUSPENDED; only RUNNING or PENDING instances can be suspended.',
    });
    const kinds = (await client.history(instanceId)).map((event) => event.kind);
    assert.equal(kinds.filter((kind) => kind === 'ExecutionSuspended').length, 1, kinds.join(', '));
    assert.ok(!kinds.includes('ExecutionResumed'), kinds.join(', '));
    await client.terminate(instanceId);
    await client.waitForCompletion(instanceId, 60_000);
    await client.purge(instanceId);
  });

  it('keeps the console tracker polling against daprd (no change feed), with the instances listed', { skip }, async () => {
    const instanceId = await client.start('Greeter', { instanceId: 'real-dapr-tracked', input: '{"name":"Tracy"}' });
    await client.waitForCompletion(instanceId, 60_000);
    const tracker = createTracker({ client, refreshMs: 60_000 });
    try {
      tracker.start();
      await waitUntil(() => tracker.snapshot().instances.some((row) => row.instanceId === instanceId), { timeoutMs: 30_000, what: 'the tracked instance' });
      const snapshot = tracker.snapshot();
      assert.equal(snapshot.refreshMode, 'polling');
      assert.equal(snapshot.connection.status, 'connected');
      assert.ok(snapshot.sweepMs !== undefined && snapshot.sweepMs >= 60_000);
    } finally {
      tracker.stop();
    }
    await client.purge(instanceId);
  });

  it('fills the tracker\'s custom status / output cell for rows on screen although daprd\'s GetInstance without payloads omits them', { skip }, async () => {
    const staged = await client.start('Staged', { instanceId: 'real-dapr-staged' });
    const failing = await client.start('Failing', { instanceId: 'real-dapr-failing' });
    await waitUntil(async () => (await client.get(staged, true))?.customStatus !== undefined, { timeoutMs: 30_000, intervalMs: 100, what: 'the custom status' });
    assert.equal((await client.waitForCompletion(failing, 60_000)).status, 'FAILED');
    // daprd 1.18 answers GetInstance without payloads with neither the custom status nor the failure.
    assert.equal((await client.get(failing, false))?.failure, undefined, 'daprd now sends failure details without payloads');

    const tracker = createTracker({ client, refreshMs: 60_000 });
    try {
      tracker.prioritize([staged, failing]);
      tracker.start();
      const row = (id: string) => tracker.snapshot().instances.find((instance) => instance.instanceId === id);
      await waitUntil(() => row(staged)?.preview !== undefined && row(failing)?.preview !== undefined, { timeoutMs: 30_000, what: 'the previews of the rows on screen' });
      assert.equal(tracker.snapshot().refreshMode, 'polling');
      assert.equal(tracker.snapshot().selectedId, undefined, 'no row is selected');
      assert.equal(row(staged)?.preview, 'waiting for go');
      assert.match(row(failing)?.preview ?? '', /card card-1 was declined/);
      assert.equal(row(staged)?.input, undefined, 'rows carry no payloads');
    } finally {
      tracker.stop();
    }
    await client.raiseEvent(staged, 'Go');
    await client.waitForCompletion(staged, 60_000);
    await client.purge(staged);
    await client.purge(failing);
  });

  it('serves the verbs\' node:http2 transport alike: every call, daprd\'s refusals and the API token', { skip }, async () => {
    const target = { address: dapr.grpcAddress, useTls: false, origin: 'test', apiToken: API_TOKEN };
    const verbs = openSidecarConnection(target, new Http2Transport(target));
    const anonymous = openSidecarConnection({ ...target, apiToken: undefined }, new Http2Transport({ ...target, apiToken: undefined }));
    try {
      const greeted = await verbs.start('Greeter', { instanceId: 'real-dapr-http2-greeted', input: '{"name":"Ida"}' });
      assert.equal((await verbs.waitForCompletion(greeted, 60_000)).output, '"Hello, Ida!"');
      assert.ok((await verbs.listInstances({})).some((instance) => instance.instanceId === greeted));
      assert.equal((await verbs.history(greeted)).at(-1)?.kind, 'ExecutionCompleted');

      const approval = await verbs.start('Approval', { instanceId: 'real-dapr-http2-approval' });
      await waitUntil(async () => (await verbs.get(approval, false))?.status === 'RUNNING', { timeoutMs: 30_000, intervalMs: 100, what: 'RUNNING' });
      await verbs.suspend(approval, 'checking');
      await waitUntil(async () => (await verbs.get(approval, false))?.status === 'SUSPENDED', { timeoutMs: 30_000, intervalMs: 100, what: 'SUSPENDED' });
      await verbs.resume(approval);
      await waitUntil(async () => (await verbs.get(approval, false))?.status === 'RUNNING', { timeoutMs: 30_000, intervalMs: 100, what: 'RUNNING' });
      await verbs.raiseEvent(approval, 'Approval', '{"approved":true}');
      assert.equal((await verbs.waitForCompletion(approval, 60_000)).status, 'COMPLETED');

      await assert.rejects(verbs.terminate('real-dapr-http2-missing'), {
        name: 'InstanceNotFoundError',
        message: 'No workflow instance with the ID "real-dapr-http2-missing" exists.',
      });
      await assert.rejects(verbs.queryInstances(), UnsupportedBySidecarError);
      await assert.rejects(anonymous.listInstanceIds(), UnauthorizedError);
      for (const id of [greeted, approval]) await verbs.purge(id);
      assert.equal(await verbs.get(greeted, false), undefined);
    } finally {
      await verbs.close();
      await anonymous.close();
    }
  });

  it('refuses a call without the API token', { skip }, async () => {
    const anonymous = connectSidecar({ address: dapr.grpcAddress, useTls: false, origin: 'test' });
    try {
      await assert.rejects(anonymous.listInstanceIds(), UnauthorizedError);
    } finally {
      await anonymous.close();
    }
  });
});
