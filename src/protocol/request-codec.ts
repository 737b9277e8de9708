/**
 * Client requests the sidecar receives, decoded into the model's request types: start,
 * rerun, query and purge filters, and the recursive flags of terminate and purge. Fields of
 * Dapr's protocol the embedded sidecar cannot honor are refused by name.
 */
import {
  InvalidArgumentError,
  UnsupportedFeatureError,
  type InstanceQuery,
  type PurgeFilter,
  type RerunRequest,
  type RuntimeStatus,
  type StartRequest,
} from '../model/index.js';
import { traceFromPb } from './history-codec.js';
import { runtimeStatusFromPb } from './status-codec.js';
import type { wire } from './wire.js';
import { msFromTimestamp, nonEmpty, tagsOf, textOf, withoutUndefined } from './wire-values.js';

/** The model's start request for a StartInstance call; an empty instance ID is left out (the engine picks one). */
export function startRequestFromPb(message: wire.ICreateInstanceRequest): StartRequest {
  if (message.orchestrationIdReusePolicy && message.orchestrationIdReusePolicy.length > 0) {
    throw new UnsupportedFeatureError(
      'StartInstance: orchestrationIdReusePolicy (field 6) is not part of Dapr\'s workflow protocol and the embedded sidecar does not honor it.',
    );
  }
  return withoutUndefined({
    name: message.name ?? '',
    instanceId: nonEmpty(message.instanceId),
    input: textOf(message.input),
    scheduledStartAt: msFromTimestamp(message.scheduledStartTimestamp),
    version: nonEmpty(textOf(message.version)),
    tags: tagsOf(message.tags),
    trace: traceFromPb(message.parentTraceContext),
    executionId: nonEmpty(textOf(message.executionId)),
  });
}

/** The model's rerun request for a RerunWorkflowFromEvent call. */
export function rerunRequestFromPb(message: wire.IRerunWorkflowFromEventRequest): RerunRequest {
  return withoutUndefined({
    sourceInstanceId: message.sourceInstanceID ?? '',
    eventId: message.eventID ?? 0,
    newInstanceId: nonEmpty(message.newInstanceID),
    input: textOf(message.input),
    overwriteInput: message.overwriteInput ?? false,
    newChildInstanceId: nonEmpty(message.newChildWorkflowInstanceID),
  });
}

function statusesFromPb(values: readonly number[] | null | undefined): readonly RuntimeStatus[] | undefined {
  return !values || values.length === 0 ? undefined : values.map(runtimeStatusFromPb);
}

/** The model's query for a QueryInstances call (an absent query means "everything"). Throws InvalidArgumentError for an unknown status. */
export function instanceQueryFromPb(message: wire.IInstanceQuery | null | undefined): InstanceQuery {
  if (!message) return {};
  if ((message.taskHubNames ?? []).length > 0) {
    throw new UnsupportedFeatureError('QueryInstances: taskHubNames (field 4) is not supported; the embedded sidecar has one task hub.');
  }
  const maxInstanceCount = message.maxInstanceCount ?? 0;
  return withoutUndefined({
    statuses: statusesFromPb(message.runtimeStatus),
    createdFrom: msFromTimestamp(message.createdTimeFrom),
    createdTo: msFromTimestamp(message.createdTimeTo),
    instanceIdPrefix: nonEmpty(textOf(message.instanceIdPrefix)),
    maxInstanceCount: maxInstanceCount > 0 ? maxInstanceCount : undefined,
    continuationToken: nonEmpty(textOf(message.continuationToken)),
    includePayloads: message.fetchInputsAndOutputs ?? false,
  });
}

/** The model's purge filter for a PurgeInstances call by filter. Throws InvalidArgumentError for an unknown status. */
export function purgeFilterFromPb(message: wire.IPurgeInstanceFilter): PurgeFilter {
  return withoutUndefined({
    createdFrom: msFromTimestamp(message.createdTimeFrom),
    createdTo: msFromTimestamp(message.createdTimeTo),
    statuses: statusesFromPb(message.runtimeStatus),
  });
}

/** What a PurgeInstances call asks for: one instance or a filter, and whether children go too. */
export type PurgeCall =
  | { readonly by: 'instance'; readonly instanceId: string; readonly recursive: boolean }
  | { readonly by: 'filter'; readonly filter: PurgeFilter; readonly recursive: boolean };

/** The decoded PurgeInstances request. Throws InvalidArgumentError without an ID or filter, UnsupportedFeatureError for `force`. */
export function purgeCallFromPb(message: wire.PurgeInstancesRequest): PurgeCall {
  if (message.force === true) {
    throw new UnsupportedFeatureError('PurgeInstances: force (field 4) is not supported; the embedded sidecar purges finished instances only.');
  }
  const recursive = message.recursive ?? false;
  if (message.request === 'instanceId') return { by: 'instance', instanceId: message.instanceId ?? '', recursive };
  if (message.request === 'purgeInstanceFilter') return { by: 'filter', filter: purgeFilterFromPb(message.purgeInstanceFilter!), recursive };
  throw new InvalidArgumentError('A purge needs either an instance ID or a filter.');
}
