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

/** A workflow's version name and the patches its code applied, as the worker reports them (Dapr 1.16+). */
export interface WorkflowVersion {
  readonly name?: string;
  readonly patches: readonly string[];
}

/** W3C trace context a caller or a parent passed along, kept as sent. */
export interface TraceContext {
  readonly traceParent: string;
  readonly spanId?: string;
  readonly traceState?: string;
}

/** Why an instance is STALLED, named as the protocol's StalledReason. */
export type StalledReason = 'PATCH_MISMATCH' | 'VERSION_NOT_AVAILABLE' | 'PAYLOAD_SIZE_EXCEEDED';

/** The body of one history event; `kind` names the protocol's event type. */
export type HistoryEventBody =
  | {
      readonly kind: 'ExecutionStarted';
      readonly name: string;
      readonly input?: string;
      readonly executionId: string;
      readonly parent?: ParentInstance;
      readonly scheduledStartAt?: number;
      readonly version?: string;
      readonly tags?: Readonly<Record<string, string>>;
      readonly trace?: TraceContext;
    }
  | {
      readonly kind: 'ExecutionCompleted';
      readonly status: RuntimeStatus;
      readonly result?: string;
      readonly failure?: FailureDetails;
    }
  | { readonly kind: 'ExecutionTerminated'; readonly output?: string; readonly recurse: boolean }
  | {
      readonly kind: 'TaskScheduled';
      readonly name: string;
      readonly input?: string;
      readonly version?: string;
      readonly taskExecutionId?: string;
    }
  | { readonly kind: 'TaskCompleted'; readonly taskScheduledId: number; readonly result?: string; readonly taskExecutionId?: string }
  | { readonly kind: 'TaskFailed'; readonly taskScheduledId: number; readonly failure: FailureDetails; readonly taskExecutionId?: string }
  | {
      readonly kind: 'SubOrchestrationInstanceCreated';
      readonly instanceId: string;
      readonly name: string;
      readonly input?: string;
      readonly version?: string;
    }
  | { readonly kind: 'SubOrchestrationInstanceCompleted'; readonly taskScheduledId: number; readonly result?: string }
  | {
      readonly kind: 'SubOrchestrationInstanceFailed';
      readonly taskScheduledId: number;
      readonly failure: FailureDetails;
    }
  | { readonly kind: 'TimerCreated'; readonly fireAt: number; readonly name?: string }
  | { readonly kind: 'TimerFired'; readonly timerId: number; readonly fireAt: number }
  | { readonly kind: 'OrchestratorStarted'; readonly version?: WorkflowVersion }
  | { readonly kind: 'OrchestratorCompleted' }
  | { readonly kind: 'EventSent'; readonly instanceId: string; readonly name: string; readonly input?: string }
  | { readonly kind: 'EventRaised'; readonly name: string; readonly input?: string }
  | { readonly kind: 'ContinueAsNew'; readonly input?: string }
  | { readonly kind: 'ExecutionSuspended'; readonly reason?: string }
  | { readonly kind: 'ExecutionResumed'; readonly reason?: string }
  | { readonly kind: 'ExecutionStalled'; readonly reason: StalledReason; readonly description?: string };

/** One event of an instance's history. `eventId` is the SDK's action ID, or -1. */
export type HistoryEvent = { readonly eventId: number; readonly timestamp: number } & HistoryEventBody;

/** The kind names of history events. */
export type HistoryEventKind = HistoryEventBody['kind'];
