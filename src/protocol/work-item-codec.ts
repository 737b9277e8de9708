/**
 * The worker stream's messages: model work items → the protocol's `WorkItem`, and the
 * worker's answers (`WorkflowResponse`, `ActivityResponse`) → model results. The opposite
 * directions exist too, for tests and tools that play the worker's side.
 */
import { InvalidArgumentError, SidecarError, type ActivityResult, type OrchestratorAction, type OrchestratorResult, type WorkerOptions, type WorkItem } from '../model/index.js';
import { orchestratorActionFromPb, orchestratorActionToPb } from './action-codec.js';
import { failureToPb, optionalFailureFromPb } from './failure-codec.js';
import { historyFromPb, historyToPb, versionFromPb, versionToPb } from './history-codec.js';
import type { wire } from './wire.js';
import { nonEmpty, stringValue, textOf, withoutUndefined } from './wire-values.js';

const HISTORY_STREAMING = 1;

/** The protocol message that hands a work item to a worker. */
export function workItemToPb(item: WorkItem): wire.IWorkItem {
  if (item.kind === 'orchestrator') {
    return {
      workflowRequest: {
        instanceId: item.instanceId,
        executionId: stringValue(item.executionId),
        pastEvents: historyToPb(item.pastEvents, item.instanceId),
        newEvents: historyToPb(item.newEvents, item.instanceId),
      },
    };
  }
  return {
    activityRequest: withoutUndefined({
      name: item.name,
      version: stringValue(item.version),
      input: stringValue(item.input),
      workflowInstance: { instanceId: item.instanceId, executionId: stringValue(item.executionId) },
      taskId: item.taskId,
      taskExecutionId: item.taskExecutionId,
    }),
  };
}

/** The model work item a decoded protocol message carries. Throws InvalidArgumentError for one that carries neither kind. */
export function workItemFromPb(message: wire.WorkItem): WorkItem {
  const workflow = message.workflowRequest;
  if (workflow) {
    return {
      kind: 'orchestrator',
      instanceId: workflow.instanceId ?? '',
      executionId: textOf(workflow.executionId) ?? '',
      pastEvents: historyFromPb(workflow.pastEvents as wire.HistoryEvent[]),
      newEvents: historyFromPb(workflow.newEvents as wire.HistoryEvent[]),
    };
  }
  const activity = message.activityRequest;
  if (activity) {
    return withoutUndefined({
      kind: 'activity' as const,
      instanceId: activity.workflowInstance?.instanceId ?? '',
      executionId: textOf(activity.workflowInstance?.executionId) ?? '',
      taskId: activity.taskId ?? 0,
      name: activity.name ?? '',
      input: textOf(activity.input),
      version: nonEmpty(textOf(activity.version)),
      taskExecutionId: nonEmpty(activity.taskExecutionId),
    });
  }
  throw new InvalidArgumentError('The work item carries neither a workflow nor an activity request.');
}

/** What a worker declared when it opened GetWorkItems. */
export function workerOptionsFromPb(message: wire.IGetWorkItemsRequest): WorkerOptions {
  return { historyStreaming: (message.capabilities ?? []).includes(HISTORY_STREAMING) };
}

/**
 * The actions of a workflow answer. An action the sidecar cannot carry out (refused by name)
 * does not leave the turn hanging: the turn becomes a failure of the workflow whose details
 * say what was refused, as daprd fails a workflow whose actions it cannot apply.
 */
function actionsFromPb(actions: readonly wire.WorkflowAction[]): OrchestratorAction[] {
  try {
    return actions.map(orchestratorActionFromPb);
  } catch (error) {
    if (!(error instanceof SidecarError)) throw error;
    const lastId = actions.reduce((max, action) => Math.max(max, action.id ?? 0), 0);
    return [
      {
        id: lastId + 1,
        kind: 'CompleteOrchestration',
        status: 'FAILED',
        failure: { errorType: error.name, errorMessage: error.message, isNonRetriable: true },
        carryoverEvents: [],
      },
    ];
  }
}

/** A worker's workflow answer; actions the sidecar cannot take fail the workflow (see actionsFromPb). */
export function orchestratorResultFromPb(message: wire.WorkflowResponse): OrchestratorResult {
  return withoutUndefined({
    instanceId: message.instanceId,
    actions: actionsFromPb(message.actions as wire.WorkflowAction[]),
    customStatus: textOf(message.customStatus),
    version: versionFromPb(message.version),
    patchMismatch: message.patchMismatch || undefined,
    numEventsProcessed: message.numEventsProcessed ? (message.numEventsProcessed.value ?? 0) : undefined,
  });
}

/** The protocol message of a workflow answer (the worker's side). */
export function orchestratorResultToPb(result: OrchestratorResult): wire.IWorkflowResponse {
  return withoutUndefined({
    instanceId: result.instanceId,
    actions: result.actions.map(orchestratorActionToPb),
    customStatus: stringValue(result.customStatus),
    version: versionToPb(result.version),
    patchMismatch: result.patchMismatch,
    numEventsProcessed: result.numEventsProcessed === undefined ? undefined : { value: result.numEventsProcessed },
  });
}

/** A worker's activity answer: a failure when it carries failure details, else a result. */
export function activityResultFromPb(message: wire.IActivityResponse): ActivityResult {
  const failure = optionalFailureFromPb(message.failureDetails);
  return withoutUndefined({
    instanceId: message.instanceId ?? '',
    taskId: message.taskId ?? 0,
    result: failure === undefined ? textOf(message.result) : undefined,
    failure,
  });
}

/** The protocol message of an activity answer (the worker's side). */
export function activityResultToPb(result: ActivityResult): wire.IActivityResponse {
  return withoutUndefined({
    instanceId: result.instanceId,
    taskId: result.taskId,
    result: stringValue(result.result),
    failureDetails: result.failure === undefined ? undefined : failureToPb(result.failure),
  });
}
