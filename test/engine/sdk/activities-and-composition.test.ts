/**
 * Through the real SDK over real gRPC: activities, fan-out/fan-in, whenAny, child workflows,
 * custom status, and failures with their details — the everyday shapes of a Dapr workflow.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  deferred,
  startSidecar,
  statusName,
  waitUntil,
  type SidecarHarness,
  type TestWorkflow,
} from '../../helpers/sidecar-harness.js';

let sidecar: SidecarHarness;
const slowGate = deferred();
const calls = { double: 0 };

const workflows: Record<string, TestWorkflow> = {
  async *sequence(ctx, input: number) {
    let value = input;
    for (let step = 0; step < 3; step += 1) value = yield ctx.callActivity('double', value);
    return value;
  },
  async *fanOut(ctx, count: number) {
    const tasks = [];
    for (let index = 1; index <= count; index += 1) tasks.push(ctx.callActivity('double', index));
    const results: number[] = yield ctx.whenAll(tasks);
    return { results, sum: results.reduce((total, value) => total + value, 0) };
  },
  async *race(ctx) {
    const slow = ctx.callActivity('slow', 'slow');
    const fast = ctx.callActivity('double', 21);
    const winner = yield ctx.whenAny([slow, fast]);
    return winner === fast ? `fast won with ${fast.getResult()}` : 'slow won';
  },
  async *parent(ctx, input: number) {
    const fromChild = yield ctx.callChildWorkflow('child', input, `${ctx.getWorkflowInstanceId()}-child`);
    return { fromChild };
  },
  async *generatedChildParent(ctx, input: number) {
    const fromChild = yield ctx.callChildWorkflow('child', input);
    return { fromChild };
  },
  async *child(ctx, input: number) {
    const doubled = yield ctx.callActivity('double', input);
    return doubled + 1;
  },
  async *failingChildParent(ctx) {
    try {
      yield ctx.callChildWorkflow('failing', undefined);
      return 'child did not fail';
    } catch (error) {
      return `caught: ${(error as Error).message}`;
    }
  },
  async *failing(ctx) {
    yield ctx.callActivity('decline', 'card-1');
    return 'unreachable';
  },
  async *recovering(ctx) {
    try {
      yield ctx.callActivity('decline', 'card-2');
      return 'unreachable';
    } catch (error) {
      return `recovered from: ${(error as Error).message}`;
    }
  },
  async *throwing() {
    throw new TypeError('bad input shape');
  },
  async *statusReporter(ctx) {
    ctx.setCustomStatus('{"stage":"waiting for approval","percent":50}');
    const decision = yield ctx.waitForExternalEvent('approval');
    ctx.setCustomStatus('done');
    return decision;
  },
  async *noActivities(_ctx, input: { name: string }) {
    return `hello ${input.name}`;
  },
};

before(async () => {
  sidecar = await startSidecar();
  await sidecar.startRuntime({
    workflows,
    activities: {
      double: (_ctx, value: number) => {
        calls.double += 1;
        return value * 2;
      },
      slow: async () => {
        await slowGate.promise;
        return 'finally';
      },
      decline: (_ctx, card: string) => {
        throw new Error(`card ${card} declined`);
      },
    },
  });
});

after(async () => {
  slowGate.resolve();
  await sidecar.close();
});

describe('activities and composition', () => {
  it('runs activities in sequence, each result feeding the next', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('sequence', 3);
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(statusName(state), 'COMPLETED');
    assert.equal(state?.serializedInput, '3');
    assert.equal(state?.serializedOutput, '24');
  });

  it('fans out to parallel activities and fans in with whenAll, results in call order', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('fanOut', 8);
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(statusName(state), 'COMPLETED');
    assert.deepEqual(JSON.parse(state!.serializedOutput!), { results: [2, 4, 6, 8, 10, 12, 14, 16], sum: 72 });
  });

  it('completes whenAny with the first task to finish while the other is still running', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('race');
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(state?.serializedOutput, '"fast won with 42"');
  });

  it('runs a child workflow under the SDK-generated child ID', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('generatedChildParent', 2);
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(statusName(state), 'COMPLETED', state?.workflowFailureDetails?.getErrorMessage());
    assert.deepEqual(JSON.parse(state!.serializedOutput!), { fromChild: 5 });
  });

  it('runs a child workflow and returns its output to the parent', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('parent', 5, 'parent-of-one');
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.deepEqual(JSON.parse(state!.serializedOutput!), { fromChild: 11 });
    const child = await sidecar.client.getWorkflowState('parent-of-one-child', true);
    assert.equal(statusName(child), 'COMPLETED');
    assert.equal(child?.name, 'child');
    assert.equal(child?.serializedOutput, '11');
  });

  it('lets a parent catch the failure of its child workflow', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('failingChildParent');
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(statusName(state), 'COMPLETED');
    assert.match(state!.serializedOutput!, /caught: .*card card-1 declined/);
  });

  it('marks a workflow FAILED with failure details when an activity failure goes unhandled', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('failing');
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(statusName(state), 'FAILED');
    const details = state?.workflowFailureDetails;
    assert.ok(details, 'failure details are kept on the FAILED instance');
    assert.match(details.getErrorMessage(), /card card-1 declined/);
    assert.ok(details.getErrorType().length > 0);
    assert.equal(state?.serializedOutput, undefined);
  });

  it('keeps the error type, message and stack of an exception thrown by the workflow itself', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('throwing');
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(statusName(state), 'FAILED');
    assert.equal(state?.workflowFailureDetails?.getErrorType(), 'TypeError');
    assert.equal(state?.workflowFailureDetails?.getErrorMessage(), 'bad input shape');
    assert.match(state?.workflowFailureDetails?.getStackTrace() ?? '', /TypeError: bad input shape/);
  });

  it('lets a workflow catch an activity failure and complete', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('recovering');
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(statusName(state), 'COMPLETED');
    assert.match(state!.serializedOutput!, /recovered from: .*card card-2 declined/);
  });

  it('stores the custom status verbatim while the workflow runs and after it completes', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('statusReporter');
    const running = await waitUntil(
      async () => {
        const state = await sidecar.client.getWorkflowState(id, true);
        return state?.customStatus !== undefined && state.customStatus !== '' ? state : undefined;
      },
      { what: 'the custom status' },
    );
    assert.equal(statusName(running), 'RUNNING');
    assert.equal(running.customStatus, '{"stage":"waiting for approval","percent":50}');
    await sidecar.client.raiseEvent(id, 'approval', { approved: true });
    const done = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(done?.customStatus, 'done');
    assert.equal(done?.serializedOutput, '{"approved":true}');
  });

  it('completes a workflow that schedules nothing with its return value', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('noActivities', { name: 'ada' });
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(state?.serializedOutput, '"hello ada"');
    assert.ok(state!.lastUpdatedAt.getTime() >= state!.createdAt.getTime());
  });
});
