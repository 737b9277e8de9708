/**
 * The engine core driven directly, the way the gRPC layer drives it: worker sinks that record
 * what they are sent, and answers given back as the SDK would give them. Covers dispatch
 * (caps, spreading, re-delivery, names a worker lacks), the one-turn-per-instance rule,
 * suspension, late answers, timers, waiters and reloading pending work from a file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { EngineCore } from '../../../src/engine/core/engine-core.js';
import { InstanceNotFoundError, type ActivityWorkItem, type OrchestratorWorkItem, type WorkItem } from '../../../src/model/index.js';
import { openSqliteBackend } from '../../../src/engine/sqlite/sqlite-backend.js';

/** A worker sink that keeps what it is sent. */
class RecordingWorker {
  readonly items: WorkItem[] = [];
  isOpen = true;
  readonly sink = { send: (item: WorkItem) => (this.isOpen ? (this.items.push(item), true) : false) };

  orchestrators(): OrchestratorWorkItem[] {
    return this.items.filter((item): item is OrchestratorWorkItem => item.kind === 'orchestrator');
  }
  activities(): ActivityWorkItem[] {
    return this.items.filter((item): item is ActivityWorkItem => item.kind === 'activity');
  }
}

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const kinds = (item: OrchestratorWorkItem | undefined) => item?.newEvents.map((event) => event.kind);

