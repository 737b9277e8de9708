/**
 * History and action codecs: every domain event kind and action survives a trip through the
 * SDK's protobuf classes and their binary encoding unchanged.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HistoryEvent, OrchestratorAction } from '../../src/model/index.js';
import {
  historyEventFromPb,
  historyEventToPb,
  historyFromPb,
  orchestratorActionFromPb,
  orchestratorActionToPb,
  pb,
} from '../../src/protocol/index.js';

const failure = {
  errorType: 'Error',
  errorMessage: 'boom',
  stackTrace: 'at x',
  innerFailure: { errorType: 'TypeError', errorMessage: 'inner', isNonRetriable: true },
};

const t = 1_700_000_000_123;

const events: HistoryEvent[] = [
  { eventId: -1, timestamp: t, kind: 'OrchestratorStarted' },
  {
    eventId: -1,
    timestamp: t,
    kind: 'ExecutionStarted',
    name: 'order',
    input: '{"a":1}',
    executionId: 'exec-1',
    parent: { instanceId: 'parent-1', name: 'parentWf', taskScheduledId: 3 },
    scheduledStartAt: t + 5000,
  },
  { eventId: -1, timestamp: t, kind: 'ExecutionStarted', name: 'bare', executionId: 'e' },
  { eventId: -1, timestamp: t, kind: 'ExecutionCompleted', status: 'COMPLETED', result: '"done"' },
  { eventId: -1, timestamp: t, kind: 'ExecutionCompleted', status: 'FAILED', failure },
  { eventId: -1, timestamp: t, kind: 'ExecutionTerminated', output: '"stop"', recurse: false },
  { eventId: 1, timestamp: t, kind: 'TaskScheduled', name: 'charge', input: '5' },
  { eventId: -1, timestamp: t, kind: 'TaskCompleted', taskScheduledId: 1, result: '6' },
  { eventId: -1, timestamp: t, kind: 'TaskCompleted', taskScheduledId: 1 },
  { eventId: -1, timestamp: t, kind: 'TaskFailed', taskScheduledId: 1, failure },
  { eventId: 2, timestamp: t, kind: 'SubOrchestrationInstanceCreated', instanceId: 'c-1', name: 'child', input: '1' },
  { eventId: -1, timestamp: t, kind: 'SubOrchestrationInstanceCompleted', taskScheduledId: 2, result: '2' },
  { eventId: -1, timestamp: t, kind: 'SubOrchestrationInstanceFailed', taskScheduledId: 2, failure },
  { eventId: 3, timestamp: t, kind: 'TimerCreated', fireAt: t + 999 },
  { eventId: -1, timestamp: t + 999, kind: 'TimerFired', timerId: 3, fireAt: t + 999 },
  { eventId: -1, timestamp: t, kind: 'OrchestratorCompleted' },
  { eventId: 4, timestamp: t, kind: 'EventSent', instanceId: 'other', name: 'ping', input: 'null' },
  { eventId: -1, timestamp: t, kind: 'EventRaised', name: 'Approval', input: 'true' },
  { eventId: -1, timestamp: t, kind: 'EventRaised', name: 'empty', input: '' },
  { eventId: -1, timestamp: t, kind: 'ContinueAsNew', input: '[1]' },
  { eventId: -1, timestamp: t, kind: 'ExecutionSuspended', reason: 'maintenance' },
  { eventId: -1, timestamp: t, kind: 'ExecutionResumed' },
];

/** Encodes to bytes and back, as the wire would. */
function overTheWire(message: pb.HistoryEvent): pb.HistoryEvent {
  return pb.HistoryEvent.deserializeBinary(message.serializeBinary());
}

