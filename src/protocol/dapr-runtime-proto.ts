/**
 * The part of Dapr's runtime API (`dapr.proto.runtime.v1.Dapr`) the embedded sidecar serves:
 * GetMetadata, SetMetadata and the workflow methods (Alpha1 and Beta1), with Dapr's message
 * names and field numbers, as a .proto schema read by protobufjs. The schema is kept in this
 * module as text so that the bundled binary needs no file beside it.
 */
import protobuf from 'protobufjs';

/** The protobuf package and service name daprd serves its runtime API under. */
export const DAPR_RUNTIME_SERVICE = 'dapr.proto.runtime.v1.Dapr';

/** The subset of dapr/proto/runtime/v1 (dapr.proto, metadata.proto, workflow.proto) this sidecar speaks. */
export const DAPR_RUNTIME_PROTO = `
syntax = "proto3";
package dapr.proto.runtime.v1;

import "google/protobuf/empty.proto";
import "google/protobuf/timestamp.proto";

service Dapr {
  rpc GetMetadata (GetMetadataRequest) returns (GetMetadataResponse);
  rpc SetMetadata (SetMetadataRequest) returns (google.protobuf.Empty);

  rpc StartWorkflowAlpha1 (StartWorkflowRequest) returns (StartWorkflowResponse);
  rpc GetWorkflowAlpha1 (GetWorkflowRequest) returns (GetWorkflowResponse);
  rpc PurgeWorkflowAlpha1 (PurgeWorkflowRequest) returns (google.protobuf.Empty);
  rpc TerminateWorkflowAlpha1 (TerminateWorkflowRequest) returns (google.protobuf.Empty);
  rpc PauseWorkflowAlpha1 (PauseWorkflowRequest) returns (google.protobuf.Empty);
  rpc ResumeWorkflowAlpha1 (ResumeWorkflowRequest) returns (google.protobuf.Empty);
  rpc RaiseEventWorkflowAlpha1 (RaiseEventWorkflowRequest) returns (google.protobuf.Empty);

  rpc StartWorkflowBeta1 (StartWorkflowRequest) returns (StartWorkflowResponse);
  rpc GetWorkflowBeta1 (GetWorkflowRequest) returns (GetWorkflowResponse);
  rpc PurgeWorkflowBeta1 (PurgeWorkflowRequest) returns (google.protobuf.Empty);
  rpc TerminateWorkflowBeta1 (TerminateWorkflowRequest) returns (google.protobuf.Empty);
  rpc PauseWorkflowBeta1 (PauseWorkflowRequest) returns (google.protobuf.Empty);
  rpc ResumeWorkflowBeta1 (ResumeWorkflowRequest) returns (google.protobuf.Empty);
  rpc RaiseEventWorkflowBeta1 (RaiseEventWorkflowRequest) returns (google.protobuf.Empty);
}

message GetMetadataRequest {}

message GetMetadataResponse {
  string id = 1;
  repeated ActiveActorsCount active_actors_count = 2;
  repeated RegisteredComponents registered_components = 3;
  map<string, string> extended_metadata = 4;
  repeated PubsubSubscription subscriptions = 5;
  repeated MetadataHTTPEndpoint http_endpoints = 6;
  AppConnectionProperties app_connection_properties = 7;
  string runtime_version = 8;
  repeated string enabled_features = 9;
  ActorRuntime actor_runtime = 10;
  optional MetadataScheduler scheduler = 11;
  optional MetadataWorkflows workflows = 12;
}

message MetadataWorkflows {
  int32 connected_workers = 1;
}

message MetadataScheduler {
  repeated string connected_addresses = 1;
}

message ActorRuntime {
  enum ActorRuntimeStatus {
    INITIALIZING = 0;
    DISABLED = 1;
    RUNNING = 2;
  }
  ActorRuntimeStatus runtime_status = 1;
  repeated ActiveActorsCount active_actors = 2;
  bool host_ready = 3;
  string placement = 4;
}

message ActiveActorsCount {
  string type = 1;
  int32 count = 2;
}

message RegisteredComponents {
  string name = 1;
  string type = 2;
  string version = 3;
  repeated string capabilities = 4;
}

message MetadataHTTPEndpoint {
  string name = 1;
}

message AppConnectionProperties {
  int32 port = 1;
  string protocol = 2;
  string channel_address = 3;
  int32 max_concurrency = 4;
  AppConnectionHealthProperties health = 5;
}

message AppConnectionHealthProperties {
  string health_check_path = 1;
  string health_probe_interval = 2;
  string health_probe_timeout = 3;
  int32 health_threshold = 4;
}

message PubsubSubscription {
  string pubsub_name = 1;
  string topic = 2;
  map<string, string> metadata = 3;
  PubsubSubscriptionRules rules = 4;
  string dead_letter_topic = 5;
  PubsubSubscriptionType type = 6;
}

enum PubsubSubscriptionType {
  UNKNOWN = 0;
  DECLARATIVE = 1;
  PROGRAMMATIC = 2;
  STREAMING = 3;
}

message PubsubSubscriptionRules {
  repeated PubsubSubscriptionRule rules = 1;
}

message PubsubSubscriptionRule {
  string match = 1;
  string path = 2;
}

message SetMetadataRequest {
  string key = 1;
  string value = 2;
}

message GetWorkflowRequest {
  string instance_id = 1;
  string workflow_component = 2;
}

message GetWorkflowResponse {
  string instance_id = 1;
  string workflow_name = 2;
  google.protobuf.Timestamp created_at = 3;
  google.protobuf.Timestamp last_updated_at = 4;
  string runtime_status = 5;
  map<string, string> properties = 6;
}

message StartWorkflowRequest {
  string instance_id = 1;
  string workflow_component = 2;
  string workflow_name = 3;
  map<string, string> options = 4;
  bytes input = 5;
}

message StartWorkflowResponse {
  string instance_id = 1;
}

message TerminateWorkflowRequest {
  string instance_id = 1;
  string workflow_component = 2;
}

message PauseWorkflowRequest {
  string instance_id = 1;
  string workflow_component = 2;
}

message ResumeWorkflowRequest {
  string instance_id = 1;
  string workflow_component = 2;
}

message RaiseEventWorkflowRequest {
  string instance_id = 1;
  string workflow_component = 2;
  string event_name = 3;
  bytes event_data = 4;
}

message PurgeWorkflowRequest {
  string instance_id = 1;
  string workflow_component = 2;
}
`;

let root: protobuf.Root | undefined;

/** The parsed schema (with protobuf's well-known Empty and Timestamp), built once. */
export function daprRuntimeRoot(): protobuf.Root {
  if (root === undefined) {
    const built = new protobuf.Root();
    for (const file of ['google/protobuf/empty.proto', 'google/protobuf/timestamp.proto']) {
      const common = protobuf.common.get(file);
      if (common === undefined || common === null) throw new Error(`protobufjs lacks the well-known file ${file}.`);
      built.addJSON(common.nested ?? {});
    }
    protobuf.parse(DAPR_RUNTIME_PROTO, built, { keepCase: false });
    built.resolveAll();
    root = built;
  }
  return root;
}

/** The service's reflected definition (its methods, in the schema's order). */
export function daprRuntimeServiceType(): protobuf.Service {
  return daprRuntimeRoot().lookupService(DAPR_RUNTIME_SERVICE);
}
