/**
 * Through the real SDK with several WorkflowRuntimes on one sidecar: work waits until a
 * worker connects, an activity in flight on a worker that disconnects is re-delivered to
 * the next one, and each work item reaches a worker that has the workflow or activity —
 * with none, the instance waits instead of failing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { WorkflowRuntime } from '@dapr/dapr';
import { deferred, startSidecar, statusOf, waitUntil, type SidecarHarness, type TestWorkflow } from '../../helpers/sidecar-harness.js';

let sidecar: SidecarHarness;
const hung = deferred<string>();
const invocations: string[] = [];

const workflows: Record<string, TestWorkflow> = {
  async *greet(ctx, name: string) {
    return yield ctx.callActivity('hello', name);
  },
  async *fragileFlow(ctx) {
    return yield ctx.callActivity('fragile');
  },
  async *routed(ctx) {
    const a = yield ctx.callActivity('onlyOnA');
    const b = yield ctx.callActivity('onlyOnB');
    return [a, b];
  },
  async *ghostCaller(ctx) {
    return yield ctx.callActivity('ghostActivity');
  },
  async *ghostWorkflow() {
    return 'found a home';
  },
};

/**
 * Simulates a worker process that dies: its work-item stream is cut and the SDK told not to
 * reconnect, while the activity it was running never reports back.
 */
function cutWorkerStream(runtime: WorkflowRuntime): void {
  const worker = (runtime as unknown as { worker: { _stopWorker: boolean; _responseStream?: { cancel(): void } } }).worker;
  worker._stopWorker = true;
  worker._responseStream?.cancel();
}

before(async () => {
  sidecar = await startSidecar();
});

after(async () => {
  hung.resolve('released at teardown');
  await sidecar.close();
});

describe('work item delivery', () => {
  it('queues work until a worker connects', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('greet', 'early');
    // No worker yet: nothing can run. Give the sidecar a moment to prove it waits.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.match(await statusOf(sidecar.client, id), /^(PENDING|RUNNING)$/);
    await sidecar.startRuntime({ workflows: { greet: workflows.greet! }, activities: { hello: (_ctx, name: string) => `hello ${name}` } });
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(state?.serializedOutput, '"hello early"');
  });

  it('re-delivers an activity whose worker disconnected to the next worker', async () => {
    const first = await sidecar.startRuntime({
      workflows: { fragileFlow: workflows.fragileFlow! },
      activities: {
        fragile: () => {
          invocations.push('first worker');
          return hung.promise;
        },
      },
    });
    const id = await sidecar.client.scheduleNewWorkflow('fragileFlow');
    await waitUntil(() => invocations.includes('first worker'), { what: 'the first worker to start the activity' });
    cutWorkerStream(first);

    await sidecar.startRuntime({
      workflows: { fragileFlow: workflows.fragileFlow! },
      activities: {
        fragile: () => {
          invocations.push('second worker');
          return 'done by the second worker';
        },
      },
    });
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 15);
    assert.equal(state?.serializedOutput, '"done by the second worker"');
    assert.deepEqual(invocations, ['first worker', 'second worker'], 'the activity ran again (at-least-once)');
  });

  it('sends each work item to a worker that has the workflow or activity', async () => {
    const ranOn: string[] = [];
    await sidecar.startRuntime({
      workflows: { routed: workflows.routed! },
      activities: { onlyOnA: () => (ranOn.push('A'), 'a') },
    });
    await sidecar.startRuntime({ activities: { onlyOnB: () => (ranOn.push('B'), 'b') } });
    const id = await sidecar.client.scheduleNewWorkflow('routed');
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 15);
    assert.equal(state?.serializedOutput, '["a","b"]', state?.workflowFailureDetails?.getErrorMessage());
    assert.deepEqual(ranOn, ['A', 'B']);
  });

  it('keeps an instance waiting, not failed, while no worker has its activity', async () => {
    await sidecar.startRuntime({ workflows: { ghostCaller: workflows.ghostCaller! } });
    const id = await sidecar.client.scheduleNewWorkflow('ghostCaller');
    await waitUntil(async () => (await statusOf(sidecar.client, id)) === 'RUNNING', { what: 'the workflow to start' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await statusOf(sidecar.client, id), 'RUNNING');
    await sidecar.startRuntime({ activities: { ghostActivity: () => 'finally someone' } });
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 15);
    assert.equal(state?.serializedOutput, '"finally someone"', state?.workflowFailureDetails?.getErrorMessage());
  });

  it('keeps an instance waiting, not failed, while no worker has its workflow', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('ghostWorkflow');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.match(await statusOf(sidecar.client, id), /^(PENDING|RUNNING)$/);
    await sidecar.startRuntime({ workflows: { ghostWorkflow: workflows.ghostWorkflow! } });
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 15);
    assert.equal(state?.serializedOutput, '"found a home"', state?.workflowFailureDetails?.getErrorMessage());
  });
});
