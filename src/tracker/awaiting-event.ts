/**
 * Whether a running instance waits for an external event, read from its history, pure. A
 * workflow that waits for an event leaves no trace of the wait itself in its history (the
 * SDK sends no action for it), so the wait is what remains: the worker has run a turn and no
 * activity or child workflow is pending. A pending timer at the same time is a wait with a
 * timeout (when it fires is kept). History holds committed turns only: an event raised but
 * not yet processed shows once the turn that takes it is committed.
 */
import type { HistoryEvent, RuntimeStatus } from '../model/index.js';

/** What an instance's history says about waiting. */
export type WaitState =
  | { readonly kind: 'awaiting-event'; readonly timeoutAt?: number }
  /** An activity or child workflow is pending, or the worker has not run a turn yet. */
  | { readonly kind: 'busy' }
  /** The instance does not run (finished, suspended, pending start). */
  | { readonly kind: 'not-running' };

/** How a RUNNING instance's history reads; anything but RUNNING is `not-running`. */
export function classifyWait(status: RuntimeStatus, history: readonly HistoryEvent[]): WaitState {
  if (status !== 'RUNNING') return { kind: 'not-running' };
  const pendingTasks = new Set<number>();
  const pendingTimers = new Map<number, number>();
  let hasRunTurn = false;
  for (const event of history) {
    switch (event.kind) {
      case 'OrchestratorStarted':
        hasRunTurn = true;
        break;
      case 'TaskScheduled':
      case 'SubOrchestrationInstanceCreated':
        pendingTasks.add(event.eventId);
        break;
      case 'TaskCompleted':
      case 'TaskFailed':
      case 'SubOrchestrationInstanceCompleted':
      case 'SubOrchestrationInstanceFailed':
        pendingTasks.delete(event.taskScheduledId);
        break;
      case 'TimerCreated':
        pendingTimers.set(event.eventId, event.fireAt);
        break;
      case 'TimerFired':
        pendingTimers.delete(event.timerId);
        break;
      default:
        break;
    }
  }
  if (!hasRunTurn || pendingTasks.size > 0) return { kind: 'busy' };
  if (pendingTimers.size === 0) return { kind: 'awaiting-event' };
  return { kind: 'awaiting-event', timeoutAt: Math.min(...pendingTimers.values()) };
}

/** The names of events raised on an instance, as its history records them, first seen first. */
export function raisedEventNames(history: readonly HistoryEvent[]): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const event of history) {
    if (event.kind !== 'EventRaised') continue;
    const key = event.name.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    names.push(event.name);
  }
  return names;
}