describe('engine core', () => {
  let engine: EngineCore;
  let logs: string[];

  beforeEach(() => {
    logs = [];
    engine = new EngineCore({
      backend: openSqliteBackend({ file: ':memory:' }),
      maxInFlightPerWorker: 3,
      log: (level, message) => logs.push(`${level}: ${message}`),
    });
  });
  afterEach(async () => {
    await engine.close();
  });

  it('queues work until a worker connects, then sends OrchestratorStarted + ExecutionStarted', async () => {
    const id = engine.startInstance({ name: 'flow', instanceId: 'a', input: '"in"' });
    assert.equal(engine.getInstance(id, false)?.status, 'PENDING');
    const worker = new RecordingWorker();
    engine.connectWorker(worker.sink);
    await waitUntil(() => worker.items.length === 1, 'the first turn');
    const [item] = worker.orchestrators();
    assert.deepEqual(item?.pastEvents, []);
    assert.deepEqual(kinds(item), ['OrchestratorStarted', 'ExecutionStarted']);
    engine.completeOrchestratorTask({ instanceId: 'a', actions: [{ id: 1, kind: 'ScheduleTask', name: 'step', input: '1' }] });
    await waitUntil(() => worker.activities().length === 1, 'the activity');
    assert.equal(engine.getInstance(id, false)?.status, 'RUNNING');
    assert.deepEqual(
      engine.getHistory('a').map((event) => [event.kind, event.eventId]),
      [['OrchestratorStarted', -1], ['ExecutionStarted', -1], ['TaskScheduled', 1]],
    );
    engine.completeActivityTask({ instanceId: 'a', taskId: 1, result: '2' });
    await waitUntil(() => worker.orchestrators().length === 2, 'the second turn');
    const second = worker.orchestrators()[1]!;
    assert.equal(second.pastEvents.length, 3);
    assert.deepEqual(second.newEvents[1], { ...second.newEvents[1], kind: 'TaskCompleted', taskScheduledId: 1, result: '2' });
  });

  it('keeps at most the cap in flight per worker and sends more as answers return', async () => {
    const worker = new RecordingWorker();
    engine.connectWorker(worker.sink);
    for (let i = 0; i < 5; i++) engine.startInstance({ name: 'flow', instanceId: `i${i}` });
    await waitUntil(() => worker.items.length === 3, 'three items');
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(worker.items.length, 3, 'no fourth item before an answer');
    engine.completeOrchestratorTask({ instanceId: 'i0', actions: [] });
    await waitUntil(() => worker.items.length === 4, 'a fourth item after one answer');
  });

  it('spreads items over several workers and re-delivers the items of a worker that leaves', async () => {
    const first = new RecordingWorker();
    const second = new RecordingWorker();
    const connection = engine.connectWorker(first.sink);
    engine.connectWorker(second.sink);
    for (let i = 0; i < 4; i++) engine.startInstance({ name: 'flow', instanceId: `i${i}` });
    await waitUntil(() => first.items.length + second.items.length === 4, 'four items');
    assert.equal(first.items.length, 2);
    assert.equal(second.items.length, 2);
    connection.close();
    await waitUntil(() => second.items.length === 3, 'the re-delivered items (up to the cap)');
    const onFirst = first.orchestrators().map((item) => item.instanceId);
    assert.ok(onFirst.includes(second.orchestrators()[2]!.instanceId));
  });

  it('answers a completion with no item in flight with InstanceNotFoundError and changes nothing', () => {
    engine.startInstance({ name: 'flow', instanceId: 'a' });
    assert.throws(() => engine.completeOrchestratorTask({ instanceId: 'a', actions: [] }), InstanceNotFoundError);
    assert.throws(() => engine.completeActivityTask({ instanceId: 'a', taskId: 1, result: '1' }), InstanceNotFoundError);
    assert.equal(engine.getInstance('a', false)?.status, 'PENDING');
  });

  it('runs one turn per instance at a time; events arriving meanwhile go into the next turn', async () => {
    const worker = new RecordingWorker();
    engine.connectWorker(worker.sink);
    engine.startInstance({ name: 'flow', instanceId: 'a' });
    await waitUntil(() => worker.items.length === 1, 'the first turn');
    engine.raiseEvent('a', 'Approve', '"yes"');
    engine.raiseEvent('a', 'approve', '"again"');
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(worker.items.length, 1, 'no second turn while the first is in flight');
    engine.completeOrchestratorTask({ instanceId: 'a', actions: [] });
    await waitUntil(() => worker.items.length === 2, 'the next turn');
    const next = worker.orchestrators()[1]!;
    assert.deepEqual(
      next.newEvents.map((event) => (event.kind === 'EventRaised' ? `${event.name}=${event.input}` : event.kind)),
      ['OrchestratorStarted', 'Approve="yes"', 'approve="again"'],
    );
  });

  it('records the suspension at once, delivers later events on turns of their own while suspended (as daprd), then resumed', async () => {
    const worker = new RecordingWorker();
    engine.connectWorker(worker.sink);
    engine.startInstance({ name: 'flow', instanceId: 'a' });
    await waitUntil(() => worker.items.length === 1, 'the first turn');
    engine.completeOrchestratorTask({ instanceId: 'a', actions: [] });
    await waitUntil(() => engine.getInstance('a', false)?.status === 'RUNNING', 'RUNNING');
    engine.suspend('a', 'pause');
    assert.equal(engine.getInstance('a', false)?.status, 'SUSPENDED');
    await waitUntil(() => worker.items.length === 2, 'the turn that records the suspension');
    assert.deepEqual(kinds(worker.orchestrators()[1]), ['OrchestratorStarted', 'ExecutionSuspended']);
    engine.raiseEvent('a', 'go');
    engine.completeOrchestratorTask({ instanceId: 'a', actions: [] });
    assert.equal(engine.getInstance('a', false)?.status, 'SUSPENDED', 'a turn while suspended keeps it SUSPENDED');
    assert.ok(engine.getHistory('a').some((event) => event.kind === 'ExecutionSuspended'), 'the suspension is in history');
    await waitUntil(() => worker.items.length === 3, 'the turn that delivers the event raised while suspended');
    assert.deepEqual(kinds(worker.orchestrators()[2]), ['OrchestratorStarted', 'EventRaised']);
    engine.completeOrchestratorTask({ instanceId: 'a', actions: [] });
    assert.equal(engine.getInstance('a', false)?.status, 'SUSPENDED');
    engine.resume('a');
    assert.equal(engine.getInstance('a', false)?.status, 'RUNNING');
    await waitUntil(() => worker.items.length === 4, 'the turn after resume');
    assert.deepEqual(kinds(worker.orchestrators()[3]), ['OrchestratorStarted', 'ExecutionResumed']);
  });

  it('starts nothing while a run suspended before its first turn waits for resume', async () => {
    engine.startInstance({ name: 'flow', instanceId: 'early' });
    engine.suspend('early');
    const worker = new RecordingWorker();
    engine.connectWorker(worker.sink);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(worker.items.length, 0, 'no turn while suspended before it started');
    engine.resume('early');
    await waitUntil(() => worker.items.length === 1, 'the first turn after resume');
    assert.deepEqual(kinds(worker.orchestrators()[0]), ['OrchestratorStarted', 'ExecutionStarted', 'ExecutionSuspended', 'ExecutionResumed']);
  });

  it('accepts and drops a late answer for an instance terminated meanwhile', async () => {
    const worker = new RecordingWorker();
    engine.connectWorker(worker.sink);
    engine.startInstance({ name: 'flow', instanceId: 'a' });
    await waitUntil(() => worker.items.length === 1, 'the first turn');
    engine.completeOrchestratorTask({ instanceId: 'a', actions: [{ id: 1, kind: 'ScheduleTask', name: 'slow' }] });
    await waitUntil(() => worker.activities().length === 1, 'the activity');
    engine.terminate('a', { output: '"stop"' });
    assert.equal(engine.getInstance('a', true)?.status, 'TERMINATED');
    assert.equal(engine.getInstance('a', true)?.output, '"stop"');
    assert.doesNotThrow(() => engine.completeActivityTask({ instanceId: 'a', taskId: 1, result: '"late"' }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(
      engine.getHistory('a').slice(-2).map((event) => event.kind),
      ['ExecutionTerminated', 'ExecutionCompleted'],
    );
    assert.equal(worker.items.length, 2, 'no turn for a terminated instance');
  });

  it('runs a new run\'s activity whose task ID is still in flight for the old run once the old answer is in', async () => {
    const worker = new RecordingWorker();
    engine.connectWorker(worker.sink);
    const firstTurn = async (turns: number) => {
      await waitUntil(() => worker.orchestrators().length === turns, `turn ${turns}`);
      engine.completeOrchestratorTask({ instanceId: 'a', actions: [{ id: 1, kind: 'ScheduleTask', name: 'step' }] });
    };
    engine.startInstance({ name: 'flow', instanceId: 'a' });
    await firstTurn(1);
    await waitUntil(() => worker.activities().length === 1, 'the old run\'s activity');
    engine.terminate('a');
    engine.startInstance({ name: 'flow', instanceId: 'a' }); // replaces the terminated instance
    await firstTurn(2);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(worker.activities().length, 1, 'task 1 of the new run waits while task 1 of the old run is out');
    engine.completeActivityTask({ instanceId: 'a', taskId: 1, result: '"old"' });
    await waitUntil(() => worker.activities().length === 2, 'the new run\'s activity');
    assert.notEqual(worker.activities()[1]!.executionId, worker.activities()[0]!.executionId);
    engine.completeActivityTask({ instanceId: 'a', taskId: 1, result: '"new"' });
    await waitUntil(() => worker.orchestrators().length === 3, 'the new run\'s next turn');
    const delivered = worker.orchestrators()[2]!.newEvents[1]!;
    assert.equal(delivered.kind === 'TaskCompleted' && delivered.result, '"new"');
  });

  it('offers a workflow a worker lacks to another worker, and waits (logging once) while none has it', async () => {
    const lacking = new RecordingWorker();
    engine.connectWorker(lacking.sink);
    engine.startInstance({ name: 'ghost', instanceId: 'g1' });
    engine.startInstance({ name: 'ghost', instanceId: 'g2' });
    await waitUntil(() => lacking.items.length === 2, 'both offered');
    const notRegistered = (instanceId: string) =>
      engine.completeOrchestratorTask({
        instanceId,
        actions: [{ id: 1, kind: 'CompleteOrchestration', status: 'FAILED', failure: { errorType: 'OrchestratorNotRegisteredError', errorMessage: "Orchestrator 'ghost' does not exist." }, carryoverEvents: [] }],
      });
    notRegistered('g1');
    notRegistered('g2');
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(engine.getInstance('g1', false)?.status, 'PENDING', 'not failed');
    assert.equal(lacking.items.length, 2, 'not offered again to the worker that lacks it');
    assert.deepEqual(
      logs.filter((line) => line.includes('ghost')),
      ['warn: No connected worker has the workflow "ghost"; instance g1 waits until one connects.'],
    );
    const having = new RecordingWorker();
    engine.connectWorker(having.sink);
    await waitUntil(() => having.items.length === 2, 'both offered to the new worker');
  });

  it('routes an activity a worker lacks to one that has it', async () => {
    const workflowHost = new RecordingWorker();
    engine.connectWorker(workflowHost.sink);
    engine.startInstance({ name: 'flow', instanceId: 'a' });
    await waitUntil(() => workflowHost.items.length === 1, 'the first turn');
    engine.completeOrchestratorTask({ instanceId: 'a', actions: [{ id: 1, kind: 'ScheduleTask', name: 'special' }] });
    await waitUntil(() => workflowHost.activities().length === 1, 'the activity');
    engine.completeActivityTask({ instanceId: 'a', taskId: 1, failure: { errorType: 'ActivityNotRegisteredError', errorMessage: 'no' } });
    const specialist = new RecordingWorker();
    engine.connectWorker(specialist.sink);
    await waitUntil(() => specialist.activities().length === 1, 'the activity on the other worker');
    engine.completeActivityTask({ instanceId: 'a', taskId: 1, result: '"ok"' });
    await waitUntil(() => workflowHost.orchestrators().length === 2 || specialist.orchestrators().length === 1, 'the next turn');
  });

  it("sends an activity with the action's version and execution ID, and answers with that execution ID", async () => {
    const worker = new RecordingWorker();
    engine.connectWorker(worker.sink);
    engine.startInstance({ name: 'flow', instanceId: 'a' });
    await waitUntil(() => worker.items.length === 1, 'the first turn');
    engine.completeOrchestratorTask({ instanceId: 'a', actions: [{ id: 1, kind: 'ScheduleTask', name: 'charge', version: '2', taskExecutionId: 'x-1' }] });
    await waitUntil(() => worker.activities().length === 1, 'the activity');
    const sent = worker.activities()[0]!;
    assert.deepEqual([sent.version, sent.taskExecutionId], ['2', 'x-1']);
    engine.completeActivityTask({ instanceId: 'a', taskId: 1, result: '"ok"' });
    await waitUntil(() => worker.orchestrators().length === 2, 'the next turn');
    const completed = worker.orchestrators()[1]!.newEvents.find((event) => event.kind === 'TaskCompleted');
    assert.equal(completed?.kind === 'TaskCompleted' && completed.taskExecutionId, 'x-1');
  });

  it('fires a timer at its time, never before', async () => {
    const worker = new RecordingWorker();
    engine.connectWorker(worker.sink);
    engine.startInstance({ name: 'flow', instanceId: 'a' });
    await waitUntil(() => worker.items.length === 1, 'the first turn');
    const fireAt = Date.now() + 80;
    engine.completeOrchestratorTask({ instanceId: 'a', actions: [{ id: 1, kind: 'CreateTimer', fireAt }] });
    await waitUntil(() => worker.items.length === 2, 'the timer turn');
    const fired = worker.orchestrators()[1]!;
    assert.ok(fired.newEvents[0]!.timestamp >= fireAt, 'OrchestratorStarted is not before the fire time');
    assert.deepEqual(fired.newEvents[1], { eventId: -1, timestamp: fireAt, kind: 'TimerFired', timerId: 1, fireAt });
  });

  it('resolves waitForStart and waitForCompletion, skipping continue-as-new runs, and rejects on abort', async () => {
    const worker = new RecordingWorker();
    engine.connectWorker(worker.sink);
    engine.startInstance({ name: 'flow', instanceId: 'a' });
    const started = engine.waitForStart('a', new AbortController().signal, false);
    const completed = engine.waitForCompletion('a', new AbortController().signal, true);
    const aborter = new AbortController();
    const aborted = engine.waitForCompletion('a', aborter.signal, false);
    aborter.abort(new Error('client went away'));
    await assert.rejects(aborted, /client went away/);
    await waitUntil(() => worker.items.length === 1, 'the first turn');
    engine.completeOrchestratorTask({
      instanceId: 'a',
      actions: [{ id: 1, kind: 'CompleteOrchestration', status: 'CONTINUED_AS_NEW', result: '2', carryoverEvents: [] }],
    });
    assert.equal((await started)?.status, 'RUNNING');
    await waitUntil(() => worker.items.length === 2, 'the new run');
    assert.deepEqual(kinds(worker.orchestrators()[1]), ['OrchestratorStarted', 'ExecutionStarted']);
    assert.deepEqual(worker.orchestrators()[1]!.pastEvents, []);
    engine.completeOrchestratorTask({
      instanceId: 'a',
      actions: [{ id: 1, kind: 'CompleteOrchestration', status: 'COMPLETED', result: '"final"', carryoverEvents: [] }],
    });
    const state = await completed;
    assert.equal(state?.status, 'COMPLETED');
    assert.equal(state?.output, '"final"');
    assert.equal(state?.input, '2');
    assert.equal(await engine.waitForCompletion('nobody', new AbortController().signal, false), undefined);
  });

  it('terminates children recursively and tells a surviving parent when only the child is terminated', async () => {
    const worker = new RecordingWorker();
    engine.connectWorker(worker.sink);
    engine.startInstance({ name: 'parent', instanceId: 'p' });
    await waitUntil(() => worker.items.length === 1, 'the parent turn');
    engine.completeOrchestratorTask({
      instanceId: 'p',
      actions: [
        { id: 1, kind: 'CreateSubOrchestration', instanceId: 'p:0001', name: 'child' },
        { id: 2, kind: 'CreateSubOrchestration', instanceId: 'p:0002', name: 'child' },
      ],
    });
    await waitUntil(() => engine.getInstance('p:0002', false) !== undefined, 'the children');
    engine.terminate('p:0001');
    await waitUntil(() => worker.orchestrators().some((item) => item.instanceId === 'p' && item.newEvents.some((e) => e.kind === 'SubOrchestrationInstanceFailed')), 'the parent notified');
    engine.terminate('p');
    assert.equal(engine.getInstance('p:0002', false)?.status, 'TERMINATED');
    assert.doesNotThrow(() => engine.terminate('p'), 'terminating a terminal instance is a no-op');
    assert.equal(engine.purgeInstance('p'), 3);
  });
});

describe('engine core over a file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dwt-core-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('re-queues unanswered activities and ready instances, and re-arms timers after a restart', async () => {
    const file = join(dir, 'store.db');
    const first = new EngineCore({ backend: openSqliteBackend({ file }) });
    const worker = new RecordingWorker();
    first.connectWorker(worker.sink);
    first.startInstance({ name: 'flow', instanceId: 'act' });
    first.startInstance({ name: 'flow', instanceId: 'tmr' });
    await waitUntil(() => worker.items.length === 2, 'both first turns');
    first.completeOrchestratorTask({ instanceId: 'act', actions: [{ id: 1, kind: 'ScheduleTask', name: 'step' }] });
    first.completeOrchestratorTask({ instanceId: 'tmr', actions: [{ id: 1, kind: 'CreateTimer', fireAt: Date.now() + 150 }] });
    await waitUntil(() => worker.activities().length === 1, 'the activity');
    first.startInstance({ name: 'flow', instanceId: 'fresh' });
    await first.close();

    const second = new EngineCore({ backend: openSqliteBackend({ file }) });
    try {
      const next = new RecordingWorker();
      second.connectWorker(next.sink);
      await waitUntil(() => next.activities().length === 1, 'the activity again');
      await waitUntil(() => next.orchestrators().some((item) => item.instanceId === 'tmr'), 'the timer turn');
      assert.ok(next.orchestrators().some((item) => item.instanceId === 'fresh'));
      assert.equal(next.activities()[0]!.instanceId, 'act');
    } finally {
      await second.close();
    }
  });
});
