/**
 * The typed errors of workflow operations, as a sidecar raises them. Each carries one plain
 * sentence for the caller; the sidecar's gRPC and HTTP layers map the class to a status code,
 * and nothing inspects messages.
 */

/** Base class of every error a sidecar raises on purpose. */
export abstract class SidecarError extends Error {
  /** A stable kind name, also used by the wire layers to pick a status code. */
  abstract readonly kind:
    | 'invalid-argument'
    | 'not-found'
    | 'already-exists'
    | 'failed-precondition'
    | 'payload-too-large'
    | 'unauthenticated'
    | 'unavailable'
    | 'unimplemented';
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request itself is malformed: a bad instance ID, a missing name, bad JSON. */
export class InvalidArgumentError extends SidecarError {
  readonly kind = 'invalid-argument' as const;
}

/** The instance (or the work item a worker answers for) does not exist. */
export class InstanceNotFoundError extends SidecarError {
  readonly kind = 'not-found' as const;
}

/** An instance with that ID exists and is not finished. */
export class InstanceExistsError extends SidecarError {
  readonly kind = 'already-exists' as const;
}

/** The instance exists but is in a status where the action does not apply. */
export class FailedPreconditionError extends SidecarError {
  readonly kind = 'failed-precondition' as const;
}

/** A payload is over the sidecar's size limit. */
export class PayloadTooLargeError extends SidecarError {
  readonly kind = 'payload-too-large' as const;
}

/** The API token is missing or wrong. */
export class UnauthenticatedError extends SidecarError {
  readonly kind = 'unauthenticated' as const;
}

/** The sidecar is closing or closed. */
export class EngineClosedError extends SidecarError {
  readonly kind = 'unavailable' as const;
}

/** The request asks for something this sidecar does not do (a field, an action or an RPC it cannot honor); the message names it. */
export class UnsupportedFeatureError extends SidecarError {
  readonly kind = 'unimplemented' as const;
}
