/**
 * Rerunning a finished instance from one of its activities (Dapr's RerunWorkflowFromEvent):
 * a new instance whose history is the source's history up to and including that activity's
 * TaskScheduled event (its input replaced when asked), RUNNING at once, with every activity
 * scheduled in that history but not answered in it sent again, and every timer created but
 * not fired set again. The source is left as it is. Pure: the caller persists the result.
 */
import type { ActivityTask, InstanceRecord, NewInboxEvent } from '../backend.js';
import {
  FailedPreconditionError,
  InstanceExistsError,
  InvalidArgumentError,
  isTerminalStatus,
  UnsupportedFeatureError,
  type HistoryEvent,
  type RerunRequest,
} from '../../model/index.js';

/** What a rerun creates: the new instance, its first history and the work it has pending. */
export interface RerunStart {
  readonly record: InstanceRecord;
  readonly history: readonly HistoryEvent[];
  readonly activities: readonly ActivityTask[];
  /** Timers of the history not yet fired, as inbox events visible at their fire time. */
  readonly timers: readonly NewInboxEvent[];
}

/** Everything a rerun is computed from. */
export interface RerunSpec {
  readonly source: InstanceRecord;
  readonly history: readonly HistoryEvent[];
  readonly request: RerunRequest;
  readonly newInstanceId: string;
  readonly executionId: string;
  /** True when an instance with the new ID exists already. */
  readonly newIdTaken: boolean;
  readonly now: number;
}

/**
 * The new instance of a rerun. Throws FailedPreconditionError when the source is not
 * finished, InvalidArgumentError when the event is not an activity's TaskScheduled event of
 * the source's history, InstanceExistsError when the new ID is taken,
 * UnsupportedFeatureError for reruns from a child workflow's creation.
 */
export function buildRerun(spec: RerunSpec): RerunStart {
  const { source, history, request, now } = spec;
  if (!isTerminalStatus(source.status) || source.status === 'CANCELED') {
    throw new FailedPreconditionError(
      `The instance "${source.instanceId}" is ${source.status}; only COMPLETED, FAILED or TERMINATED instances can be rerun.`,
    );
  }
  const cut = history.findIndex((event) => event.eventId === request.eventId && (event.kind === 'TaskScheduled' || event.kind === 'SubOrchestrationInstanceCreated'));
  const target = history[cut];
  if (!target) {
    throw new InvalidArgumentError(
      `The instance "${source.instanceId}" has no activity scheduled with event ID ${request.eventId} to rerun from.`,
    );
  }
  if (target.kind === 'SubOrchestrationInstanceCreated' || request.newChildInstanceId !== undefined) {
    throw new UnsupportedFeatureError(
      'RerunWorkflowFromEvent from a child workflow\'s creation event (newChildWorkflowInstanceID) is not supported by the embedded sidecar; rerun from an activity.',
    );
  }
  if (spec.newIdTaken || spec.newInstanceId === source.instanceId) {
    throw new InstanceExistsError(`An instance with the ID "${spec.newInstanceId}" already exists; a rerun needs a new instance ID.`);
  }
  const prefix = history.slice(0, cut + 1).map((event): HistoryEvent => {
    if (event.kind === 'ExecutionStarted') {
      const { parent: _parent, ...rest } = event;
      return { ...rest, executionId: spec.executionId };
    }
    if (event === target && target.kind === 'TaskScheduled' && request.overwriteInput) {
      const { input: _input, ...rest } = target;
      return { ...rest, ...(request.input !== undefined && { input: request.input }) };
    }
    return event;
  });

  const answered = new Set<number>();
  const fired = new Set<number>();
  for (const event of prefix) {
    if (event.kind === 'TaskCompleted' || event.kind === 'TaskFailed') answered.add(event.taskScheduledId);
    if (event.kind === 'TimerFired') fired.add(event.timerId);
    if (event.kind === 'SubOrchestrationInstanceCompleted' || event.kind === 'SubOrchestrationInstanceFailed') answered.add(-1 - event.taskScheduledId);
  }
  const activities: ActivityTask[] = [];
  const timers: NewInboxEvent[] = [];
  for (const event of prefix) {
    if (event.kind === 'TaskScheduled' && !answered.has(event.eventId)) {
      activities.push({
        instanceId: spec.newInstanceId,
        executionId: spec.executionId,
        taskId: event.eventId,
        name: event.name,
        ...(event.input !== undefined && { input: event.input }),
      });
    } else if (event.kind === 'TimerCreated' && !fired.has(event.eventId)) {
      timers.push({
        event: { eventId: -1, timestamp: event.fireAt, kind: 'TimerFired', timerId: event.eventId, fireAt: event.fireAt },
        visibleAt: event.fireAt,
      });
    } else if (event.kind === 'SubOrchestrationInstanceCreated' && !answered.has(-1 - event.eventId)) {
      throw new UnsupportedFeatureError(
        `Event ${request.eventId} comes after child workflow "${event.instanceId}" started and before it finished; the embedded sidecar cannot rerun across an unfinished child workflow.`,
      );
    }
  }

  const record: InstanceRecord = {
    instanceId: spec.newInstanceId,
    name: source.name,
    status: 'RUNNING',
    executionId: spec.executionId,
    createdAt: now,
    lastUpdatedAt: now,
    ...(source.input !== undefined && { input: source.input }),
    ...(source.version !== undefined && { version: source.version }),
    ...(source.tags !== undefined && { tags: source.tags }),
  };
  return { record, history: prefix, activities, timers };
}
