/**
 * An instance's history: the events the sidecar records for each run, as the protocol names
 * them. Times are milliseconds since the Unix epoch; payloads are JSON text as sent.
 */
import type { FailureDetails } from './failure-details.js';
import type { RuntimeStatus } from './runtime-status.js';

/** For a child workflow: which parent started it, and with which action ID. */
export interface ParentInstance {
  readonly instanceId: string;
  readonly name: string;
  readonly taskScheduledId: number;
}

/** The body of one history event; `kind` names the protocol's event type. */
export type HistoryEventBody =
  | {
      readonly kind: 'ExecutionStarted';
      readonly name: string;
      readonly input?: string;
      readonly executionId: string;
      readonly parent?: ParentInstance;
      readonly scheduledStartAt?: number;
    }
  | {
      readonly kind: 'ExecutionCompleted';
      readonly status: RuntimeStatus;
      readonly result?: string;
      readonly failure?: FailureDetails;
    }
  | { readonly kind: 'ExecutionTerminated'; readonly output?: string; readonly recurse: boolean }
  | { readonly kind: 'TaskScheduled'; readonly name: string; readonly input?: string }
  | { readonly kind: 'TaskCompleted'; readonly taskScheduledId: number; readonly result?: string }
  | { readonly kind: 'TaskFailed'; readonly taskScheduledId: number; readonly failure: FailureDetails }
  | {
      readonly kind: 'SubOrchestrationInstanceCreated';
      readonly instanceId: string;
      readonly name: string;
      readonly input?: string;
    }
  | { readonly kind: 'SubOrchestrationInstanceCompleted'; readonly taskScheduledId: number; readonly result?: string }
  | {
      readonly kind: 'SubOrchestrationInstanceFailed';
      readonly taskScheduledId: number;
      readonly failure: FailureDetails;
    }
  | { readonly kind: 'TimerCreated'; readonly fireAt: number }
  | { readonly kind: 'TimerFired'; readonly timerId: number; readonly fireAt: number }
  | { readonly kind: 'OrchestratorStarted' }
  | { readonly kind: 'OrchestratorCompleted' }
  | { readonly kind: 'EventSent'; readonly instanceId: string; readonly name: string; readonly input?: string }
  | { readonly kind: 'EventRaised'; readonly name: string; readonly input?: string }
  | { readonly kind: 'ContinueAsNew'; readonly input?: string }
  | { readonly kind: 'ExecutionSuspended'; readonly reason?: string }
  | { readonly kind: 'ExecutionResumed'; readonly reason?: string };

/** One event of an instance's history. `eventId` is the SDK's action ID, or -1. */
export type HistoryEvent = { readonly eventId: number; readonly timestamp: number } & HistoryEventBody;

/** The kind names of history events. */
export type HistoryEventKind = HistoryEventBody['kind'];
