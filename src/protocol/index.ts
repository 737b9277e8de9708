/**
 * The Durable Task protocol as this project speaks it: its own description of Dapr's current
 * protocol (task-hub-sidecar.proto, static protobufjs code in generated/), the gRPC method
 * definitions of `TaskHubSidecarService`, and codecs between its messages and the model's
 * types in src/model (both directions). Pure translation: no I/O, no state.
 */
export { wire } from './wire.js';
export { msFromTimestamp, numberOf, stringValue, textOf, timestampFromMs } from './wire-values.js';
export { runtimeStatusFromPb, runtimeStatusToPb, stalledReasonFromPb, stalledReasonToPb } from './status-codec.js';
export { failureFromPb, failureToPb } from './failure-codec.js';
export { historyEventFromPb, historyEventToPb, historyFromPb, historyToPb, traceFromPb, versionFromPb } from './history-codec.js';
export { orchestratorActionFromPb, orchestratorActionToPb } from './action-codec.js';
export { getInstanceResponseToPb, instanceStateFromPb, instanceStateToPb } from './state-codec.js';
export {
  activityResultFromPb,
  activityResultToPb,
  orchestratorResultFromPb,
  orchestratorResultToPb,
  workerOptionsFromPb,
  workItemFromPb,
  workItemToPb,
} from './work-item-codec.js';
export { instanceQueryFromPb, purgeCallFromPb, purgeFilterFromPb, rerunRequestFromPb, startRequestFromPb, type PurgeCall } from './request-codec.js';
export { unknownFieldsOf, type UnknownField } from './unknown-fields.js';
export {
  SIDECAR_METHODS,
  SIDECAR_SERVICE_NAME,
  sidecarMethod,
  sidecarServiceDefinition,
  type SidecarMethod,
  type UnknownFieldListener,
} from './sidecar-service.js';

import { sidecarMethod } from './sidecar-service.js';
import type { wire as Wire } from './wire.js';

/** `ListInstanceIDs` (Dapr 1.17+): one page of instance IDs. */
export const listInstanceIdsMethod = sidecarMethod('ListInstanceIDs');
/** `GetInstanceHistory` (Dapr 1.17+): the full history of one instance. */
export const getInstanceHistoryMethod = sidecarMethod('GetInstanceHistory');
/** `RerunWorkflowFromEvent` (Dapr 1.16+): a new instance from an event of a finished one. */
export const rerunWorkflowFromEventMethod = sidecarMethod('RerunWorkflowFromEvent');

/** A decoded ListInstanceIDs answer. */
export type ListInstanceIdsResponse = Wire.ListInstanceIDsResponse;
/** A decoded GetInstanceHistory answer. */
export type GetInstanceHistoryResponse = Wire.GetInstanceHistoryResponse;
