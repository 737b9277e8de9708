/**
 * Through the real SDK (and the raw RPC where the SDK has no wrapper): purge removes only
 * finished instances, recursively, refuses unknown IDs, and by filter reports its count;
 * the state of an unknown or purged instance is "does not exist", never an error.
 */
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { after, before, describe, it } from 'node:test';
import { sidecarMethod, type wire } from '../../../src/protocol/index.js';
import { pb, sdkTimestamp, TaskHubSidecarServiceService } from '../../helpers/sdk-proto.js';
import { startSidecar, statusOf, waitForStatus, type SidecarHarness, type TestWorkflow } from '../../helpers/sidecar-harness.js';

let sidecar: SidecarHarness;

const workflows: Record<string, TestWorkflow> = {
  async *quick(_ctx, input: unknown) {
    return input ?? 'ok';
  },
  async *broken() {
    throw new Error('always fails');
  },
  async *waitsForGo(ctx) {
    return yield ctx.waitForExternalEvent('go');
  },
  async *parentOfQuick(ctx) {
    return yield ctx.callChildWorkflow('quick', 'from child', `${ctx.getWorkflowInstanceId()}-child`);
  },
};

function purgeByFilter(filter: { from?: number; to?: number; statuses?: pb.OrchestrationStatus[] }): Promise<number> {
  const request = new pb.PurgeInstancesRequest();
  const message = new pb.PurgeInstanceFilter();
  if (filter.from !== undefined) message.setCreatedtimefrom(sdkTimestamp(filter.from));
  if (filter.to !== undefined) message.setCreatedtimeto(sdkTimestamp(filter.to));
  message.setRuntimestatusList(filter.statuses ?? []);
  request.setPurgeinstancefilter(message);
  return sidecar.call(TaskHubSidecarServiceService.purgeInstances, request).then((response) => response.getDeletedinstancecount());
}

before(async () => {
  sidecar = await startSidecar();
  await sidecar.startRuntime({ workflows });
});

after(() => sidecar.close());

describe('get state', () => {
  it('answers "does not exist" for an unknown instance', async () => {
    assert.equal(await sidecar.client.getWorkflowState('never-started', true), undefined);
    assert.equal(await statusOf(sidecar.client, 'never-started'), 'MISSING');
  });
});

describe('purge', () => {
  it('removes a completed instance, after which its state does not exist', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('quick', 1);
    await sidecar.client.waitForWorkflowCompletion(id, false, 10);
    assert.equal(await sidecar.client.purgeWorkflow(id), true);
    assert.equal(await sidecar.client.getWorkflowState(id, true), undefined);
  });

  it('removes failed and terminated instances too', async () => {
    const failed = await sidecar.client.scheduleNewWorkflow('broken');
    const terminated = await sidecar.client.scheduleNewWorkflow('waitsForGo');
    await waitForStatus(sidecar.client, terminated, 'RUNNING');
    await sidecar.client.terminateWorkflow(terminated, null);
    await sidecar.client.waitForWorkflowCompletion(failed, false, 10);
    await sidecar.client.waitForWorkflowCompletion(terminated, false, 10);
    assert.equal(await sidecar.client.purgeWorkflow(failed), true);
    assert.equal(await sidecar.client.purgeWorkflow(terminated), true);
    assert.equal(await statusOf(sidecar.client, failed), 'MISSING');
    assert.equal(await statusOf(sidecar.client, terminated), 'MISSING');
  });

  it('refuses a running instance with FAILED_PRECONDITION and keeps it', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('waitsForGo');
    await waitForStatus(sidecar.client, id, 'RUNNING');
    await assert.rejects(sidecar.client.purgeWorkflow(id), (error: { code?: number }) => error.code === status.FAILED_PRECONDITION);
    assert.equal(await statusOf(sidecar.client, id), 'RUNNING');
    await sidecar.client.raiseEvent(id, 'go');
  });

  it('refuses an unknown instance ID with NOT_FOUND', async () => {
    await assert.rejects(sidecar.client.purgeWorkflow('no-such-instance'), (error: { code?: number; details?: string }) => {
      assert.equal(error.code, status.NOT_FOUND);
      assert.match(error.details ?? '', /no-such-instance/);
      return true;
    });
  });

  it('keeps child workflows when the request does not ask for recursion (the JS SDK 3.18 cannot), as daprd does', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('parentOfQuick', undefined, 'purge-flat');
    await sidecar.client.waitForWorkflowCompletion(id, false, 10);
    assert.equal(await sidecar.client.purgeWorkflow(id), true);
    assert.equal(await statusOf(sidecar.client, 'purge-flat'), 'MISSING');
    assert.equal(await statusOf(sidecar.client, 'purge-flat-child'), 'COMPLETED');
  });

  it('removes child workflows with their parent when recursive is set', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('parentOfQuick', undefined, 'purge-parent');
    await sidecar.client.waitForWorkflowCompletion(id, false, 10);
    assert.equal(await statusOf(sidecar.client, 'purge-parent-child'), 'COMPLETED');
    const response: wire.PurgeInstancesResponse = await sidecar.call(sidecarMethod('PurgeInstances'), { instanceId: id, recursive: true });
    assert.equal(response.deletedInstanceCount, 2);
    assert.equal(await statusOf(sidecar.client, 'purge-parent'), 'MISSING');
    assert.equal(await statusOf(sidecar.client, 'purge-parent-child'), 'MISSING');
  });

  it('by filter: removes the finished instances created in the range and reports the count', async () => {
    const from = Date.now();
    const completed = await sidecar.client.scheduleNewWorkflow('quick');
    const failed = await sidecar.client.scheduleNewWorkflow('broken');
    const running = await sidecar.client.scheduleNewWorkflow('waitsForGo');
    await sidecar.client.waitForWorkflowCompletion(completed, false, 10);
    await sidecar.client.waitForWorkflowCompletion(failed, false, 10);
    await waitForStatus(sidecar.client, running, 'RUNNING');
    const to = Date.now();

    assert.equal(await purgeByFilter({ from, to, statuses: [pb.OrchestrationStatus.ORCHESTRATION_STATUS_TERMINATED] }), 0);
    assert.equal(await purgeByFilter({ from, to }), 2, 'only the two finished instances are purged');
    assert.equal(await statusOf(sidecar.client, completed), 'MISSING');
    assert.equal(await statusOf(sidecar.client, failed), 'MISSING');
    assert.equal(await statusOf(sidecar.client, running), 'RUNNING');
    await sidecar.client.raiseEvent(running, 'go');
  });

  it('by filter with statuses: removes only those statuses', async () => {
    const from = Date.now();
    const completed = await sidecar.client.scheduleNewWorkflow('quick');
    const failed = await sidecar.client.scheduleNewWorkflow('broken');
    await sidecar.client.waitForWorkflowCompletion(completed, false, 10);
    await sidecar.client.waitForWorkflowCompletion(failed, false, 10);
    const count = await purgeByFilter({ from, statuses: [pb.OrchestrationStatus.ORCHESTRATION_STATUS_FAILED] });
    assert.equal(count, 1);
    assert.equal(await statusOf(sidecar.client, failed), 'MISSING');
    assert.equal(await statusOf(sidecar.client, completed), 'COMPLETED');
  });

  it('refuses a purge request with neither an ID nor a filter', async () => {
    await assert.rejects(
      sidecar.call(TaskHubSidecarServiceService.purgeInstances, new pb.PurgeInstancesRequest()),
      (error: { code?: number }) => error.code === status.INVALID_ARGUMENT,
    );
  });
});
