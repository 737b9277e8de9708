/**
 * Turns what a gRPC call to a sidecar rejects with (a grpc-js ServiceError, or the node:http2
 * transport's GrpcStatusError, both with `code` and `details`) into the typed errors of
 * ./errors.ts, keeping the sidecar's own sentence where it gave one.
 */
// The status table alone: this module serves the verbs, which do not load grpc-js itself.
import { Status as status } from '@grpc/grpc-js/build/src/constants.js';
import {
  ConflictError,
  InstanceNotFoundError,
  InvalidRequestError,
  SidecarError,
  SidecarUnreachableError,
  UnauthorizedError,
  UnsupportedBySidecarError,
} from './errors.js';

/** What the mapping needs to know about the call that failed. */
export interface CallContext {
  /** `host:port` of the sidecar. */
  readonly address: string;
  /** The RPC, for messages such as "does not implement ListInstanceIDs". */
  readonly method: string;
  /** How long the call was allowed to take, for the deadline message. */
  readonly deadlineMs?: number;
  /** The instance the call was about, so that daprd's generic texts can name it. */
  readonly instanceId?: string;
}

interface GrpcLikeError {
  readonly code: number;
  readonly details?: string;
  readonly message?: string;
}

/** True for errors that carry a gRPC status code. */
export function isGrpcError(error: unknown): error is GrpcLikeError {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'number' && 'details' in error;
}

function reasonOfUnavailable(details: string): string {
  if (/ECONNREFUSED/.test(details)) return 'connection refused';
  if (/ENOTFOUND|EAI_AGAIN|Name resolution failed/i.test(details)) return 'the host name does not resolve';
  if (/EHOSTUNREACH|ENETUNREACH/.test(details)) return 'the host is unreachable';
  if (/ECONNRESET|socket hang up|closed/i.test(details)) return 'the connection was dropped';
  return details.trim() || 'no answer';
}

/** A TLS handshake that failed because the server's certificate is not trusted (OpenSSL's and Node's codes). */
const UNTRUSTED_TLS = /self[- ]signed certificate|unable to verify|certificate has expired|ERR_TLS_CERT_ALTNAME_INVALID|CERT_HAS_EXPIRED|UNABLE_TO_(VERIFY|GET)_[A-Z_]+/i;

/**
 * daprd's answers to a gRPC method it does not serve (it tries to proxy it as service
 * invocation): "failed to proxy request: required metadata dapr-callee-app-id or dapr-app-id
 * not found" for a method of a service it knows, "cannot proxy request: missing ..." for an
 * unknown service.
 */
const DAPRD_UNSERVED_METHOD = /proxy request: (required metadata|missing) dapr-callee-app-id or dapr-app-id/i;

function ensureSentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const capitalised = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/**
 * daprd (1.18) answers several refusals with gRPC UNKNOWN (or a code with a bare Go error
 * text) where the embedded sidecar uses a precise code and a sentence: recognised by their
 * text, they become the same typed errors and, where the embedded sidecar has one, the same
 * sentence. Undefined for anything else.
 */
function errorFromDaprdText(code: number, details: string, context: CallContext): SidecarError | undefined {
  const id = context.instanceId;
  if (/no such instance exists/i.test(details)) {
    return new InstanceNotFoundError(id ? `No workflow instance with the ID "${id}" exists.` : 'The workflow instance does not exist.');
  }
  if (/orchestration has not yet completed/i.test(details)) {
    return new ConflictError(
      `The instance${id ? ` "${id}"` : ''} has not finished; only finished instances (COMPLETED, FAILED, TERMINATED) can be purged.`,
    );
  }
  if (code === status.ALREADY_EXISTS && id && !details.startsWith('An instance with the ID')) {
    return new ConflictError(`An instance with the ID "${id}" already exists.`);
  }
  if (/did not find address for actor/i.test(details)) {
    return new ConflictError(
      'No workflow worker is connected to daprd for this app: start the app that hosts the workflows, then try again.',
    );
  }
  if (DAPRD_UNSERVED_METHOD.test(details)) {
    return new UnsupportedBySidecarError(`The sidecar at ${context.address} does not implement ${context.method}.`);
  }
  if (/multi-instance purge is not/i.test(details)) {
    return new UnsupportedBySidecarError(
      `The sidecar at ${context.address} cannot purge by filter (created time or status); purge instances by ID instead.`,
    );
  }
  return undefined;
}

/** Maps a failed call to the typed client errors; errors that are not gRPC errors pass through. */
export function sidecarErrorFromGrpc(error: unknown, context: CallContext): Error {
  if (error instanceof SidecarError) return error;
  if (!isGrpcError(error)) return error instanceof Error ? error : new SidecarError(String(error));
  const details = (error.details ?? '').trim();
  const sidecarSays = (fallback: string): string => ensureSentence(details || fallback);
  const fromDaprd = errorFromDaprdText(error.code, details, context);
  if (fromDaprd) return fromDaprd;
  switch (error.code) {
    case status.UNAVAILABLE: {
      if (UNTRUSTED_TLS.test(details)) {
        const why = /self[- ]signed/i.test(details) ? 'self-signed' : (details.match(UNTRUSTED_TLS)?.[0] ?? 'not trusted');
        return new SidecarError(
          `The sidecar at ${context.address} answered with a TLS certificate Node.js does not trust (${why}); ` +
            'give Node.js the CA that signed it with NODE_EXTRA_CA_CERTS=FILE.',
        );
      }
      const reason = reasonOfUnavailable(details);
      return new SidecarUnreachableError(`The sidecar at ${context.address} is not reachable (${reason}).`, {
        address: context.address,
        reason,
      });
    }
    case status.DEADLINE_EXCEEDED: {
      const seconds = context.deadlineMs === undefined ? 'a few' : String(Math.round(context.deadlineMs / 100) / 10);
      return new SidecarUnreachableError(
        `The sidecar at ${context.address} did not answer ${context.method} within ${seconds} seconds.`,
        { address: context.address, reason: `no answer within ${seconds} seconds` },
      );
    }
    case status.CANCELLED:
      return new SidecarUnreachableError(
        details && !/^cancelled/i.test(details)
          ? ensureSentence(details)
          : `The call to the sidecar at ${context.address} was cancelled.`,
      );
    case status.NOT_FOUND:
      return new InstanceNotFoundError(sidecarSays('The workflow instance does not exist'));
    case status.INVALID_ARGUMENT:
    case status.RESOURCE_EXHAUSTED:
    case status.OUT_OF_RANGE:
      return new InvalidRequestError(sidecarSays('The sidecar refused the request as malformed'));
    case status.ALREADY_EXISTS:
    case status.FAILED_PRECONDITION:
    case status.ABORTED:
      return new ConflictError(sidecarSays('The action does not apply to the instance in its current status'));
    case status.UNAUTHENTICATED:
    case status.PERMISSION_DENIED:
      return new UnauthorizedError(
        `${sidecarSays('The sidecar refused the API token')} Pass the right token with --api-token or DAPR_API_TOKEN.`,
      );
    case status.UNIMPLEMENTED:
      return new UnsupportedBySidecarError(
        `The sidecar at ${context.address} does not implement ${context.method} (it needs Dapr 1.17 or later).`,
      );
    default:
      return new SidecarError(`The sidecar at ${context.address} failed ${context.method}: ${sidecarSays('no details')}`);
  }
}
