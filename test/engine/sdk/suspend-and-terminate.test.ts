/**
 * Through the real SDK: suspend (SUSPENDED as soon as the call returns, events held until
 * resume), resume, and terminate (running, suspended, recursive to child workflows, late
 * activity results dropped).
 */
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { after, before, describe, it } from 'node:test';
import {
  deferred,
  startSidecar,
  statusName,
  statusOf,
  waitForStatus,
  type SidecarHarness,
  type TestWorkflow,
  waitUntil,
} from '../../helpers/sidecar-harness.js';
import { getInstanceHistoryMethod, historyFromPb, sidecarMethod } from '../../../src/protocol/index.js';

let sidecar: SidecarHarness;
const heldActivity = { started: deferred(), release: deferred<string>(), finished: deferred() };

const workflows: Record<string, TestWorkflow> = {
  async *waitsForGo(ctx) {
    return yield ctx.waitForExternalEvent('go');
  },
  async *parentOfWaiter(ctx) {
    return yield ctx.callChildWorkflow('waitsForGo', undefined, `${ctx.getWorkflowInstanceId()}-child`);
  },
  async *callsHeldActivity(ctx) {
    const result = yield ctx.callActivity('held');
    return `activity said ${result}`;
  },
};

async function historyKinds(instanceId: string): Promise<string[]> {
  return historyFromPb((await sidecar.call(getInstanceHistoryMethod, { instanceId })).events).map((event) => event.kind);
}

function grpcCode(code: status) {
  return (error: unknown) => (error as { code?: number }).code === code;
}

before(async () => {
  sidecar = await startSidecar();
  await sidecar.startRuntime({
    workflows,
    activities: {
      held: async () => {
        heldActivity.started.resolve();
        const value = await heldActivity.release.promise;
        heldActivity.finished.resolve();
        return value;
      },
    },
  });
});

after(async () => {
  heldActivity.release.resolve('released at teardown');
  await sidecar.close();
});

describe('suspend and resume', () => {
  it('is SUSPENDED as soon as the call returns, holds events until resumed, then delivers them', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('waitsForGo');
    await waitForStatus(sidecar.client, id, 'RUNNING');
    await sidecar.client.suspendWorkflow(id);
    assert.equal(await statusOf(sidecar.client, id), 'SUSPENDED');

    // As in Dapr, the suspension is in the history while the instance is suspended.
    await waitUntil(async () => (await historyKinds(id)).includes('ExecutionSuspended'), { what: 'ExecutionSuspended in history' });

    await sidecar.client.raiseEvent(id, 'go', 'held event');
    // Nothing to poll for: give a delivery the time it would take, then check none happened.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stillSuspended = await sidecar.client.getWorkflowState(id, true);
    assert.equal(statusName(stillSuspended), 'SUSPENDED');
    assert.equal(stillSuspended?.serializedOutput, undefined);

    await sidecar.client.resumeWorkflow(id);
    assert.match(await statusOf(sidecar.client, id), /^(RUNNING|COMPLETED)$/);
    const done = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(statusName(done), 'COMPLETED');
    assert.equal(done?.serializedOutput, '"held event"');
    const kinds = await historyKinds(id);
    assert.equal(kinds.filter((kind) => kind === 'ExecutionSuspended').length, 1);
    assert.ok(kinds.indexOf('ExecutionSuspended') < kinds.indexOf('EventRaised'), 'suspended before the held event');
    assert.ok(kinds.indexOf('EventRaised') < kinds.indexOf('ExecutionResumed'), 'the held event comes with the resume');
  });

  it('refuses to suspend or resume an unknown instance with NOT_FOUND', async () => {
    await assert.rejects(sidecar.client.suspendWorkflow('no-such-instance'), grpcCode(status.NOT_FOUND));
    await assert.rejects(sidecar.client.resumeWorkflow('no-such-instance'), grpcCode(status.NOT_FOUND));
  });

  it('refuses to suspend a finished instance or resume a running one with FAILED_PRECONDITION', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('waitsForGo');
    await waitForStatus(sidecar.client, id, 'RUNNING');
    await assert.rejects(sidecar.client.resumeWorkflow(id), grpcCode(status.FAILED_PRECONDITION));
    await sidecar.client.raiseEvent(id, 'go', 1);
    await sidecar.client.waitForWorkflowCompletion(id, false, 10);
    await assert.rejects(sidecar.client.suspendWorkflow(id), (error: { code?: number; details?: string }) => {
      assert.equal(error.code, status.FAILED_PRECONDITION);
      assert.match(error.details ?? '', /\S/, 'one sentence explains why');
      return true;
    });
  });
});

