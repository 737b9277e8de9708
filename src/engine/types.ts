/**
 * The engine's domain model: workflow instances, their history and the actions a worker
 * returns. Plain data only (no protobuf, no SQL), so the state functions, the storage, the
 * gRPC and HTTP layers and the console all speak the same words. Times are milliseconds
 * since the Unix epoch; payloads are JSON text exactly as the SDK sent them.
 */

/** A workflow instance's runtime status, named as Dapr's Durable Task protocol names them. */
export type RuntimeStatus =
  | 'RUNNING'
  | 'COMPLETED'
  | 'CONTINUED_AS_NEW'
  | 'FAILED'
  | 'CANCELED'
  | 'TERMINATED'
  | 'PENDING'
  | 'SUSPENDED';

/** Every runtime status, in the protocol's enum order (index = protobuf enum value). */
export const RUNTIME_STATUSES: readonly RuntimeStatus[] = [
  'RUNNING',
  'COMPLETED',
  'CONTINUED_AS_NEW',
  'FAILED',
  'CANCELED',
  'TERMINATED',
  'PENDING',
  'SUSPENDED',
];

/** True for the statuses an instance never leaves by itself (purge may remove it). */
export function isTerminalStatus(status: RuntimeStatus): boolean {
  return status === 'COMPLETED' || status === 'FAILED' || status === 'TERMINATED' || status === 'CANCELED';
}

/** Why a workflow, an activity or a child workflow failed, as the SDK reported it. */
export interface FailureDetails {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly stackTrace?: string;
  readonly innerFailure?: FailureDetails;
  readonly isNonRetriable?: boolean;
}

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

/** The body of one action a worker returns from an orchestrator turn. */
export type OrchestratorActionBody =
  | { readonly kind: 'ScheduleTask'; readonly name: string; readonly input?: string }
  | {
      readonly kind: 'CreateSubOrchestration';
      readonly instanceId: string;
      readonly name: string;
      readonly input?: string;
    }
  | { readonly kind: 'CreateTimer'; readonly fireAt: number }
  | { readonly kind: 'SendEvent'; readonly instanceId: string; readonly name: string; readonly data?: string }
  | {
      readonly kind: 'CompleteOrchestration';
      readonly status: RuntimeStatus;
      readonly result?: string;
      readonly failure?: FailureDetails;
      /** For CONTINUED_AS_NEW: events the new run receives first. */
      readonly carryoverEvents: readonly HistoryEvent[];
    };

/** One action a worker returns; `id` becomes the eventId of the history event it causes. */
export type OrchestratorAction = { readonly id: number } & OrchestratorActionBody;

/** What the console and the clients see of one instance. */
export interface InstanceState {
  readonly instanceId: string;
  readonly name: string;
  readonly status: RuntimeStatus;
  readonly createdAt: number;
  readonly lastUpdatedAt: number;
  readonly scheduledStartAt?: number;
  /** Present only when payloads were asked for. */
  readonly input?: string;
  readonly output?: string;
  readonly customStatus?: string;
  readonly failure?: FailureDetails;
  readonly parentInstanceId?: string;
  readonly executionId: string;
}

/** An orchestrator turn sent to a worker: the history so far and the new events to apply. */
export interface OrchestratorWorkItem {
  readonly kind: 'orchestrator';
  readonly instanceId: string;
  readonly executionId: string;
  readonly pastEvents: readonly HistoryEvent[];
  readonly newEvents: readonly HistoryEvent[];
}

/** An activity call sent to a worker. */
export interface ActivityWorkItem {
  readonly kind: 'activity';
  readonly instanceId: string;
  readonly executionId: string;
  readonly taskId: number;
  readonly name: string;
  readonly input?: string;
}

/** Anything the engine streams to a connected worker. */
export type WorkItem = OrchestratorWorkItem | ActivityWorkItem;

/** A worker's answer to an orchestrator work item. */
export interface OrchestratorResult {
  readonly instanceId: string;
  readonly actions: readonly OrchestratorAction[];
  readonly customStatus?: string;
}

/** A worker's answer to an activity work item: a result or a failure. */
export interface ActivityResult {
  readonly instanceId: string;
  readonly taskId: number;
  readonly result?: string;
  readonly failure?: FailureDetails;
}
