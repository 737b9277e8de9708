/**
 * What a sidecar and a workflow worker exchange: the work items it streams to the worker
 * (orchestrator turns, activity calls) and the worker's answers (actions, results).
 */
import type { FailureDetails } from './failure-details.js';
import type { HistoryEvent, WorkflowVersion } from './history-event.js';
import type { RuntimeStatus } from './runtime-status.js';

/** The body of one action a worker returns from an orchestrator turn. */
export type OrchestratorActionBody =
  | {
      readonly kind: 'ScheduleTask';
      readonly name: string;
      readonly input?: string;
      readonly version?: string;
      readonly taskExecutionId?: string;
    }
  | {
      readonly kind: 'CreateSubOrchestration';
      readonly instanceId: string;
      readonly name: string;
      readonly input?: string;
      readonly version?: string;
    }
  | { readonly kind: 'CreateTimer'; readonly fireAt: number; readonly name?: string }
  /** The worker has no code for the instance's version: the instance becomes STALLED. */
  | { readonly kind: 'VersionNotAvailable' }
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

/** An orchestrator turn sent to a worker: the history so far and the new events to apply. */
export interface OrchestratorWorkItem {
  readonly kind: 'orchestrator';
  readonly instanceId: string;
  readonly executionId: string;
  readonly pastEvents: readonly HistoryEvent[];
  readonly newEvents: readonly HistoryEvent[];
}

/** What a worker declared when it opened its work-item stream. */
export interface WorkerOptions {
  /** The worker can fetch history itself (WORKER_CAPABILITY_HISTORY_STREAMING). */
  readonly historyStreaming: boolean;
}

/** An activity call sent to a worker. */
export interface ActivityWorkItem {
  readonly kind: 'activity';
  readonly instanceId: string;
  readonly executionId: string;
  readonly taskId: number;
  readonly name: string;
  readonly input?: string;
  readonly version?: string;
  readonly taskExecutionId?: string;
}

/** Anything the engine streams to a connected worker. */
export type WorkItem = OrchestratorWorkItem | ActivityWorkItem;

/** A worker's answer to an orchestrator work item. */
export interface OrchestratorResult {
  readonly instanceId: string;
  readonly actions: readonly OrchestratorAction[];
  readonly customStatus?: string;
  /** The version name and patches the worker's code ran with this turn. */
  readonly version?: WorkflowVersion;
  /** Durable Task's earlier way of reporting a patch mismatch. */
  readonly patchMismatch?: boolean;
  /** How many of the turn's new events the worker processed; absent means all. */
  readonly numEventsProcessed?: number;
}

/** A worker's answer to an activity work item: a result or a failure. */
export interface ActivityResult {
  readonly instanceId: string;
  readonly taskId: number;
  readonly result?: string;
  readonly failure?: FailureDetails;
}
