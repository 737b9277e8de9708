/**
 * Workflow actions: the protocol's `WorkflowAction` (what a worker returns from a workflow
 * turn) ↔ the model's `OrchestratorAction`. Actions Dapr defines but the embedded sidecar
 * cannot carry out are refused by name.
 */
import { InvalidArgumentError, UnsupportedFeatureError, type OrchestratorAction } from '../model/index.js';
import { failureToPb, optionalFailureFromPb } from './failure-codec.js';
import { historyFromPb, historyToPb } from './history-codec.js';
import { runtimeStatusFromPb, runtimeStatusToPb } from './status-codec.js';
import type { wire } from './wire.js';
import { msFromTimestamp, nonEmpty, stringValue, textOf, timestampFromMs, withoutUndefined } from './wire-values.js';

/** Refuses, by name, routing to another app and history propagation, which the embedded sidecar (one app) cannot do. */
function refuseUnsupported(
  id: number,
  what: string,
  body: { router?: wire.ITaskRouter | null; historyPropagationScope?: number | null },
  router: wire.ITaskRouter | null | undefined,
): void {
  const target = body.router?.targetAppID || router?.targetAppID;
  if (target) {
    throw new UnsupportedFeatureError(
      `Workflow action ${id} (${what}) targets the app "${target}" (router.targetAppID): the embedded sidecar hosts one app and cannot call another.`,
    );
  }
  if (body.historyPropagationScope) {
    throw new UnsupportedFeatureError(
      `Workflow action ${id} (${what}) asks for history propagation (historyPropagationScope ${body.historyPropagationScope}), which the embedded sidecar does not support.`,
    );
  }
}

/**
 * The model action a decoded protocol message carries. Throws InvalidArgumentError for an
 * action without a type or with an unknown status, UnsupportedFeatureError for one the
 * sidecar cannot carry out (naming it).
 */
export function orchestratorActionFromPb(message: wire.WorkflowAction): OrchestratorAction {
  const id = message.id;
  switch (message.workflowActionType) {
    case 'scheduleTask': {
      const body = message.scheduleTask!;
      refuseUnsupported(id, `activity "${body.name}"`, body, message.router);
      return withoutUndefined({
        id,
        kind: 'ScheduleTask' as const,
        name: body.name ?? '',
        input: textOf(body.input),
        version: nonEmpty(textOf(body.version)),
        taskExecutionId: nonEmpty(body.taskExecutionId),
      });
    }
    case 'createChildWorkflow': {
      const body = message.createChildWorkflow!;
      refuseUnsupported(id, `child workflow "${body.name}"`, body, message.router);
      return withoutUndefined({
        id,
        kind: 'CreateSubOrchestration' as const,
        instanceId: body.instanceId ?? '',
        name: body.name ?? '',
        input: textOf(body.input),
        version: nonEmpty(textOf(body.version)),
      });
    }
    case 'createTimer': {
      const body = message.createTimer!;
      const fireAt = msFromTimestamp(body.fireAt);
      if (fireAt === undefined) throw new InvalidArgumentError(`Timer action ${id} has no fire time.`);
      return withoutUndefined({ id, kind: 'CreateTimer' as const, fireAt, name: nonEmpty(body.name) });
    }
    case 'sendEvent': {
      const body = message.sendEvent!;
      return withoutUndefined({
        id,
        kind: 'SendEvent' as const,
        instanceId: body.instance?.instanceId ?? '',
        name: body.name ?? '',
        data: textOf(body.data),
      });
    }
    case 'completeWorkflow': {
      const body = message.completeWorkflow!;
      return withoutUndefined({
        id,
        kind: 'CompleteOrchestration' as const,
        status: runtimeStatusFromPb(body.workflowStatus),
        result: textOf(body.result),
        failure: optionalFailureFromPb(body.failureDetails),
        carryoverEvents: historyFromPb(body.carryoverEvents as wire.HistoryEvent[]),
      });
    }
    case 'workflowVersionNotAvailable':
      return { id, kind: 'VersionNotAvailable' };
    case 'terminateWorkflow':
      throw new UnsupportedFeatureError(
        `Workflow action ${id} is TerminateWorkflowAction (terminating another instance from a workflow), which the embedded sidecar does not support.`,
      );
    case 'createDetachedWorkflow':
      throw new UnsupportedFeatureError(
        `Workflow action ${id} is CreateDetachedWorkflowAction (starting a detached workflow), which the embedded sidecar does not support.`,
      );
    case 'sendEntityMessage':
      throw new UnsupportedFeatureError(`Workflow action ${id} is SendEntityMessageAction: Dapr has no durable entities, nor does the embedded sidecar.`);
    default:
      throw new InvalidArgumentError(`Workflow action ${id} has no type the sidecar knows.`);
  }
}

/** The protocol message for a model action (the worker's side of the exchange; used by tests and tools). */
export function orchestratorActionToPb(action: OrchestratorAction): wire.IWorkflowAction {
  const id = action.id;
  switch (action.kind) {
    case 'ScheduleTask':
      return {
        id,
        scheduleTask: withoutUndefined({
          name: action.name,
          input: stringValue(action.input),
          version: stringValue(action.version),
          taskExecutionId: action.taskExecutionId,
        }),
      };
    case 'CreateSubOrchestration':
      return {
        id,
        createChildWorkflow: withoutUndefined({
          instanceId: action.instanceId,
          name: action.name,
          input: stringValue(action.input),
          version: stringValue(action.version),
        }),
      };
    case 'CreateTimer':
      return { id, createTimer: withoutUndefined({ fireAt: timestampFromMs(action.fireAt), name: action.name }) };
    case 'SendEvent':
      return { id, sendEvent: withoutUndefined({ instance: { instanceId: action.instanceId }, name: action.name, data: stringValue(action.data) }) };
    case 'CompleteOrchestration':
      return {
        id,
        completeWorkflow: withoutUndefined({
          workflowStatus: runtimeStatusToPb(action.status),
          result: stringValue(action.result),
          failureDetails: action.failure === undefined ? undefined : failureToPb(action.failure),
          carryoverEvents: historyToPb(action.carryoverEvents),
        }),
      };
    case 'VersionNotAvailable':
      return { id, workflowVersionNotAvailable: {} };
    default: {
      const unknown: never = action;
      throw new Error(`Cannot encode workflow action ${JSON.stringify(unknown)}.`);
    }
  }
}
