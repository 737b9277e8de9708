/**
 * Typed errors of the client side, and the one place that turns any error into a sentence
 * for the user (status line, verbs' stderr). No stack traces, no terminal control sequences.
 */

/** Base class of the errors a SidecarClient raises on purpose. */
export class SidecarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Nothing answers at the sidecar's address, or the connection dropped. */
export class SidecarUnreachableError extends SidecarError {}

/** The sidecar says the instance does not exist. */
export class InstanceNotFoundError extends SidecarError {}

/** The sidecar refused the request as malformed (bad ID, bad payload, too large). */
export class InvalidRequestError extends SidecarError {}

/** The action does not apply to the instance's current status, or the ID is taken. */
export class ConflictError extends SidecarError {}

/** The sidecar wants an API token, or a different one. */
export class UnauthorizedError extends SidecarError {}

/** The sidecar does not implement this call (e.g. ListInstanceIDs before Dapr 1.17). */
export class UnsupportedBySidecarError extends SidecarError {}

/** A wait for completion ran out of time. */
export class WaitTimeoutError extends SidecarError {}