describe('history codec', () => {
  for (const event of events) {
    it(`round-trips ${event.kind}${'status' in event ? ` (${event.status})` : ''}`, () => {
      assert.deepEqual(historyEventFromPb(overTheWire(historyEventToPb(event, 'inst-1'))), event);
    });
  }

  it('fills ExecutionStarted with the instance it belongs to, as the SDK reads it', () => {
    const message = historyEventToPb(events[1]!, 'inst-1');
    const started = message.getExecutionstarted()!;
    assert.equal(started.getOrchestrationinstance()?.getInstanceid(), 'inst-1');
    assert.equal(started.getOrchestrationinstance()?.getExecutionid()?.getValue(), 'exec-1');
    assert.equal(started.getParentinstance()?.getOrchestrationinstance()?.getInstanceid(), 'parent-1');
    assert.equal(message.getTimestamp()?.toDate().getTime(), t);
  });

  it('keeps millisecond timestamps exact', () => {
    const message = historyEventToPb({ eventId: -1, timestamp: 1_234_567, kind: 'OrchestratorStarted' });
    assert.equal(message.getTimestamp()?.getSeconds(), 1234);
    assert.equal(message.getTimestamp()?.getNanos(), 567_000_000);
  });

  it('leaves out event kinds the domain does not model', () => {
    const generic = new pb.HistoryEvent();
    generic.setEventid(7);
    generic.setGenericevent(new pb.GenericEvent());
    const unset = new pb.HistoryEvent();
    assert.equal(historyEventFromPb(generic), undefined);
    assert.equal(historyEventFromPb(unset), undefined);
    const list = [generic, historyEventToPb(events[0]!), unset];
    assert.deepEqual(historyFromPb(list), [events[0]]);
  });

  it('refuses a completion with a status it does not know, in one sentence', () => {
    const message = historyEventToPb({ eventId: -1, timestamp: t, kind: 'ExecutionCompleted', status: 'COMPLETED' });
    message.getExecutioncompleted()!.setOrchestrationstatus(42 as pb.OrchestrationStatus);
    assert.throws(() => historyEventFromPb(message), { name: 'InvalidArgumentError', message: 'Unknown workflow runtime status 42.' });
  });
});

const actions: OrchestratorAction[] = [
  { id: 1, kind: 'ScheduleTask', name: 'charge', input: '{"x":1}' },
  { id: 2, kind: 'ScheduleTask', name: 'noInput' },
  { id: 3, kind: 'CreateSubOrchestration', instanceId: 'child-1', name: 'child', input: '2' },
  { id: 4, kind: 'CreateTimer', fireAt: t + 250 },
  { id: 5, kind: 'SendEvent', instanceId: 'other', name: 'ping', data: '"hi"' },
  { id: 6, kind: 'CompleteOrchestration', status: 'COMPLETED', result: '42', carryoverEvents: [] },
  { id: 7, kind: 'CompleteOrchestration', status: 'FAILED', failure, carryoverEvents: [] },
  {
    id: 8,
    kind: 'CompleteOrchestration',
    status: 'CONTINUED_AS_NEW',
    result: '{"n":2}',
    carryoverEvents: [
      { eventId: -1, timestamp: t, kind: 'EventRaised', name: 'more', input: '1' },
      { eventId: -1, timestamp: t, kind: 'EventRaised', name: 'more', input: '2' },
    ],
  },
];

describe('action codec', () => {
  for (const action of actions) {
    it(`round-trips ${action.kind} #${action.id}`, () => {
      const wire = pb.OrchestratorAction.deserializeBinary(orchestratorActionToPb(action).serializeBinary());
      assert.deepEqual(orchestratorActionFromPb(wire), action);
    });
  }

  it('refuses an action without a type, in one sentence', () => {
    const empty = new pb.OrchestratorAction();
    empty.setId(9);
    assert.throws(() => orchestratorActionFromPb(empty), {
      name: 'InvalidArgumentError',
      message: 'Orchestrator action 9 has no type the sidecar supports.',
    });
  });

  it('refuses a timer without a fire time', () => {
    const timer = new pb.OrchestratorAction();
    timer.setId(10);
    timer.setCreatetimer(new pb.CreateTimerAction());
    assert.throws(() => orchestratorActionFromPb(timer), { name: 'InvalidArgumentError' });
  });
});
