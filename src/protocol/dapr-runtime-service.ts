/**
 * gRPC method definitions of Dapr's runtime service (`/dapr.proto.runtime.v1.Dapr/...`) for
 * the messages of ./dapr-runtime-proto.ts, as plain objects in and out (protobufjs field
 * names: camelCase; bytes as Uint8Array; absent fields read as their defaults). Each works
 * for both sides: `server.addService(daprRuntimeService, ...)` and
 * `client.makeUnaryRequest(method.path, method.requestSerialize, method.responseDeserialize, ...)`.
 * The service's other methods are listed by name and shape, so a server can refuse each by name.
 */
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import type protobuf from 'protobufjs';
import { DAPR_RUNTIME_SERVICE, daprRuntimeRoot, daprRuntimeServiceType } from './dapr-runtime-proto.js';

/** `GetMetadataRequest` (no fields). */
export type GetMetadataRequest = Record<string, never>;

/** `GetMetadataResponse`, the fields this sidecar fills (the rest stay empty). */
export interface GetMetadataResponse {
  readonly id: string;
  readonly runtimeVersion: string;
  readonly extendedMetadata: Readonly<Record<string, string>>;
  readonly enabledFeatures: readonly string[];
  readonly registeredComponents: readonly { readonly name: string; readonly type: string; readonly version: string; readonly capabilities: readonly string[] }[];
  readonly appConnectionProperties?: { readonly port: number; readonly protocol: string; readonly channelAddress: string; readonly maxConcurrency: number };
  /** `runtimeStatus` is the enum's name: INITIALIZING, DISABLED or RUNNING. */
  readonly actorRuntime?: { readonly runtimeStatus: string; readonly hostReady: boolean; readonly placement: string };
  readonly workflows?: { readonly connectedWorkers: number };
}

/** `SetMetadataRequest`: one key of the extended metadata. */
export interface SetMetadataRequest {
  readonly key: string;
  readonly value: string;
}

/** `StartWorkflowRequest`. */
export interface StartWorkflowRequest {
  readonly instanceId: string;
  readonly workflowComponent: string;
  readonly workflowName: string;
  readonly options: Readonly<Record<string, string>>;
  readonly input: Uint8Array;
}

/** `StartWorkflowResponse`. */
export interface StartWorkflowResponse {
  readonly instanceId: string;
}

/** `GetWorkflowRequest`, and the request of terminate, pause, resume and purge (same fields). */
export interface WorkflowInstanceRequest {
  readonly instanceId: string;
  readonly workflowComponent: string;
}

/** `RaiseEventWorkflowRequest`. */
export interface RaiseEventWorkflowRequest extends WorkflowInstanceRequest {
  readonly eventName: string;
  readonly eventData: Uint8Array;
}

/** protobuf's Timestamp as a plain object. */
export interface TimestampObject {
  readonly seconds: number;
  readonly nanos: number;
}

/** `GetWorkflowResponse`. */
export interface GetWorkflowResponse {
  readonly instanceId: string;
  readonly workflowName: string;
  readonly createdAt?: TimestampObject;
  readonly lastUpdatedAt?: TimestampObject;
  readonly runtimeStatus: string;
  readonly properties: Readonly<Record<string, string>>;
}

/** `google.protobuf.Empty`. */
export type EmptyMessage = Record<string, never>;

const TO_OBJECT: protobuf.IConversionOptions = { defaults: true, longs: Number, enums: String, oneofs: false };

function serializerOf(typeName: string): (value: object) => Buffer {
  const type = daprRuntimeRoot().lookupType(typeName);
  return (value) => Buffer.from(type.encode(type.fromObject(value as Record<string, unknown>)).finish());
}

