/**
 * Through the real SDK: continue-as-new restarts the same instance ID with new input and the
 * events it carries over, and waiting for completion does not return for the runs in between.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getInstanceHistoryMethod, historyFromPb } from '../../../src/protocol/index.js';
import { startSidecar, statusName, type SidecarHarness, type TestWorkflow } from '../../helpers/sidecar-harness.js';

let sidecar: SidecarHarness;
const runsSeen: number[] = [];

const workflows: Record<string, TestWorkflow> = {
  async *counter(ctx, round: number) {
    if (!ctx.isReplaying()) runsSeen.push(round);
    yield ctx.createTimer(new Date(ctx.getCurrentUtcDateTime().getTime() + 50));
    if (round < 3) {
      ctx.continueAsNew(round + 1, false);
      return;
    }
    return `finished after round ${round}`;
  },
  async *collector(ctx, input: { got: unknown[] } | undefined) {
    const got = [...(input?.got ?? [])];
    got.push(yield ctx.waitForExternalEvent('item'));
    if (got.length < 3) {
      ctx.continueAsNew({ got }, true);
      return;
    }
    return got;
  },
};

before(async () => {
  sidecar = await startSidecar();
  await sidecar.startRuntime({ workflows });
});

after(() => sidecar.close());

describe('continue-as-new', () => {
  it('restarts the same ID with the new input; the wait returns only for the last run', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('counter', 0, 'counter-1');
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(statusName(state), 'COMPLETED');
    assert.equal(state?.instanceId, 'counter-1');
    assert.equal(state?.serializedInput, '3');
    assert.equal(state?.serializedOutput, '"finished after round 3"');
    assert.deepEqual(runsSeen, [0, 1, 2, 3]);
  });

  it('carries events the run did not consume over to the next run, in order', async () => {
    // Start a little later so every event is already waiting when the first run starts.
    const id = await sidecar.client.scheduleNewWorkflow('collector', undefined, 'collector-1', new Date(Date.now() + 300));
    for (const item of [1, 2, 3]) await sidecar.client.raiseEvent(id, 'item', item);
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(statusName(state), 'COMPLETED');
    assert.equal(state?.serializedOutput, '[1,2,3]');

    const events = historyFromPb((await sidecar.call(getInstanceHistoryMethod, { instanceId: id })).events);
    const started = events.find((event) => event.kind === 'ExecutionStarted');
    assert.ok(started?.kind === 'ExecutionStarted');
    assert.equal(started.input, '{"got":[1,2]}', 'the history is that of the last run');
  });

  it('delivers events raised between runs to the next run', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('collector', undefined, 'collector-2');
    for (const item of ['x', 'y', 'z']) {
      await sidecar.client.raiseEvent(id, 'item', item);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(state?.serializedOutput, '["x","y","z"]');
  });
});
