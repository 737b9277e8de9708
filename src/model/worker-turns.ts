/**
 * What a sidecar and a workflow worker exchange: the work items it streams to the worker
 * (orchestrator turns, activity calls) and the worker's answers (actions, results).
 */
import type { FailureDetails } from './failure-details.js';
import type { HistoryEvent } from './history-event.js';
import type { RuntimeStatus } from './runtime-status.js';

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