describe('terminate', () => {
  it('ends a running instance as TERMINATED with the given output', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('waitsForGo');
    await waitForStatus(sidecar.client, id, 'RUNNING');
    await sidecar.client.terminateWorkflow(id, { reason: 'operator said so' });
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(statusName(state), 'TERMINATED');
    assert.equal(state?.serializedOutput, '{"reason":"operator said so"}');
  });

  it('still works while the instance is suspended', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('waitsForGo');
    await waitForStatus(sidecar.client, id, 'RUNNING');
    await sidecar.client.suspendWorkflow(id);
    await sidecar.client.terminateWorkflow(id, 'stopped while suspended');
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(statusName(state), 'TERMINATED');
  });

  it('leaves child workflows running when the request does not ask for recursion (the JS SDK 3.18 cannot), as daprd does', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('parentOfWaiter', undefined, 'terminate-flat');
    await waitForStatus(sidecar.client, 'terminate-flat-child', 'RUNNING');
    await sidecar.client.terminateWorkflow(id, 'parent only');
    assert.equal(statusName(await sidecar.client.waitForWorkflowCompletion(id, false, 10)), 'TERMINATED');
    assert.equal(await statusOf(sidecar.client, 'terminate-flat-child'), 'RUNNING');
    await sidecar.client.terminateWorkflow('terminate-flat-child', undefined);
  });

  it('terminates child workflows with their parent when recursive is set', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('parentOfWaiter', undefined, 'terminate-parent');
    await waitForStatus(sidecar.client, 'terminate-parent-child', 'RUNNING');
    await sidecar.call(sidecarMethod('TerminateInstance'), { instanceId: id, output: { value: '"tree"' }, recursive: true });
    assert.equal(statusName(await sidecar.client.waitForWorkflowCompletion(id, false, 10)), 'TERMINATED');
    const child = await sidecar.client.waitForWorkflowCompletion('terminate-parent-child', false, 10);
    assert.equal(statusName(child), 'TERMINATED');
  });

  it('refuses an unknown instance with NOT_FOUND, and is a no-op on a finished one', async () => {
    await assert.rejects(sidecar.client.terminateWorkflow('no-such-instance', null), grpcCode(status.NOT_FOUND));
    const id = await sidecar.client.scheduleNewWorkflow('waitsForGo');
    await sidecar.client.raiseEvent(id, 'go', 'done');
    await sidecar.client.waitForWorkflowCompletion(id, false, 10);
    await sidecar.client.terminateWorkflow(id, 'too late');
    const state = await sidecar.client.getWorkflowState(id, true);
    assert.equal(statusName(state), 'COMPLETED');
    assert.equal(state?.serializedOutput, '"done"');
  });

  it('drops the result of an activity that finishes after its workflow was terminated', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('callsHeldActivity');
    await heldActivity.started.promise;
    await sidecar.client.terminateWorkflow(id, 'terminated mid-activity');
    const terminated = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(statusName(terminated), 'TERMINATED');

    heldActivity.release.resolve('too late');
    await heldActivity.finished.promise;
    // The worker reports the result right after the activity returns; give it that moment.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = await sidecar.client.getWorkflowState(id, true);
    assert.equal(statusName(after), 'TERMINATED');
    assert.equal(after?.serializedOutput, '"terminated mid-activity"');
  });
});
