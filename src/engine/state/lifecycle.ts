/**
 * The engine's own lifecycle operations as pure functions: what terminate, suspend and resume
 * write (history or inbox events, the instance's new columns, the parent's notification).
 */
import type { InstanceRecord, InstanceUpdate, NewInboxEvent, OutgoingMessage } from '../backend.js';
import type { HistoryEvent, RuntimeStatus } from '../../model/index.js';
import { parentNotice } from './apply-turn.js';

/** What terminating an instance writes. */
export interface TerminateOutcome {
  readonly historyAppend: readonly HistoryEvent[];
  readonly update: InstanceUpdate;
  readonly messages: readonly OutgoingMessage[];
}

/**
 * Terminating a non-terminal instance: a turn of its own in history, as daprd writes it
 * (OrchestratorStarted, ExecutionTerminated, ExecutionCompleted(TERMINATED)), status
 * TERMINATED with the given output, its parent told.
 */
export function terminateInstance(instance: InstanceRecord, output: string | undefined, recurse: boolean, now: number): TerminateOutcome {
  const at = { eventId: -1, timestamp: now };
  const historyAppend: HistoryEvent[] = [
    { ...at, kind: 'OrchestratorStarted' },
    { ...at, kind: 'ExecutionTerminated', recurse, ...(output !== undefined && { output }) },
    { ...at, kind: 'ExecutionCompleted', status: 'TERMINATED', ...(output !== undefined && { result: output }) },
  ];
  const notice = parentNotice(instance, 'TERMINATED', output, undefined, now);
  return {
    historyAppend,
    update: {
      status: 'TERMINATED',
      executionId: instance.executionId,
      lastUpdatedAt: now,
      completedAt: now,
      ...(instance.input !== undefined && { input: instance.input }),
      ...(instance.customStatus !== undefined && { customStatus: instance.customStatus }),
      ...(output !== undefined && { output }),
    },
    messages: notice ? [notice] : [],
  };
}

/** What suspending or resuming writes: one inbox event and the instance's new columns. */
export interface ControlOutcome {
  readonly inbox: NewInboxEvent;
  readonly update: InstanceUpdate;
}

/** Suspending: ExecutionSuspended queued for the next turn, status SUSPENDED at once. */
export function suspendInstance(instance: InstanceRecord, reason: string | undefined, now: number): ControlOutcome {
  return {
    inbox: { event: { eventId: -1, timestamp: now, kind: 'ExecutionSuspended', ...(reason !== undefined && { reason }) } },
    update: keepColumns(instance, 'SUSPENDED', now),
  };
}

/** Resuming: ExecutionResumed queued after the held events, status RUNNING at once. */
export function resumeInstance(instance: InstanceRecord, reason: string | undefined, now: number): ControlOutcome {
  return {
    inbox: { event: { eventId: -1, timestamp: now, kind: 'ExecutionResumed', ...(reason !== undefined && { reason }) } },
    update: keepColumns(instance, 'RUNNING', now),
  };
}

function keepColumns(instance: InstanceRecord, status: InstanceUpdate['status'], now: number): InstanceUpdate {
  return {
    status,
    executionId: instance.executionId,
    lastUpdatedAt: now,
    ...(instance.input !== undefined && { input: instance.input }),
    ...(instance.output !== undefined && { output: instance.output }),
    ...(instance.customStatus !== undefined && { customStatus: instance.customStatus }),
    ...(instance.failure !== undefined && { failure: instance.failure }),
  };
}

/**
 * Which of an instance's queued events its next turn may deliver. As daprd 1.18 does, a
 * suspended instance keeps receiving its events, each written to history on a turn of its
 * own; the SDK's worker holds them until ExecutionResumed arrives. Only a run that has not
 * started yet receives nothing while suspended.
 */
export function deliverableWhile<Entry extends { readonly event: HistoryEvent }>(
  status: RuntimeStatus,
  inbox: readonly Entry[],
): readonly Entry[] {
  if (status !== 'SUSPENDED') return inbox;
  if (inbox.some((entry) => entry.event.kind === 'ExecutionStarted')) return [];
  return inbox;
}
