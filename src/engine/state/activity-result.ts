/**
 * The event an activity's answer becomes in its instance's inbox: TaskCompleted with the
 * result, or TaskFailed with the failure — also when the result is over the payload limit.
 * Either carries the task's execution ID, as durabletask-go fills it from TaskScheduled.
 */
import type { ActivityTask } from '../backend.js';
import { MAX_PAYLOAD_BYTES, type ActivityResult, type HistoryEvent } from '../../model/index.js';
import { payloadBytes, payloadTooLargeMessage } from './validation.js';

/** The inbox event for a worker's answer to `task`. */
export function activityResultEvent(task: ActivityTask, result: ActivityResult, now: number): HistoryEvent {
  const at = {
    eventId: -1,
    timestamp: now,
    taskScheduledId: task.taskId,
    ...(task.taskExecutionId !== undefined && { taskExecutionId: task.taskExecutionId }),
  };
  if (result.failure) return { ...at, kind: 'TaskFailed', failure: result.failure };
  const output = result.result;
  const bytes = output === undefined || output.length * 3 <= MAX_PAYLOAD_BYTES ? 0 : payloadBytes(output);
  if (bytes > MAX_PAYLOAD_BYTES) {
    return {
      ...at,
      kind: 'TaskFailed',
      failure: {
        errorType: 'PayloadTooLargeError',
        errorMessage: payloadTooLargeMessage(`result of activity "${task.name}"`, bytes),
        isNonRetriable: true,
      },
    };
  }
  return { ...at, kind: 'TaskCompleted', ...(output !== undefined && { result: output }) };
}