function deserializerOf<T>(typeName: string): (bytes: Buffer) => T {
  const type = daprRuntimeRoot().lookupType(typeName);
  return (bytes) => type.toObject(type.decode(bytes), TO_OBJECT) as T;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function methodDefinition(method: protobuf.Method): MethodDefinition<object, object> {
  const requestType = method.resolvedRequestType!.fullName.slice(1);
  const responseType = method.resolvedResponseType!.fullName.slice(1);
  return {
    path: `/${DAPR_RUNTIME_SERVICE}/${method.name}`,
    originalName: lowerFirst(method.name),
    requestStream: false,
    responseStream: false,
    requestSerialize: serializerOf(requestType),
    requestDeserialize: deserializerOf(requestType),
    responseSerialize: serializerOf(responseType),
    responseDeserialize: deserializerOf(responseType),
  };
}

let service: ServiceDefinition | undefined;

/** The served methods of `dapr.proto.runtime.v1.Dapr`, keyed by lower-camel method name (`getMetadata`, `startWorkflowBeta1`, ...). */
export function daprRuntimeService(): ServiceDefinition {
  if (service === undefined) {
    const definition: Record<string, MethodDefinition<object, object>> = {};
    for (const method of Object.values(daprRuntimeServiceType().methods)) {
      definition[lowerFirst(method.name)] = methodDefinition(method);
    }
    service = definition;
  }
  return service;
}

/** One method of the runtime service by its proto name (e.g. `GetWorkflowBeta1`), for clients. */
export function daprRuntimeMethod<Request, Response>(name: string): MethodDefinition<Request, Response> {
  const method = daprRuntimeService()[lowerFirst(name)];
  if (method === undefined) throw new Error(`${DAPR_RUNTIME_SERVICE} has no served method ${name}.`);
  return method as unknown as MethodDefinition<Request, Response>;
}

/** How a method streams: `unary`, `server` (a stream of responses) or `bidi` (streams both ways). */
export type StreamShape = 'unary' | 'server' | 'bidi';

/**
 * Every other method of `dapr.proto.runtime.v1.Dapr` (as of the dapr.proto the 3.18 SDK bundles), with its
 * shape. The embedded sidecar has no state stores, pub/sub, bindings, secrets, actors,
 * configuration, locks, crypto, jobs or conversation components, so it refuses these by name.
 */
export const OTHER_DAPR_RUNTIME_METHODS: Readonly<Record<string, StreamShape>> = {
  InvokeService: 'unary',
  GetState: 'unary',
  GetBulkState: 'unary',
  SaveState: 'unary',
  QueryStateAlpha1: 'unary',
  DeleteState: 'unary',
  DeleteBulkState: 'unary',
  ExecuteStateTransaction: 'unary',
  PublishEvent: 'unary',
  BulkPublishEventAlpha1: 'unary',
  BulkPublishEvent: 'unary',
  SubscribeTopicEventsAlpha1: 'bidi',
  InvokeBinding: 'unary',
  GetSecret: 'unary',
  GetBulkSecret: 'unary',
  RegisterActorTimer: 'unary',
  UnregisterActorTimer: 'unary',
  RegisterActorReminder: 'unary',
  UnregisterActorReminder: 'unary',
  UnregisterActorRemindersByType: 'unary',
  ListActorReminders: 'unary',
  GetActorState: 'unary',
  GetActorReminder: 'unary',
  ExecuteActorStateTransaction: 'unary',
  InvokeActor: 'unary',
  GetConfigurationAlpha1: 'unary',
  GetConfiguration: 'unary',
  SubscribeConfigurationAlpha1: 'server',
  SubscribeConfiguration: 'server',
  UnsubscribeConfigurationAlpha1: 'unary',
  UnsubscribeConfiguration: 'unary',
  TryLockAlpha1: 'unary',
  UnlockAlpha1: 'unary',
  EncryptAlpha1: 'bidi',
  DecryptAlpha1: 'bidi',
  SubtleGetKeyAlpha1: 'unary',
  SubtleEncryptAlpha1: 'unary',
  SubtleDecryptAlpha1: 'unary',
  SubtleWrapKeyAlpha1: 'unary',
  SubtleUnwrapKeyAlpha1: 'unary',
  SubtleSignAlpha1: 'unary',
  SubtleVerifyAlpha1: 'unary',
  Shutdown: 'unary',
  ScheduleJobAlpha1: 'unary',
  GetJobAlpha1: 'unary',
  DeleteJobAlpha1: 'unary',
  DeleteJobsByPrefixAlpha1: 'unary',
  ListJobsAlpha1: 'unary',
  ConverseAlpha1: 'unary',
  ConverseAlpha2: 'unary',
};

const passThrough = (bytes: Buffer): Buffer => bytes;

/** Definitions of the other methods with opaque (undecoded) messages, keyed by lower-camel name, for a server that refuses them. */
export function otherDaprRuntimeMethods(): ServiceDefinition {
  const definition: Record<string, MethodDefinition<Buffer, Buffer>> = {};
  for (const [name, shape] of Object.entries(OTHER_DAPR_RUNTIME_METHODS)) {
    definition[lowerFirst(name)] = {
      path: `/${DAPR_RUNTIME_SERVICE}/${name}`,
      originalName: lowerFirst(name),
      requestStream: shape === 'bidi',
      responseStream: shape !== 'unary',
      requestSerialize: passThrough,
      requestDeserialize: passThrough,
      responseSerialize: passThrough,
      responseDeserialize: passThrough,
    };
  }
  return definition;
}
