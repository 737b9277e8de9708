/**
 * The gRPC status of each Dapr API error, as daprd pairs them (every API error of daprd's
 * runtime has both an HTTP status and a gRPC code): the workflow and metadata methods of
 * `dapr.proto.runtime.v1.Dapr` answer with the same error codes and sentences as the HTTP API.
 */
import { status } from '@grpc/grpc-js';
import type { DaprApiError } from '../dapr-api-error.js';

const BY_ERROR_CODE: Readonly<Record<string, status>> = {
  ERR_WORKFLOW_NAME_MISSING: status.INVALID_ARGUMENT,
  ERR_INSTANCE_ID_TOO_LONG: status.INVALID_ARGUMENT,
  ERR_INSTANCE_ID_INVALID: status.INVALID_ARGUMENT,
  ERR_WORKFLOW_COMPONENT_NOT_FOUND: status.INVALID_ARGUMENT,
  ERR_WORKFLOW_COMPONENT_MISSING: status.INVALID_ARGUMENT,
  ERR_INSTANCE_ID_PROVIDED_MISSING: status.INVALID_ARGUMENT,
  ERR_WORKFLOW_EVENT_NAME_MISSING: status.INVALID_ARGUMENT,
  ERR_MALFORMED_REQUEST: status.INVALID_ARGUMENT,
  ERR_INSTANCE_ID_NOT_FOUND: status.NOT_FOUND,
  ERR_BODY_TOO_LARGE: status.RESOURCE_EXHAUSTED,
  ERR_UNAUTHORIZED: status.UNAUTHENTICATED,
  ERR_START_WORKFLOW: status.INTERNAL,
  ERR_GET_WORKFLOW: status.INTERNAL,
  ERR_TERMINATE_WORKFLOW: status.INTERNAL,
  ERR_RAISE_EVENT_WORKFLOW: status.INTERNAL,
  ERR_PAUSE_WORKFLOW: status.INTERNAL,
  ERR_RESUME_WORKFLOW: status.INTERNAL,
  ERR_PURGE_WORKFLOW: status.INTERNAL,
};

const BY_HTTP_STATUS: Readonly<Record<number, status>> = {
  400: status.INVALID_ARGUMENT,
  401: status.UNAUTHENTICATED,
  404: status.NOT_FOUND,
  409: status.ALREADY_EXISTS,
  413: status.RESOURCE_EXHAUSTED,
};

/** The gRPC code daprd answers a Dapr API error with (by its error code, else by its HTTP status). */
export function grpcCodeOfApiError(error: DaprApiError): status {
  return BY_ERROR_CODE[error.errorCode] ?? BY_HTTP_STATUS[error.status] ?? status.INTERNAL;
}
