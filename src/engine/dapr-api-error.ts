/**
 * Errors of Dapr's workflow API as daprd reports them: an HTTP status plus a JSON body
 * `{"errorCode": "ERR_…", "message": "…"}` on the HTTP API, and the gRPC code daprd uses for
 * the same error code on the runtime gRPC service. The codes and statuses are daprd's, so
 * scripts and apps written against Dapr keep working.
 */
import type { SidecarError } from '../model/index.js';

/** One API failure: status, Dapr error code and a one-sentence message. */
export class DaprApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    /** Extra response headers (e.g. Allow on 405). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'DaprApiError';
  }

  /** The JSON body Dapr sends for an error. */
  toBody(): { errorCode: string; message: string } {
    return { errorCode: this.errorCode, message: this.message };
  }
}

/** The workflow operations of the API; each has its own Dapr error code for internal failures. */
export type WorkflowOperation = 'start' | 'get' | 'terminate' | 'raiseEvent' | 'pause' | 'resume' | 'purge';

/** Dapr's error code for a failure inside each operation (HTTP 500 in daprd). */
export const OPERATION_ERROR_CODES: Readonly<Record<WorkflowOperation, string>> = {
  start: 'ERR_START_WORKFLOW',
  get: 'ERR_GET_WORKFLOW',
  terminate: 'ERR_TERMINATE_WORKFLOW',
  raiseEvent: 'ERR_RAISE_EVENT_WORKFLOW',
  pause: 'ERR_PAUSE_WORKFLOW',
  resume: 'ERR_RESUME_WORKFLOW',
  purge: 'ERR_PURGE_WORKFLOW',
};

const OPERATION_VERBS: Readonly<Record<WorkflowOperation, string>> = {
  start: 'starting',
  get: 'getting',
  terminate: 'terminating',
  raiseEvent: 'raising an event on',
  pause: 'pausing',
  resume: 'resuming',
  purge: 'purging',
};

/** The request names an instance that does not exist (404, as daprd answers terminate/purge). */
export function instanceNotFound(instanceId: string): DaprApiError {
  return new DaprApiError(
    404,
    'ERR_INSTANCE_ID_NOT_FOUND',
    `unable to find workflow with the provided instance ID: ${instanceId}`,
  );
}

/** The body is larger than the sidecar accepts. */
export function bodyTooLarge(limitBytes: number): DaprApiError {
  return new DaprApiError(
    413,
    'ERR_BODY_TOO_LARGE',
    `the request body is larger than the limit of ${limitBytes} bytes (${limitBytes / (1024 * 1024)} MiB)`,
  );
}

/**
 * Translates an error thrown by the engine (or anything else) during an operation into the
 * response daprd would send: unknown instance → 404, bad request → 400, an existing ID on
 * start → 409, anything else → 500 with the operation's code. The subject is the workflow
 * name for start and the instance ID otherwise.
 */
export function fromEngineError(error: unknown, operation: WorkflowOperation, subject: string): DaprApiError {
  if (error instanceof DaprApiError) return error;
  const kind = (error as Partial<SidecarError> | undefined)?.kind;
  const detail = error instanceof Error ? error.message : String(error);
  switch (kind) {
    case 'not-found':
      return instanceNotFound(subject);
    case 'invalid-argument':
      return new DaprApiError(400, 'ERR_MALFORMED_REQUEST', detail);
    case 'payload-too-large':
      return new DaprApiError(413, 'ERR_BODY_TOO_LARGE', detail);
    case 'already-exists':
      return new DaprApiError(409, OPERATION_ERROR_CODES[operation], `error starting workflow '${subject}': ${detail}`);
    default:
      return new DaprApiError(
        500,
        OPERATION_ERROR_CODES[operation],
        `error ${OPERATION_VERBS[operation]} workflow '${subject}': ${detail}`,
      );
  }
}
