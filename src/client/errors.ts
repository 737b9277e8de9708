/**
 * Typed errors of the client side, and the one place that turns any error into a sentence
 * for the user (status line, verbs' stderr). No stack traces, no terminal control sequences.
 */
import { safeLine } from '../text/safe-text.js';

/** Base class of the errors a SidecarClient raises on purpose. */
export class SidecarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Nothing answers at the sidecar's address, or the connection dropped. */
export class SidecarUnreachableError extends SidecarError {
  /** `host:port` that did not answer, and a few words on why ("connection refused"), when known. */
  readonly address?: string;
  readonly reason?: string;
  constructor(message: string, details: { readonly address?: string; readonly reason?: string } = {}) {
    super(message);
    this.address = details.address;
    this.reason = details.reason;
  }
}

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

/** True for the error an aborted operation rejects with (AbortSignal's `AbortError`). */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** The longest sentence describeError returns; longer messages are cut with an ellipsis. */
const MAX_DESCRIPTION_LENGTH = 500;

/**
 * The one place that turns any error into a single sentence for the user: no stack trace,
 * no second line, no terminal control sequences. Typed errors keep their message; anything
 * else gets its first line, or a generic sentence when it has none.
 */
export function describeError(error: unknown): string {
  let text: string;
  if (isAbortError(error)) {
    text = 'The operation was cancelled.';
  } else if (error instanceof Error) {
    text = error.message;
  } else if (typeof error === 'string') {
    text = error;
  } else {
    text = '';
  }
  const firstLine = safeLine(text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '').trim();
  if (firstLine === '') return 'Something went wrong, and the error carried no description.';
  const sentence = /[.!?)]$/.test(firstLine) ? firstLine : `${firstLine}.`;
  return sentence.length > MAX_DESCRIPTION_LENGTH ? `${sentence.slice(0, MAX_DESCRIPTION_LENGTH - 1)}…` : sentence;
}
