/**
 * The one place that loads the Durable Task protobuf classes and gRPC stubs bundled with the
 * `@dapr/dapr` SDK, plus the protobuf well-known types they use. Everything else imports
 * them from here, so server, client and codecs share the very classes the SDK uses.
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
