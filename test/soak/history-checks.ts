/**
 * What the crash matrix reads out of an instance's history: the work still pending (the
 * states an instance is in when the sidecar is killed), whether every scheduled activity and
 * child got exactly one result, which raised events arrived, and whether history kept
 * across a restart starts with what was seen before the kill.
 */
import type { HistoryEvent, RuntimeStatus, WorkflowInstance } from '../../src/client/types.js';

/** Work an instance has started and not yet seen finish. */
export interface PendingWork {
  /** Scheduled activities without a result: TaskScheduled event IDs. */
  readonly activities: readonly number[];
  /** Created timers that have not fired. */
  readonly timers: readonly number[];
  /** Child workflows without a result. */
  readonly children: readonly number[];
}

/** The activities, timers and children of `history` that have not finished. */
export function pendingWork(history: readonly HistoryEvent[]): PendingWork {
  const activities = new Set<number>();
  const timers = new Set<number>();
  const children = new Set<number>();
  for (const event of history) {
    switch (event.kind) {
      case 'TaskScheduled':
        activities.add(event.eventId);
        break;
      case 'TaskCompleted':
      case 'TaskFailed':
        activities.delete(event.taskScheduledId);
        break;
      case 'TimerCreated':
        timers.add(event.eventId);
        break;
      case 'TimerFired':
        timers.delete(event.timerId);
        break;
      case 'SubOrchestrationInstanceCreated':
        children.add(event.eventId);
        break;
      case 'SubOrchestrationInstanceCompleted':
      case 'SubOrchestrationInstanceFailed':
        children.delete(event.taskScheduledId);
        break;
      default:
        break;
    }
  }
  return { activities: [...activities], timers: [...timers], children: [...children] };
}

/** True for statuses an instance never leaves by itself. */
export function isFinished(status: RuntimeStatus): boolean {
  return status === 'COMPLETED' || status === 'FAILED' || status === 'TERMINATED' || status === 'CANCELED';
}

/**
 * Problems with the results recorded in a finished instance's history: a result for
 * something never scheduled, two results for one task, child or timer, and (for a COMPLETED
 * instance, which waited for everything it started) a task or child without a result.
 */
export function resultProblems(final: WorkflowInstance, history: readonly HistoryEvent[]): string[] {
  const problems: string[] = [];
  const scheduled = new Map<number, string>();
  const childIds = new Set<number>();
  const timers = new Set<number>();
  const results = new Map<string, number>();
  const countResult = (key: string) => results.set(key, (results.get(key) ?? 0) + 1);
  for (const event of history) {
    if (event.kind === 'TaskScheduled') scheduled.set(event.eventId, event.name);
    else if (event.kind === 'SubOrchestrationInstanceCreated') childIds.add(event.eventId);
    else if (event.kind === 'TimerCreated') timers.add(event.eventId);
    else if (event.kind === 'TaskCompleted' || event.kind === 'TaskFailed') {
      if (!scheduled.has(event.taskScheduledId)) problems.push(`${final.instanceId} has a result for activity #${event.taskScheduledId}, which was never scheduled.`);
      countResult(`task ${event.taskScheduledId}`);
    } else if (event.kind === 'SubOrchestrationInstanceCompleted' || event.kind === 'SubOrchestrationInstanceFailed') {
      if (!childIds.has(event.taskScheduledId)) problems.push(`${final.instanceId} has a result for child #${event.taskScheduledId}, which was never created.`);
      countResult(`child ${event.taskScheduledId}`);
    } else if (event.kind === 'TimerFired') {
      if (!timers.has(event.timerId)) problems.push(`${final.instanceId} has timer #${event.timerId} firing, which was never created.`);
      countResult(`timer ${event.timerId}`);
    }
  }
  for (const [key, count] of results) {
    if (count > 1) problems.push(`${final.instanceId} recorded ${count} results for ${key.replace(' ', ' #')}.`);
  }
  if (final.status === 'COMPLETED') {
    for (const [id, name] of scheduled) {
      if (!results.has(`task ${id}`)) problems.push(`${final.instanceId} completed without a result for activity #${id} (${name}).`);
    }
    for (const id of childIds) {
      if (!results.has(`child ${id}`)) problems.push(`${final.instanceId} completed without a result for child #${id}.`);
    }
  }
  return problems;
}

/** How many EventRaised events of `history` carry the nonce `nonce` (in the payload's `soak_event`) under `name`. */
export function deliveriesOf(history: readonly HistoryEvent[], name: string, nonce: string): number {
  return history.filter((event) => event.kind === 'EventRaised' && event.name.toLowerCase() === name.toLowerCase() && nonceOf(event.input) === nonce).length;
}

/** The `soak_event` field of a JSON payload, if any. */
export function nonceOf(input: string | undefined): string | undefined {
  if (input === undefined) return undefined;
  try {
    const value = JSON.parse(input) as { soak_event?: unknown } | null;
    return typeof value?.soak_event === 'string' ? value.soak_event : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Problems when the history after a restart does not start with the history seen before
 * the kill (something the sidecar had shown was lost or rewritten).
 */
export function keptHistoryProblems(instanceId: string, before: readonly HistoryEvent[], after: readonly HistoryEvent[]): string[] {
  if (after.length < before.length) return [`${instanceId} had ${before.length} history events before the kill and only ${after.length} after the restart.`];
  for (let index = 0; index < before.length; index++) {
    if (JSON.stringify(before[index]) !== JSON.stringify(after[index])) {
      return [`${instanceId}'s history event ${index} changed across the restart: ${JSON.stringify(before[index])} became ${JSON.stringify(after[index])}.`];
    }
  }
  return [];
}
