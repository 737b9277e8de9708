/** Telling from a history whether a running instance waits for an external event, pure. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HistoryEvent } from '../../src/model/index.js';
import { classifyWait, raisedEventNames } from '../../src/tracker/awaiting-event.js';

const T0 = 1_700_000_000_000;
const started: HistoryEvent[] = [
  { eventId: -1, timestamp: T0, kind: 'OrchestratorStarted' },
  { eventId: -1, timestamp: T0, kind: 'ExecutionStarted', name: 'doc', executionId: 'e' },
];

test('a running instance with nothing pending waits for an event', () => {
  const history: HistoryEvent[] = [
    ...started,
    { eventId: 0, timestamp: T0, kind: 'TaskScheduled', name: 'submit' },
    { eventId: -1, timestamp: T0 + 1, kind: 'OrchestratorStarted' },
    { eventId: -1, timestamp: T0 + 1, kind: 'TaskCompleted', taskScheduledId: 0 },
  ];
  assert.deepEqual(classifyWait('RUNNING', history), { kind: 'awaiting-event' });
  assert.deepEqual(classifyWait('SUSPENDED', history), { kind: 'not-running' });
});

test('a pending activity or child workflow is busy; a fresh instance the worker has not run is busy', () => {
  assert.deepEqual(classifyWait('RUNNING', [...started, { eventId: 0, timestamp: T0, kind: 'TaskScheduled', name: 'a' }]), { kind: 'busy' });
  assert.deepEqual(
    classifyWait('RUNNING', [...started, { eventId: 0, timestamp: T0, kind: 'SubOrchestrationInstanceCreated', name: 'c', instanceId: 'c1' }]),
    { kind: 'busy' },
  );
  assert.deepEqual(classifyWait('RUNNING', [{ eventId: -1, timestamp: T0, kind: 'ExecutionStarted', name: 'doc', executionId: 'e' }]), { kind: 'busy' });
});

test('a pending timer beside the wait is a wait with a timeout: the earliest fire time is kept', () => {
  const history: HistoryEvent[] = [
    ...started,
    { eventId: 0, timestamp: T0, kind: 'TimerCreated', fireAt: T0 + 60_000 },
    { eventId: 1, timestamp: T0, kind: 'TimerCreated', fireAt: T0 + 5_000 },
    { eventId: -1, timestamp: T0 + 5_000, kind: 'OrchestratorStarted' },
    { eventId: -1, timestamp: T0 + 5_000, kind: 'TimerFired', timerId: 1, fireAt: T0 + 5_000 },
  ];
  assert.deepEqual(classifyWait('RUNNING', history), { kind: 'awaiting-event', timeoutAt: T0 + 60_000 });
});

test('raised event names are read once each, case-insensitively, first seen first', () => {
  const history: HistoryEvent[] = [
    ...started,
    { eventId: -1, timestamp: T0, kind: 'EventRaised', name: 'Approval' },
    { eventId: -1, timestamp: T0, kind: 'EventRaised', name: 'approval' },
    { eventId: -1, timestamp: T0, kind: 'EventRaised', name: 'Cancel' },
  ];
  assert.deepEqual(raisedEventNames(history), ['Approval', 'Cancel']);
});
