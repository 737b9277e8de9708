/**
 * Client requests the sidecar receives, decoded into the engine's request types: start,
 * query and purge filters. (The simpler requests are read field by field by the server.)
 */
import type { InstanceQuery, PurgeFilter, StartRequest, RuntimeStatus } from '../model/index.js';
import { pb } from './sdk-proto.js';
import { runtimeStatusFromPb } from './status-codec.js';
import { msFromTimestamp, textOf, withoutUndefined } from './wire-values.js';

/** The engine's start request for a StartInstance call; an empty instance ID is left out (the engine picks one). */
export function startRequestFromPb(message: pb.CreateInstanceRequest): StartRequest {
  const instanceId = message.getInstanceid();
  return withoutUndefined({
    name: message.getName(),
    instanceId: instanceId === '' ? undefined : instanceId,
    input: textOf(message.getInput()),
    scheduledStartAt: msFromTimestamp(message.getScheduledstarttimestamp()),
  });
}

function statusesFromPb(values: readonly number[]): readonly RuntimeStatus[] | undefined {
  return values.length === 0 ? undefined : values.map(runtimeStatusFromPb);
}

/** The engine's query for a QueryInstances call (an absent query means "everything"). Throws InvalidArgumentError for an unknown status. */
export function instanceQueryFromPb(message: pb.InstanceQuery | undefined): InstanceQuery {
  if (message === undefined) return {};
  const maxInstanceCount = message.getMaxinstancecount();
  return withoutUndefined({
    statuses: statusesFromPb(message.getRuntimestatusList()),
    createdFrom: msFromTimestamp(message.getCreatedtimefrom()),
    createdTo: msFromTimestamp(message.getCreatedtimeto()),
    instanceIdPrefix: textOf(message.getInstanceidprefix()) || undefined,
    maxInstanceCount: maxInstanceCount > 0 ? maxInstanceCount : undefined,
    continuationToken: textOf(message.getContinuationtoken()) || undefined,
    includePayloads: message.getFetchinputsandoutputs(),
  });
}

/** The engine's purge filter for a PurgeInstances call by filter. Throws InvalidArgumentError for an unknown status. */
export function purgeFilterFromPb(message: pb.PurgeInstanceFilter): PurgeFilter {
  return withoutUndefined({
    createdFrom: msFromTimestamp(message.getCreatedtimefrom()),
    createdTo: msFromTimestamp(message.getCreatedtimeto()),
    statuses: statusesFromPb(message.getRuntimestatusList()),
  });
}
