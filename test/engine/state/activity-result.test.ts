/**
 * activityResultEvent: a worker's activity answer becomes TaskCompleted / TaskFailed with
 * taskScheduledId = the task's ID; a result over the payload limit becomes a failure.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_PAYLOAD_BYTES } from '../../../src/model/index.js';
import { activityResultEvent } from '../../../src/engine/state/activity-result.js';

const task = { instanceId: 'a', executionId: 'e', taskId: 4, name: 'charge' };
const NOW = 1_700_000_000_000;

describe('activityResultEvent', () => {
  it('turns a result into TaskCompleted pointing back at the task', () => {
    assert.deepEqual(activityResultEvent(task, { instanceId: 'a', taskId: 4, result: '"ok"' }, NOW), {
      eventId: -1,
      timestamp: NOW,
      taskScheduledId: 4,
      kind: 'TaskCompleted',
      result: '"ok"',
    });
  });

  it('keeps a failure verbatim in TaskFailed', () => {
    const failure = { errorType: 'Error', errorMessage: 'declined', stackTrace: 'at charge()' };
    assert.deepEqual(activityResultEvent(task, { instanceId: 'a', taskId: 4, failure }, NOW), {
      eventId: -1,
      timestamp: NOW,
      taskScheduledId: 4,
      kind: 'TaskFailed',
      failure,
    });
  });

  it("carries the task's execution ID on TaskCompleted and TaskFailed, as durabletask-go does", () => {
    const withId = { ...task, taskExecutionId: 'x-4' };
    const completed = activityResultEvent(withId, { instanceId: 'a', taskId: 4, result: '1' }, NOW);
    const failed = activityResultEvent(withId, { instanceId: 'a', taskId: 4, failure: { errorType: 'E', errorMessage: 'm' } }, NOW);
    assert.equal(completed.kind === 'TaskCompleted' && completed.taskExecutionId, 'x-4');
    assert.equal(failed.kind === 'TaskFailed' && failed.taskExecutionId, 'x-4');
  });

  it('fails the task when the result is over the payload limit', () => {
    const event = activityResultEvent(task, { instanceId: 'a', taskId: 4, result: `"${'x'.repeat(MAX_PAYLOAD_BYTES)}"` }, NOW);
    assert.equal(event.kind, 'TaskFailed');
    assert.match(event.kind === 'TaskFailed' ? event.failure.errorMessage : '', /^The result of activity "charge" is 4194306 bytes, over the limit/);
  });
});
