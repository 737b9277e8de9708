/**
 * The Durable Task protobuf classes and gRPC stubs bundled with the `@dapr/dapr` 3.18 SDK,
 * plus the protobuf well-known types they use: what that SDK puts on the wire. Tests use
 * them to call the sidecar exactly as that SDK does (the sidecar itself never loads them).
 */
import pb from '@dapr/dapr/workflow/internal/durabletask/proto/orchestrator_service_pb.js';
import stubs from '@dapr/dapr/workflow/internal/durabletask/proto/orchestrator_service_grpc_pb.js';
import jspb from 'google-protobuf';
import emptyPb from 'google-protobuf/google/protobuf/empty_pb.js';
import timestampPb from 'google-protobuf/google/protobuf/timestamp_pb.js';
import wrappersPb from 'google-protobuf/google/protobuf/wrappers_pb.js';

/** The SDK's generated message classes and enums (`pb.HistoryEvent`, `pb.OrchestrationStatus`, ...). */
export { pb };

/** The SDK's service definition for `TaskHubSidecarService` (what `server.addService` takes). */
export const TaskHubSidecarServiceService = stubs.TaskHubSidecarServiceService;

/** The SDK's generated client class for `TaskHubSidecarService`. */
export const TaskHubSidecarServiceClient = stubs.TaskHubSidecarServiceClient;

/** google-protobuf's binary writer and reader, for messages the SDK has no classes for. */
export const { BinaryWriter, BinaryReader } = jspb;

/** protobuf's `google.protobuf.Empty`. */
export const Empty = emptyPb.Empty;

/** protobuf's `google.protobuf.Timestamp`. */
export const Timestamp = timestampPb.Timestamp;

/** protobuf's `google.protobuf.StringValue`. */
export const StringValue = wrappersPb.StringValue;

/** Instance types of the well-known classes above. */
export type Empty = emptyPb.Empty;
export type Timestamp = timestampPb.Timestamp;
export type StringValue = wrappersPb.StringValue;
export type BinaryWriter = jspb.BinaryWriter;
export type BinaryReader = jspb.BinaryReader;

/** The SDK's `StringValue` holding `text`, or undefined without text. */
export function sdkStringValue(text: string | undefined): StringValue | undefined {
  if (text === undefined) return undefined;
  const value = new StringValue();
  value.setValue(text);
  return value;
}

/** The SDK's `Timestamp` for milliseconds since the epoch. */
export function sdkTimestamp(ms: number): Timestamp {
  const timestamp = new Timestamp();
  const seconds = Math.floor(ms / 1000);
  timestamp.setSeconds(seconds);
  timestamp.setNanos(Math.round((ms - seconds * 1000) * 1_000_000));
  return timestamp;
}
