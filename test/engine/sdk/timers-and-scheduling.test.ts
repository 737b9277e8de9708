/**
 * Through the real SDK: durable timers never fire early, a timer that comes due after the
 * workflow finished changes nothing, and a scheduled start keeps the instance PENDING until
 * its time.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getInstanceHistoryMethod, historyFromPb } from '../../../src/protocol/index.js';
import type { HistoryEvent } from '../../../src/model/index.js';
import { startSidecar, statusName, statusOf, type SidecarHarness, type TestWorkflow } from '../../helpers/sidecar-harness.js';

let sidecar: SidecarHarness;

const workflows: Record<string, TestWorkflow> = {
  async *sleeper(ctx, delayMs: number) {
    const fireAt = ctx.getCurrentUtcDateTime().getTime() + delayMs;
    yield ctx.createTimer(new Date(fireAt));
    const wokeAt: number = yield ctx.callActivity('now');
    return { fireAt, wokeAt };
  },
  async *secondsSleeper(ctx) {
    const startedAt = ctx.getCurrentUtcDateTime().getTime();
    yield ctx.createTimer(0.3);
    return ctx.getCurrentUtcDateTime().getTime() - startedAt;
  },
  async *eventOrTimeout(ctx, timeoutMs: number) {
    const timeout = ctx.createTimer(new Date(ctx.getCurrentUtcDateTime().getTime() + timeoutMs));
    const event = ctx.waitForExternalEvent('go');
    const winner = yield ctx.whenAny([event, timeout]);
    return winner === event ? 'event' : 'timeout';
  },
  async *startedAt(ctx) {
    return ctx.getCurrentUtcDateTime().getTime();
  },
};

async function history(instanceId: string): Promise<HistoryEvent[]> {
  const response = await sidecar.call(getInstanceHistoryMethod, { instanceId });
  return historyFromPb(response.events);
}

before(async () => {
  sidecar = await startSidecar();
  await sidecar.startRuntime({ workflows, activities: { now: () => Date.now() } });
});

after(() => sidecar.close());

describe('durable timers', () => {
  it('never fires before its due time, by the worker clock and by the history', async () => {
    const scheduledAt = Date.now();
    const id = await sidecar.client.scheduleNewWorkflow('sleeper', 300);
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    const { fireAt, wokeAt } = JSON.parse(state!.serializedOutput!) as { fireAt: number; wokeAt: number };
    assert.ok(fireAt >= scheduledAt + 300, 'the timer was set 300 ms after the start');
    assert.ok(wokeAt >= fireAt, `the activity after the timer ran at ${wokeAt}, before the due time ${fireAt}`);

    const events = await history(id);
    const created = events.find((event) => event.kind === 'TimerCreated');
    const fired = events.find((event) => event.kind === 'TimerFired');
    assert.ok(created?.kind === 'TimerCreated' && fired?.kind === 'TimerFired');
    assert.equal(created.fireAt, fireAt);
    assert.equal(fired.timerId, created.eventId, 'TimerFired points back at the TimerCreated action');
    assert.ok(fired.timestamp >= fireAt, 'TimerFired is recorded no earlier than its due time');
    const turnStart = events.slice(0, events.indexOf(fired)).reverse().find((event) => event.kind === 'OrchestratorStarted');
    assert.ok(turnStart !== undefined && turnStart.timestamp >= fireAt, 'the turn that saw the timer fire started after its due time');
  });

  it('accepts a delay in seconds, as the SDK allows, and the workflow clock moves past it', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('secondsSleeper');
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(statusName(state), 'COMPLETED');
    assert.ok(Number(state!.serializedOutput) >= 300, `workflow clock advanced ${state!.serializedOutput} ms`);
  });

  it('drops a timer that comes due after the workflow completed', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('eventOrTimeout', 300);
    await sidecar.client.raiseEvent(id, 'go');
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(state?.serializedOutput, '"event"');
    const before = await history(id);
    const created = before.find((event) => event.kind === 'TimerCreated');
    assert.ok(created?.kind === 'TimerCreated');
    // Nothing to poll for: wait past the timer's due time, then check nothing changed.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, created.fireAt - Date.now()) + 250));
    const afterDue = await sidecar.client.getWorkflowState(id, true);
    assert.equal(statusName(afterDue), 'COMPLETED');
    assert.equal(afterDue?.serializedOutput, '"event"');
    assert.deepEqual(await history(id), before);
  });

  it('lets the timer win a whenAny when no event comes', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('eventOrTimeout', 200);
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(state?.serializedOutput, '"timeout"');
  });
});

describe('scheduled start', () => {
  it('keeps the instance PENDING until its start time, then runs it no earlier', async () => {
    const startAt = new Date(Date.now() + 400);
    const id = await sidecar.client.scheduleNewWorkflow('startedAt', undefined, 'scheduled-start-1', startAt);
    assert.equal(await statusOf(sidecar.client, id), 'PENDING');
    const started = await sidecar.client.waitForWorkflowStart(id, false, 10);
    assert.ok(Date.now() >= startAt.getTime() - 5, 'waitForWorkflowStart returned before the start time');
    assert.notEqual(statusName(started), 'PENDING');
    const done = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.ok(Number(done!.serializedOutput) >= startAt.getTime(), 'the first turn ran before the start time');
  });

  it('starts at once when the start time is already past', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('startedAt', undefined, undefined, new Date(Date.now() - 60_000));
    const done = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(statusName(done), 'COMPLETED');
  });
});
