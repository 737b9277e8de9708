/**
 * Instance state: the model's `InstanceState` ↔ the protocol's `WorkflowState` (what
 * GetInstance, the waits and QueryInstances answer), version, tags, execution ID, parent and
 * completion time included.
 */
import type { InstanceState } from '../model/index.js';
import { failureToPb, optionalFailureFromPb } from './failure-codec.js';
import { runtimeStatusFromPb, runtimeStatusToPb } from './status-codec.js';
import type { wire } from './wire.js';
import { msFromTimestamp, nonEmpty, stringValue, tagsOf, textOf, timestampFromMs, withoutUndefined } from './wire-values.js';

/** The protocol message for an instance's state; payloads are sent only when the state has them. */
export function instanceStateToPb(state: InstanceState): wire.IWorkflowState {
  return withoutUndefined({
    instanceId: state.instanceId,
    name: state.name,
    version: stringValue(state.version),
    workflowStatus: runtimeStatusToPb(state.status),
    scheduledStartTimestamp: state.scheduledStartAt === undefined ? undefined : timestampFromMs(state.scheduledStartAt),
    createdTimestamp: timestampFromMs(state.createdAt),
    lastUpdatedTimestamp: timestampFromMs(state.lastUpdatedAt),
    input: stringValue(state.input),
    output: stringValue(state.output),
    customStatus: stringValue(state.customStatus),
    failureDetails: state.failure === undefined ? undefined : failureToPb(state.failure),
    executionId: stringValue(state.executionId || undefined),
    completedTimestamp: state.completedAt === undefined ? undefined : timestampFromMs(state.completedAt),
    parentInstanceId: stringValue(state.parentInstanceId),
    tags: state.tags === undefined ? undefined : { ...state.tags },
  });
}

/** The instance state a decoded protocol message describes. Throws InvalidArgumentError for an unknown status. */
export function instanceStateFromPb(message: wire.IWorkflowState): InstanceState {
  return withoutUndefined({
    instanceId: message.instanceId ?? '',
    name: message.name ?? '',
    status: runtimeStatusFromPb(message.workflowStatus),
    createdAt: msFromTimestamp(message.createdTimestamp) ?? 0,
    lastUpdatedAt: msFromTimestamp(message.lastUpdatedTimestamp) ?? 0,
    scheduledStartAt: msFromTimestamp(message.scheduledStartTimestamp),
    input: textOf(message.input),
    output: textOf(message.output),
    customStatus: textOf(message.customStatus),
    failure: optionalFailureFromPb(message.failureDetails),
    parentInstanceId: nonEmpty(textOf(message.parentInstanceId)),
    executionId: textOf(message.executionId) ?? '',
    completedAt: msFromTimestamp(message.completedTimestamp),
    version: nonEmpty(textOf(message.version)),
    tags: tagsOf(message.tags),
  });
}

/** A GetInstance-style answer: `exists` and the state, or exists=false when there is none. */
export function getInstanceResponseToPb(state: InstanceState | undefined): wire.IGetInstanceResponse {
  return state === undefined ? { exists: false } : { exists: true, workflowState: instanceStateToPb(state) };
}
