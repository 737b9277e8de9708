/**
 * History and action codecs: every model event kind and action survives a trip through the
 * protocol's binary encoding unchanged, and what the sidecar writes reads the same through
 * the @dapr/dapr 3.18 SDK's own classes (what its workers decode).
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
  orchestratorResultFromPb,
  wire,
} from '../../src/protocol/index.js';
import { pb } from '../helpers/sdk-proto.js';

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
  {
    eventId: -1,
    timestamp: t,
    kind: 'ExecutionStarted',
    name: 'versioned',
    executionId: 'e2',
    version: 'v2',
    tags: { team: 'payments', tier: 'gold' },
    trace: { traceParent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', traceState: 'k=v' },
  },
  { eventId: -1, timestamp: t, kind: 'OrchestratorStarted', version: { name: 'v2', patches: ['fix-1', 'fix-2'] } },
  { eventId: -1, timestamp: t, kind: 'ExecutionStalled', reason: 'VERSION_NOT_AVAILABLE', description: 'Version not available: v3' },
  { eventId: -1, timestamp: t, kind: 'ExecutionStalled', reason: 'PATCH_MISMATCH' },
  { eventId: 9, timestamp: t, kind: 'TaskScheduled', name: 'charge', input: '5', version: '2', taskExecutionId: 'x-1' },
  { eventId: 10, timestamp: t, kind: 'TimerCreated', fireAt: t + 5, name: 'reminder' },
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
function overTheWire(message: wire.IHistoryEvent): wire.HistoryEvent {
  return wire.HistoryEvent.decode(wire.HistoryEvent.encode(message).finish());
}

/** What the JS SDK 3.18's classes read from the bytes the sidecar writes. */
function asSdkReadsIt(message: wire.IHistoryEvent): pb.HistoryEvent {
  return pb.HistoryEvent.deserializeBinary(wire.HistoryEvent.encode(message).finish());
}

describe('history codec', () => {
  for (const event of events) {
    it(`round-trips ${event.kind}${'status' in event ? ` (${event.status})` : ''}`, () => {
      assert.deepEqual(historyEventFromPb(overTheWire(historyEventToPb(event, 'inst-1'))), event);
    });
  }

  it('fills ExecutionStarted with the instance it belongs to, as the SDK reads it', () => {
    const message = asSdkReadsIt(historyEventToPb(events[1]!, 'inst-1'));
    const started = message.getExecutionstarted()!;
    assert.equal(started.getOrchestrationinstance()?.getInstanceid(), 'inst-1');
    assert.equal(started.getOrchestrationinstance()?.getExecutionid()?.getValue(), 'exec-1');
    assert.equal(started.getParentinstance()?.getOrchestrationinstance()?.getInstanceid(), 'parent-1');
    assert.equal(message.getTimestamp()?.toDate().getTime(), t);
  });

  it('keeps millisecond timestamps exact', () => {
    const message = asSdkReadsIt(historyEventToPb({ eventId: -1, timestamp: 1_234_567, kind: 'OrchestratorStarted' }));
    assert.equal(message.getTimestamp()?.getSeconds(), 1234);
    assert.equal(message.getTimestamp()?.getNanos(), 567_000_000);
  });

  it('leaves out event kinds the model does not have', () => {
    const generic = overTheWire({ eventId: 7, genericEvent: {} });
    const detached = overTheWire({ eventId: 8, detachedWorkflowInstanceCreated: { instanceId: 'd' } });
    const unset = overTheWire({});
    assert.equal(historyEventFromPb(generic), undefined);
    assert.equal(historyEventFromPb(unset), undefined);
    assert.deepEqual(historyFromPb([generic, overTheWire(historyEventToPb(events[0]!)), detached, unset]), [events[0]]);
  });

  it('reads the OrchestratorStarted and version events the SDK 3.18 writes (no version) as plain OrchestratorStarted', () => {
    const sdk = new pb.HistoryEvent();
    sdk.setEventid(-1);
    sdk.setOrchestratorstarted(new pb.OrchestratorStartedEvent());
    const decoded = wire.HistoryEvent.decode(sdk.serializeBinary());
    assert.deepEqual(historyEventFromPb(decoded), { eventId: -1, timestamp: 0, kind: 'OrchestratorStarted' });
  });

  it('refuses a completion with a status it does not know, in one sentence', () => {
    const message = overTheWire({ eventId: -1, executionCompleted: { workflowStatus: 42 as wire.OrchestrationStatus } });
    assert.throws(() => historyEventFromPb(message), { name: 'InvalidArgumentError', message: 'Unknown workflow runtime status 42.' });
  });
});

