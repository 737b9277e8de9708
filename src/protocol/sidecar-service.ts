/**
 * `TaskHubSidecarService` as gRPC method definitions built on the protocol's generated
 * messages: what the embedded sidecar serves and what the client calls for the RPCs the SDK
 * lacks. Paths are `/TaskHubSidecarService/<Method>` (the service has no protobuf package),
 * as daprd serves them.
 */
import type { MethodDefinition } from '@grpc/grpc-js';
import { unknownFieldsOf, type UnknownField } from './unknown-fields.js';
import { wire } from './wire.js';

/** The service's name on the wire. */
export const SIDECAR_SERVICE_NAME = 'TaskHubSidecarService';

interface MessageClass<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(bytes: Uint8Array): T;
}

/** Every RPC of the service: request and response classes (by name, for the unknown-field table) and streaming. */
const METHODS = {
  Hello: ['Empty', 'Empty', false],
  StartInstance: ['CreateInstanceRequest', 'CreateInstanceResponse', false],
  GetInstance: ['GetInstanceRequest', 'GetInstanceResponse', false],
  RewindInstance: ['RewindInstanceRequest', 'Empty', false],
  WaitForInstanceStart: ['GetInstanceRequest', 'GetInstanceResponse', false],
  WaitForInstanceCompletion: ['GetInstanceRequest', 'GetInstanceResponse', false],
  RaiseEvent: ['RaiseEventRequest', 'RaiseEventResponse', false],
  TerminateInstance: ['TerminateRequest', 'TerminateResponse', false],
  SuspendInstance: ['SuspendRequest', 'SuspendResponse', false],
  ResumeInstance: ['ResumeRequest', 'ResumeResponse', false],
  QueryInstances: ['QueryInstancesRequest', 'QueryInstancesResponse', false],
  PurgeInstances: ['PurgeInstancesRequest', 'PurgeInstancesResponse', false],
  GetWorkItems: ['GetWorkItemsRequest', 'WorkItem', true],
  CompleteActivityTask: ['ActivityResponse', 'CompleteTaskResponse', false],
  CompleteOrchestratorTask: ['WorkflowResponse', 'CompleteTaskResponse', false],
  CompleteWorkflowTask: ['WorkflowResponse', 'CompleteTaskResponse', false],
  StreamInstanceHistory: ['StreamInstanceHistoryRequest', 'HistoryChunk', true],
  AbandonTaskActivityWorkItem: ['AbandonTaskRequest', 'AbandonTaskResponse', false],
  AbandonTaskOrchestratorWorkItem: ['AbandonTaskRequest', 'AbandonTaskResponse', false],
  AbandonTaskWorkflowWorkItem: ['AbandonTaskRequest', 'AbandonTaskResponse', false],
  RerunWorkflowFromEvent: ['RerunWorkflowFromEventRequest', 'RerunWorkflowFromEventResponse', false],
  ListInstanceIDs: ['ListInstanceIDsRequest', 'ListInstanceIDsResponse', false],
  GetInstanceHistory: ['GetInstanceHistoryRequest', 'GetInstanceHistoryResponse', false],
  // Durable Task RPCs Dapr does not serve: described so calls are checked and refused by name.
  CreateTaskHub: ['Empty', 'Empty', false],
  DeleteTaskHub: ['Empty', 'Empty', false],
  CompleteEntityTask: ['Empty', 'Empty', false],
  SignalEntity: ['Empty', 'Empty', false],
  GetEntity: ['Empty', 'Empty', false],
  QueryEntities: ['Empty', 'Empty', false],
  CleanEntityStorage: ['Empty', 'Empty', false],
  AbandonTaskEntityWorkItem: ['Empty', 'Empty', false],
} as const;

/** The name of one RPC of the service. */
export type SidecarMethod = keyof typeof METHODS;

/** Every RPC name the protocol description has. */
export const SIDECAR_METHODS = Object.keys(METHODS) as SidecarMethod[];

function messageClass(name: string): MessageClass<unknown> {
  const found = name === 'Empty' ? wire.google.protobuf.Empty : (wire as unknown as Record<string, MessageClass<unknown>>)[name];
  if (!found) throw new Error(`The protocol has no message ${name}.`);
  return found as MessageClass<unknown>;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Told about the unknown fields of each request a server decodes. */
export type UnknownFieldListener = (method: SidecarMethod, fields: readonly UnknownField[]) => void;

/**
 * The method definition of one RPC. With `onUnknownFields`, decoding a request also reports
 * the fields the description does not know (a server's view); without, decoding is plain.
 */
export function sidecarMethod(method: SidecarMethod, onUnknownFields?: UnknownFieldListener): MethodDefinition<any, any> {
  const [requestName, responseName, responseStream] = METHODS[method];
  const request = messageClass(requestName);
  const response = messageClass(responseName);
  return {
    path: `/${SIDECAR_SERVICE_NAME}/${method}`,
    originalName: method.charAt(0).toLowerCase() + method.slice(1),
    requestStream: false,
    responseStream,
    requestSerialize: (message: unknown) => toBuffer(request.encode(message).finish()),
    requestDeserialize: (bytes: Buffer) => {
      if (onUnknownFields) {
        const unknown = unknownFieldsOf(bytes, requestName);
        if (unknown.length > 0) onUnknownFields(method, unknown);
      }
      return request.decode(bytes);
    },
    responseSerialize: (message: unknown) => toBuffer(response.encode(message).finish()),
    responseDeserialize: (bytes: Buffer) => response.decode(bytes),
  };
}

/** The whole service as a definition for `server.addService` (keys are the methods' lower-camel names). */
export function sidecarServiceDefinition(onUnknownFields?: UnknownFieldListener): Record<string, MethodDefinition<any, any>> {
  return Object.fromEntries(
    SIDECAR_METHODS.map((method) => {
      const definition = sidecarMethod(method, onUnknownFields);
      return [definition.originalName!, definition];
    }),
  );
}
