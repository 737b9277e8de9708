/**
 * applyOrchestratorTurn as a plain function: which history events each action produces (with
 * eventId = the action's ID), what is scheduled, who is notified, and how the status follows.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InstanceRecord } from '../../../src/engine/backend.js';
import { MAX_PAYLOAD_BYTES, type HistoryEvent, type OrchestratorAction } from '../../../src/model/index.js';
import { applyOrchestratorTurn, type TurnInput } from '../../../src/engine/state/apply-turn.js';

const NOW = 1_700_000_000_000;

const instance: InstanceRecord = {
  instanceId: 'order-1',
  name: 'orderFlow',
  status: 'PENDING',
  executionId: 'exec-1',
  createdAt: NOW - 1000,
  lastUpdatedAt: NOW - 1000,
  input: '{"qty":2}',
};

const delivered: HistoryEvent[] = [
  { eventId: -1, timestamp: NOW, kind: 'OrchestratorStarted' },
  { eventId: -1, timestamp: NOW - 1000, kind: 'ExecutionStarted', name: 'orderFlow', executionId: 'exec-1', input: '{"qty":2}' },
];

function turn(actions: OrchestratorAction[], overrides: Partial<TurnInput> = {}) {
  let counter = 0;
  return applyOrchestratorTurn({
    instance,
    delivered,
    deliveredInboxSeqs: [7],
    historyVersion: { patches: [] },
    result: { instanceId: instance.instanceId, actions, customStatus: '"working"' },
    now: NOW,
    newId: () => `id-${++counter}`,
    isActiveInstance: () => false,
    ...overrides,
  });
}

describe('applyOrchestratorTurn', () => {
  it('appends the delivered events, then one event per action with eventId = action ID', () => {
    const { commit, status } = turn([
      { id: 1, kind: 'ScheduleTask', name: 'reserve', input: '2' },
      { id: 2, kind: 'CreateTimer', fireAt: NOW + 5000 },
    ]);
    assert.equal(status, 'RUNNING');
    assert.deepEqual(
      commit.historyAppend.map((event) => [event.kind, event.eventId]),
      [
        ['OrchestratorStarted', -1],
        ['ExecutionStarted', -1],
        ['TaskScheduled', 1],
        ['TimerCreated', 2],
      ],
    );
    assert.deepEqual(commit.consumedInboxSeqs, [7]);
    assert.equal(commit.update.customStatus, '"working"');
    assert.equal(commit.update.status, 'RUNNING');
    assert.equal(commit.dropPendingWork, false);
  });

  it('schedules an activity task with taskId = action ID for the current run', () => {
    const { commit } = turn([{ id: 3, kind: 'ScheduleTask', name: 'charge', input: '"card"' }]);
    assert.deepEqual(commit.activities, [
      { instanceId: 'order-1', executionId: 'exec-1', taskId: 3, name: 'charge', input: '"card"' },
    ]);
  });

  it('queues a TimerFired for the instance itself, not visible before the fire time', () => {
    const { commit } = turn([{ id: 4, kind: 'CreateTimer', fireAt: NOW + 60_000 }]);
    assert.equal(commit.selfInbox.length, 1);
    const [entry] = commit.selfInbox;
    assert.equal(entry!.visibleAt, NOW + 60_000);
    assert.deepEqual(entry!.event, { eventId: -1, timestamp: NOW + 60_000, kind: 'TimerFired', timerId: 4, fireAt: NOW + 60_000 });
  });

  it('starts a child with the parent recorded, generating an ID when the worker sent none', () => {
    const { commit } = turn([
      { id: 1, kind: 'CreateSubOrchestration', instanceId: 'order-1:0001', name: 'shipFlow', input: '1' },
      { id: 2, kind: 'CreateSubOrchestration', instanceId: '', name: 'billFlow' },
    ]);
    assert.deepEqual(
      commit.childStarts.map((child) => [child.record.instanceId, child.record.name, child.record.status, child.record.parent]),
      [
        ['order-1:0001', 'shipFlow', 'PENDING', { instanceId: 'order-1', name: 'orderFlow', taskScheduledId: 1 }],
        ['id-2', 'billFlow', 'PENDING', { instanceId: 'order-1', name: 'orderFlow', taskScheduledId: 2 }],
      ],
    );
    const started = commit.childStarts[0]!.startEvent.event;
    assert.equal(started.kind, 'ExecutionStarted');
    assert.deepEqual(started.kind === 'ExecutionStarted' && started.parent, { instanceId: 'order-1', name: 'orderFlow', taskScheduledId: 1 });
    const created = commit.historyAppend.filter((event) => event.kind === 'SubOrchestrationInstanceCreated');
    assert.deepEqual(created.map((event) => event.eventId), [1, 2]);
  });

  it('fails the child task at once when the child ID belongs to a running instance', () => {
    const { commit } = turn([{ id: 1, kind: 'CreateSubOrchestration', instanceId: 'busy', name: 'shipFlow' }], {
      isActiveInstance: (id) => id === 'busy',
    });
    assert.equal(commit.childStarts.length, 0);
    const [entry] = commit.selfInbox;
    assert.equal(entry!.event.kind, 'SubOrchestrationInstanceFailed');
    assert.equal(entry!.event.kind === 'SubOrchestrationInstanceFailed' && entry!.event.taskScheduledId, 1);
  });

  it('records EventSent and delivers EventRaised to the target instance', () => {
    const { commit } = turn([{ id: 5, kind: 'SendEvent', instanceId: 'other', name: 'Ping', data: '{"n":1}' }]);
    assert.deepEqual(commit.historyAppend.at(-1), {
      eventId: 5,
      timestamp: NOW,
      kind: 'EventSent',
      instanceId: 'other',
      name: 'Ping',
      input: '{"n":1}',
    });
    assert.deepEqual(commit.messages, [
      { instanceId: 'other', event: { eventId: -1, timestamp: NOW, kind: 'EventRaised', name: 'Ping', input: '{"n":1}' } },
    ]);
  });

  it('completes: ExecutionCompleted, output stored, pending work dropped', () => {
    const { commit, status } = turn([
      { id: 1, kind: 'CompleteOrchestration', status: 'COMPLETED', result: '"done"', carryoverEvents: [] },
    ]);
    assert.equal(status, 'COMPLETED');
    assert.deepEqual(commit.historyAppend.at(-1), {
      eventId: 1,
      timestamp: NOW,
      kind: 'ExecutionCompleted',
      status: 'COMPLETED',
      result: '"done"',
    });
    assert.equal(commit.update.output, '"done"');
    assert.equal(commit.update.completedAt, NOW);
    assert.equal(commit.dropPendingWork, true);
    assert.deepEqual(commit.messages, []);
  });

  it('keeps failure details verbatim and tells the parent with the failure', () => {
    const failure = { errorType: 'Error', errorMessage: 'card declined', stackTrace: 'at pay()' };
    const child: InstanceRecord = { ...instance, parent: { instanceId: 'parent-1', name: 'p', taskScheduledId: 9 }, parentInstanceId: 'parent-1' };
    const { commit, status } = turn([{ id: -1, kind: 'CompleteOrchestration', status: 'FAILED', failure, carryoverEvents: [] }], {
      instance: child,
    });
    assert.equal(status, 'FAILED');
    assert.deepEqual(commit.update.failure, failure);
    assert.deepEqual(commit.messages, [
      {
        instanceId: 'parent-1',
        event: { eventId: -1, timestamp: NOW, kind: 'SubOrchestrationInstanceFailed', taskScheduledId: 9, failure },
      },
    ]);
  });

  it('tells the parent the result of a completed child with its action ID', () => {
    const child: InstanceRecord = { ...instance, parent: { instanceId: 'parent-1', name: 'p', taskScheduledId: 4 } };
    const { commit } = turn([{ id: 2, kind: 'CompleteOrchestration', status: 'COMPLETED', result: '42', carryoverEvents: [] }], {
      instance: child,
    });
    assert.deepEqual(commit.messages, [
      {
        instanceId: 'parent-1',
        event: { eventId: -1, timestamp: NOW, kind: 'SubOrchestrationInstanceCompleted', taskScheduledId: 4, result: '42' },
      },
    ]);
  });

  it('continues as new: history reset, new execution, new input first, carryover events after, status RUNNING', () => {
    const carried: HistoryEvent = { eventId: -1, timestamp: NOW, kind: 'EventRaised', name: 'more', input: '1' };
    const { commit, status, continuedAsNew } = turn([
      { id: 3, kind: 'CompleteOrchestration', status: 'CONTINUED_AS_NEW', result: '{"round":2}', carryoverEvents: [carried] },
    ]);
    assert.equal(continuedAsNew, true);
    assert.equal(status, 'RUNNING');
    assert.equal(commit.resetHistory, true);
    assert.deepEqual(commit.historyAppend, []);
    assert.equal(commit.update.executionId, 'id-1');
    assert.equal(commit.update.input, '{"round":2}');
    assert.equal(commit.update.output, undefined);
    assert.equal(commit.carryUndeliveredEvents, true);
    assert.deepEqual(
      commit.selfInbox.map((entry) => entry.event),
      [
        { eventId: -1, timestamp: NOW, kind: 'ExecutionStarted', name: 'orderFlow', executionId: 'id-1', input: '{"round":2}' },
        carried,
      ],
    );
  });

  it('keeps a suspended instance SUSPENDED after a turn that was in flight', () => {
    const { status } = turn([{ id: 1, kind: 'ScheduleTask', name: 'x' }], { instance: { ...instance, status: 'SUSPENDED' } });
    assert.equal(status, 'SUSPENDED');
  });

  it('keeps the previous custom status when the worker sends none', () => {
    const { commit } = turn([], {
      instance: { ...instance, customStatus: '"old"' },
      result: { instanceId: 'order-1', actions: [] },
    });
    assert.equal(commit.update.customStatus, '"old"');
  });

  it('fails the workflow instead of storing a payload over the limit', () => {
    const huge = `"${'x'.repeat(MAX_PAYLOAD_BYTES)}"`;
    const { commit, status } = turn([{ id: 1, kind: 'ScheduleTask', name: 'upload', input: huge }]);
    assert.equal(status, 'FAILED');
    assert.equal(commit.activities.length, 0);
    assert.equal(commit.update.failure?.errorType, 'PayloadTooLargeError');
    assert.match(commit.update.failure?.errorMessage ?? '', /input of activity "upload" is \d+ bytes, over the limit of 4194304 bytes/);
  });
});
