/**
 * The small pure pieces: terminate / suspend / resume outcomes, new instances, status rules,
 * request validation, the "not registered" recognisers and the caller's view of a record.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InstanceRecord } from '../../../src/engine/backend.js';
import { InvalidArgumentError, MAX_PAYLOAD_BYTES, PayloadTooLargeError } from '../../../src/model/index.js';
import { toInstanceState } from '../../../src/engine/state/instance-view.js';
import { resumeInstance, suspendInstance, terminateInstance } from '../../../src/engine/state/lifecycle.js';
import { buildNewInstance } from '../../../src/engine/state/new-instance.js';
import { isActivityNotRegistered, isWorkflowNotRegistered } from '../../../src/engine/state/not-registered.js';
import { canPurge, canResume, canSuspend, hasStarted, statusAfterTurn } from '../../../src/engine/state/status.js';
import { payloadBytes, validateInstanceId, validatePayload, validateWorkflowName } from '../../../src/engine/state/validation.js';

const NOW = 1_700_000_000_000;
const running: InstanceRecord = {
  instanceId: 'child-1',
  name: 'shipFlow',
  status: 'RUNNING',
  executionId: 'e1',
  createdAt: NOW - 10,
  lastUpdatedAt: NOW - 10,
  input: '1',
  customStatus: '"half way"',
  parent: { instanceId: 'parent-1', name: 'orderFlow', taskScheduledId: 3 },
  parentInstanceId: 'parent-1',
};

describe('terminateInstance', () => {
  it('appends ExecutionTerminated then ExecutionCompleted(TERMINATED) and stores the output', () => {
    const outcome = terminateInstance(running, '"stopped"', true, NOW);
    assert.deepEqual(
      outcome.historyAppend.map((event) => event.kind),
      ['ExecutionTerminated', 'ExecutionCompleted'],
    );
    assert.deepEqual(outcome.historyAppend[0], { eventId: -1, timestamp: NOW, kind: 'ExecutionTerminated', recurse: true, output: '"stopped"' });
    assert.equal(outcome.update.status, 'TERMINATED');
    assert.equal(outcome.update.output, '"stopped"');
    assert.equal(outcome.update.customStatus, '"half way"');
  });

  it('tells the parent its child failed', () => {
    const [notice] = terminateInstance(running, undefined, false, NOW).messages;
    assert.equal(notice?.instanceId, 'parent-1');
    assert.equal(notice?.event.kind, 'SubOrchestrationInstanceFailed');
    assert.equal(notice?.event.kind === 'SubOrchestrationInstanceFailed' && notice.event.taskScheduledId, 3);
  });
});

describe('suspend and resume', () => {
  it('suspend queues ExecutionSuspended and sets SUSPENDED, keeping the payloads', () => {
    const outcome = suspendInstance(running, 'maintenance', NOW);
    assert.deepEqual(outcome.inbox.event, { eventId: -1, timestamp: NOW, kind: 'ExecutionSuspended', reason: 'maintenance' });
    assert.equal(outcome.update.status, 'SUSPENDED');
    assert.equal(outcome.update.input, '1');
  });

  it('resume queues ExecutionResumed and sets RUNNING', () => {
    const outcome = resumeInstance({ ...running, status: 'SUSPENDED' }, undefined, NOW);
    assert.equal(outcome.inbox.event.kind, 'ExecutionResumed');
    assert.equal(outcome.update.status, 'RUNNING');
  });
});

describe('buildNewInstance', () => {
  it('is PENDING, and its ExecutionStarted waits for a future scheduled start', () => {
    const start = buildNewInstance({ instanceId: 'a', name: 'w', executionId: 'e', input: '"x"', scheduledStartAt: NOW + 500, now: NOW });
    assert.equal(start.record.status, 'PENDING');
    assert.equal(start.startEvent.visibleAt, NOW + 500);
    assert.deepEqual(start.startEvent.event, {
      eventId: -1,
      timestamp: NOW,
      kind: 'ExecutionStarted',
      name: 'w',
      executionId: 'e',
      input: '"x"',
      scheduledStartAt: NOW + 500,
    });
  });

  it('is deliverable at once without a scheduled start (or with one in the past)', () => {
    assert.equal(buildNewInstance({ instanceId: 'a', name: 'w', executionId: 'e', now: NOW }).startEvent.visibleAt, undefined);
    assert.equal(
      buildNewInstance({ instanceId: 'a', name: 'w', executionId: 'e', scheduledStartAt: NOW - 1, now: NOW }).startEvent.visibleAt,
      undefined,
    );
  });
});

describe('status rules', () => {
  it('derives the status after a turn', () => {
    assert.equal(statusAfterTurn('PENDING', undefined), 'RUNNING');
    assert.equal(statusAfterTurn('RUNNING', 'COMPLETED'), 'COMPLETED');
    assert.equal(statusAfterTurn('SUSPENDED', undefined), 'SUSPENDED');
    assert.equal(statusAfterTurn('SUSPENDED', 'FAILED'), 'FAILED');
    assert.equal(statusAfterTurn('RUNNING', 'CONTINUED_AS_NEW'), 'RUNNING');
  });

  it('allows each lifecycle action only in its statuses', () => {
    assert.deepEqual(
      (['RUNNING', 'PENDING', 'SUSPENDED', 'COMPLETED', 'FAILED', 'TERMINATED', 'CANCELED'] as const).map((s) => [
        s,
        canSuspend(s),
        canResume(s),
        canPurge(s),
        hasStarted(s),
      ]),
      [
        ['RUNNING', true, false, false, true],
        ['PENDING', true, false, false, false],
        ['SUSPENDED', false, true, false, true],
        ['COMPLETED', false, false, true, true],
        ['FAILED', false, false, true, true],
        ['TERMINATED', false, false, true, true],
        ['CANCELED', false, false, true, true],
      ],
    );
  });
});

describe('validation', () => {
  it('accepts letters, digits, _ and - in instance IDs and refuses anything else with one sentence', () => {
    assert.doesNotThrow(() => validateInstanceId('Order_42-b'));
    for (const bad of ['', 'a b', 'a/b', 'ä', 'x:1']) {
      assert.throws(() => validateInstanceId(bad), (error: unknown) => {
        assert.ok(error instanceof InvalidArgumentError);
        assert.match(error.message, /is not valid: use only letters, digits, "_" and "-"\.$/);
        return true;
      });
    }
  });

  it('requires a workflow name', () => {
    assert.throws(() => validateWorkflowName(''), InvalidArgumentError);
    assert.throws(() => validateWorkflowName('  '), InvalidArgumentError);
    assert.doesNotThrow(() => validateWorkflowName('orderFlow'));
  });

  it('measures payloads in UTF-8 bytes and refuses more than 4 MiB', () => {
    assert.equal(payloadBytes('"é"'), 4);
    assert.doesNotThrow(() => validatePayload('input', 'x'.repeat(MAX_PAYLOAD_BYTES)));
    // Under the limit in characters, over it in UTF-8 bytes.
    const multiByte = 'é'.repeat(MAX_PAYLOAD_BYTES / 2 + 1);
    assert.throws(() => validatePayload('workflow input', multiByte), (error: unknown) => {
      assert.ok(error instanceof PayloadTooLargeError);
      assert.equal(error.message, `The workflow input is ${MAX_PAYLOAD_BYTES + 2} bytes, over the limit of ${MAX_PAYLOAD_BYTES} bytes (4 MiB).`);
      return true;
    });
  });
});

describe('not-registered answers', () => {
  it('recognises the SDK failures for a missing workflow or activity, and nothing else', () => {
    const failed = (errorType: string) => ({
      instanceId: 'a',
      actions: [{ id: 1, kind: 'CompleteOrchestration' as const, status: 'FAILED' as const, failure: { errorType, errorMessage: 'm' }, carryoverEvents: [] }],
    });
    assert.equal(isWorkflowNotRegistered(failed('OrchestratorNotRegisteredError')), true);
    assert.equal(isWorkflowNotRegistered(failed('TypeError')), false);
    assert.equal(isActivityNotRegistered({ instanceId: 'a', taskId: 1, failure: { errorType: 'ActivityNotRegisteredError', errorMessage: 'm' } }), true);
    assert.equal(isActivityNotRegistered({ instanceId: 'a', taskId: 1, result: '1' }), false);
  });
});

describe('toInstanceState', () => {
  it('leaves payloads out unless asked and never shows storage-only fields (the completion time is state: WorkflowState.completedTimestamp)', () => {
    const lean = toInstanceState({ ...running, completedAt: NOW }, false);
    assert.equal(lean.input, undefined);
    assert.equal(lean.customStatus, undefined);
    assert.equal('parent' in lean, false);
    assert.equal(lean.completedAt, NOW);
    assert.equal(lean.parentInstanceId, 'parent-1');
    const full = toInstanceState(running, true);
    assert.equal(full.input, '1');
    assert.equal(full.customStatus, '"half way"');
  });
});