const actions: OrchestratorAction[] = [
  { id: 1, kind: 'ScheduleTask', name: 'charge', input: '{"x":1}' },
  { id: 2, kind: 'ScheduleTask', name: 'noInput' },
  { id: 11, kind: 'ScheduleTask', name: 'versioned', version: '3', taskExecutionId: 'exec-11' },
  { id: 12, kind: 'VersionNotAvailable' },
  { id: 13, kind: 'CreateTimer', fireAt: t + 1, name: 'named' },
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
      const decoded = wire.WorkflowAction.decode(wire.WorkflowAction.encode(orchestratorActionToPb(action)).finish());
      assert.deepEqual(orchestratorActionFromPb(decoded), action);
    });
  }

  it('reads the actions the SDK 3.18 encodes', () => {
    const sdk = new pb.OrchestratorAction();
    sdk.setId(4);
    const task = new pb.ScheduleTaskAction();
    task.setName('charge');
    sdk.setScheduletask(task);
    assert.deepEqual(orchestratorActionFromPb(wire.WorkflowAction.decode(sdk.serializeBinary())), { id: 4, kind: 'ScheduleTask', name: 'charge' });
  });

  it('refuses an action without a type, in one sentence', () => {
    assert.throws(() => orchestratorActionFromPb(wire.WorkflowAction.decode(wire.WorkflowAction.encode({ id: 9 }).finish())), {
      name: 'InvalidArgumentError',
      message: 'Workflow action 9 has no type the sidecar knows.',
    });
  });

  it('refuses a timer without a fire time', () => {
    const timer = wire.WorkflowAction.decode(wire.WorkflowAction.encode({ id: 10, createTimer: {} }).finish());
    assert.throws(() => orchestratorActionFromPb(timer), { name: 'InvalidArgumentError' });
  });

  it('refuses, by name, the actions the embedded sidecar cannot carry out', () => {
    for (const [body, name] of [
      [{ terminateWorkflow: { instanceId: 'x' } }, 'TerminateWorkflowAction'],
      [{ createDetachedWorkflow: { instanceId: 'x', name: 'w' } }, 'CreateDetachedWorkflowAction'],
    ] as const) {
      const action = wire.WorkflowAction.decode(wire.WorkflowAction.encode({ id: 3, ...body }).finish());
      assert.throws(() => orchestratorActionFromPb(action), (error: Error) => error.name === 'UnsupportedFeatureError' && error.message.includes(name));
    }
  });
});

describe('workflow answers with actions the sidecar cannot take', () => {
  it('fail the workflow with the refusal instead of leaving the turn hanging', () => {
    const response = wire.WorkflowResponse.decode(
      wire.WorkflowResponse.encode({
        instanceId: 'i',
        actions: [
          { id: 1, scheduleTask: { name: 'ok' } },
          { id: 2, scheduleTask: { name: 'remote', router: { sourceAppID: 'a', targetAppID: 'b' } } },
        ],
      }).finish(),
    );
    const result = orchestratorResultFromPb(response);
    assert.equal(result.actions.length, 1);
    const [only] = result.actions;
    assert.equal(only?.kind, 'CompleteOrchestration');
    assert.equal(only?.kind === 'CompleteOrchestration' && only.status, 'FAILED');
    assert.match(only?.kind === 'CompleteOrchestration' ? (only.failure?.errorMessage ?? '') : '', /targetAppID/);
  });
});
