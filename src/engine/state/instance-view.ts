/**
 * What callers see of a stored instance: the record without storage-only fields, and
 * without its payloads unless they were asked for.
 */
import type { InstanceRecord } from '../backend.js';
import type { InstanceState } from '../../model/index.js';

/** The caller's view of a stored instance; input, output and custom status only with payloads. */
export function toInstanceState(record: InstanceRecord, includePayloads: boolean): InstanceState {
  const state: InstanceState = {
    instanceId: record.instanceId,
    name: record.name,
    status: record.status,
    createdAt: record.createdAt,
    lastUpdatedAt: record.lastUpdatedAt,
    executionId: record.executionId,
    ...(record.scheduledStartAt !== undefined && { scheduledStartAt: record.scheduledStartAt }),
    ...(record.parentInstanceId !== undefined && { parentInstanceId: record.parentInstanceId }),
    ...(record.failure !== undefined && { failure: record.failure }),
    ...(record.version !== undefined && { version: record.version }),
    ...(record.tags !== undefined && { tags: record.tags }),
    ...(record.completedAt !== undefined && { completedAt: record.completedAt }),
  };
  if (!includePayloads) return state;
  return {
    ...state,
    ...(record.input !== undefined && { input: record.input }),
    ...(record.output !== undefined && { output: record.output }),
    ...(record.customStatus !== undefined && { customStatus: record.customStatus }),
  };
}
