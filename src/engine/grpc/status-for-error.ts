/**
 * The one mapping from what a handler threw to the gRPC status the caller receives: the
 * engine's typed errors keep their one sentence under the matching code; anything else is
 * an internal error whose details say only that, so no stack trace crosses the wire.
 */
import { status } from '@grpc/grpc-js';
import { SidecarError } from '../../model/index.js';
import { DaprApiError } from '../dapr-api-error.js';
import { grpcCodeOfApiError } from './dapr-runtime-errors.js';

/** A gRPC status to answer with, and whether the error was unexpected (worth logging). */
export interface GrpcFailure {
  readonly code: status;
  readonly details: string;
  readonly isUnexpected: boolean;
}

const CODES: Readonly<Record<SidecarError['kind'], status>> = {
  'invalid-argument': status.INVALID_ARGUMENT,
  'not-found': status.NOT_FOUND,
  'already-exists': status.ALREADY_EXISTS,
  'failed-precondition': status.FAILED_PRECONDITION,
  // daprd refuses oversized requests at the transport with RESOURCE_EXHAUSTED; the same code here.
  'payload-too-large': status.RESOURCE_EXHAUSTED,
  unauthenticated: status.UNAUTHENTICATED,
  unavailable: status.UNAVAILABLE,
  unimplemented: status.UNIMPLEMENTED,
  'resource-exhausted': status.RESOURCE_EXHAUSTED,
  'data-loss': status.DATA_LOSS,
};

/** The sentence an unexpected error is answered with. */
export const INTERNAL_ERROR_DETAILS = 'The embedded sidecar hit an unexpected error; its log has the details.';

/** The status for an error a handler threw: typed engine errors by kind, Dapr API errors by their code, anything else INTERNAL. */
export function grpcFailureFor(error: unknown): GrpcFailure {
  if (error instanceof DaprApiError) return { code: grpcCodeOfApiError(error), details: error.message, isUnexpected: false };
  if (error instanceof SidecarError) {
    return { code: CODES[error.kind], details: error.message, isUnexpected: false };
  }
  return { code: status.INTERNAL, details: INTERNAL_ERROR_DETAILS, isUnexpected: true };
}
