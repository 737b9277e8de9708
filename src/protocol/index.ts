/**
 * The Durable Task protocol as this project speaks it: the SDK's protobuf classes and stubs,
 * codecs between them and the model's types in src/model (both directions), and the two Dapr 1.17
 * RPCs the SDK's stubs lack. Pure translation: no I/O, no state.
 */
export { pb, TaskHubSidecarServiceClient, TaskHubSidecarServiceService, Empty, StringValue, Timestamp } from './sdk-proto.js';
export { msFromTimestamp, stringValue, textOf, timestampFromMs } from './wire-values.js';
export { runtimeStatusFromPb, runtimeStatusToPb } from './status-codec.js';
export { failureFromPb, failureToPb } from './failure-codec.js';
export { historyEventFromPb, historyEventToPb, historyFromPb, historyToPb } from './history-codec.js';
export { orchestratorActionFromPb, orchestratorActionToPb } from './action-codec.js';
export { getInstanceResponseToPb, instanceStateFromPb, instanceStateToPb } from './state-codec.js';
export {
  activityResultFromPb,
  activityResultToPb,
  orchestratorResultFromPb,
  orchestratorResultToPb,
  workItemFromPb,
  workItemToPb,
} from './work-item-codec.js';
export { instanceQueryFromPb, purgeFilterFromPb, startRequestFromPb } from './request-codec.js';
export * from './list-and-history-messages.js';
export * from './list-and-history-methods.js';
export * from './instance-changes.js';
