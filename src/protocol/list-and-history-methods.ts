/**
 * gRPC method definitions of Dapr 1.17's `ListInstanceIDs` and `GetInstanceHistory`, on the
 * same service as the SDK's stubs (`/TaskHubSidecarService/...`, no protobuf package, as
 * daprd serves them). Each works for both sides: `server.addService(listAndHistoryService,
 * ...)` and `client.makeUnaryRequest(method.path, method.requestSerialize,
 * method.responseDeserialize, ...)`.
 */
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import {
  decodeGetInstanceHistoryRequest,
  decodeGetInstanceHistoryResponse,
  decodeListInstanceIdsRequest,
  decodeListInstanceIdsResponse,
  encodeGetInstanceHistoryRequest,
  encodeGetInstanceHistoryResponse,
  encodeListInstanceIdsRequest,
  encodeListInstanceIdsResponse,
  type GetInstanceHistoryRequest,
  type GetInstanceHistoryResponse,
  type ListInstanceIdsRequest,
  type ListInstanceIdsResponse,
} from './list-and-history-messages.js';

/** The gRPC service name both RPCs live on (the SDK's stubs use the same). */
export const SIDECAR_SERVICE_NAME = 'TaskHubSidecarService';

/** `ListInstanceIDs`: one page of every instance ID the sidecar stores. */
export const listInstanceIdsMethod: MethodDefinition<ListInstanceIdsRequest, ListInstanceIdsResponse> = {
  path: `/${SIDECAR_SERVICE_NAME}/ListInstanceIDs`,
  originalName: 'listInstanceIds',
  requestStream: false,
  responseStream: false,
  requestSerialize: encodeListInstanceIdsRequest,
  requestDeserialize: decodeListInstanceIdsRequest,
  responseSerialize: encodeListInstanceIdsResponse,
  responseDeserialize: decodeListInstanceIdsResponse,
};

/** `GetInstanceHistory`: the full history of one instance. */
export const getInstanceHistoryMethod: MethodDefinition<GetInstanceHistoryRequest, GetInstanceHistoryResponse> = {
  path: `/${SIDECAR_SERVICE_NAME}/GetInstanceHistory`,
  originalName: 'getInstanceHistory',
  requestStream: false,
  responseStream: false,
  requestSerialize: encodeGetInstanceHistoryRequest,
  requestDeserialize: decodeGetInstanceHistoryRequest,
  responseSerialize: encodeGetInstanceHistoryResponse,
  responseDeserialize: decodeGetInstanceHistoryResponse,
};

/** Both methods as a service definition, for `server.addService` next to the SDK's service. */
export const listAndHistoryService = {
  listInstanceIds: listInstanceIdsMethod,
  getInstanceHistory: getInstanceHistoryMethod,
} satisfies ServiceDefinition;
