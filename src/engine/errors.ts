/**
 * The engine's typed errors. Each carries one plain sentence for the caller; the gRPC and
 * HTTP layers map the class to a status code, and nothing else inspects messages.
 */

/** Base class of every error the engine raises on purpose. */
export abstract class EngineError extends Error {
  /** A stable kind name, also used by the wire layers to pick a status code. */
  abstract readonly kind:
    | 'invalid-argument'
    | 'not-found'
    | 'already-exists'
    | 'failed-precondition'
    | 'payload-too-large'
    | 'unauthenticated'
    | 'unavailable';
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request itself is malformed: a bad instance ID, a missing name, bad JSON. */
export class InvalidArgumentError extends EngineError {
  readonly kind = 'invalid-argument' as const;
}

/** The instance (or the work item a worker answers for) does not exist. */
export class InstanceNotFoundError extends EngineError {
  readonly kind = 'not-found' as const;
}

/** An instance with that ID exists and is not finished. */
export class InstanceExistsError extends EngineError {
  readonly kind = 'already-exists' as const;
}

/** The instance exists but is in a status where the action does not apply. */
export class FailedPreconditionError extends EngineError {
  readonly kind = 'failed-precondition' as const;
}

/** A payload is over the engine's size limit. */
export class PayloadTooLargeError extends EngineError {
  readonly kind = 'payload-too-large' as const;
}

/** The API token is missing or wrong. */
export class UnauthenticatedError extends EngineError {
  readonly kind = 'unauthenticated' as const;
}

/** The engine is closing or closed. */
export class EngineClosedError extends EngineError {
  readonly kind = 'unavailable' as const;
}
