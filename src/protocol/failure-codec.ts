/**
 * Failure details: the model's `FailureDetails` ↔ the protocol's `TaskFailureDetails`,
 * inner failures included.
 */
import type { FailureDetails } from '../model/index.js';

/** The protocol's TaskFailureDetails, written out (the generated type of this self-nesting message is too deep for the checker). */
export interface FailureMessage {
  errorType?: string | null;
  errorMessage?: string | null;
  stackTrace?: { value?: string | null } | null;
  innerFailure?: FailureMessage | null;
  isNonRetriable?: boolean | null;
}
import { stringValue, textOf, withoutUndefined } from './wire-values.js';

/** The protocol message for a failure (and its chain of inner failures). */
export function failureToPb(failure: FailureDetails): FailureMessage {
  const message: FailureMessage = {
    errorType: failure.errorType,
    errorMessage: failure.errorMessage,
    stackTrace: stringValue(failure.stackTrace),
    innerFailure: failure.innerFailure === undefined ? undefined : failureToPb(failure.innerFailure),
    isNonRetriable: failure.isNonRetriable ?? false,
  };
  return withoutUndefined(message);
}

/** The failure a protocol message describes; optional fields are left out when absent. */
export function failureFromPb(message: FailureMessage): FailureDetails {
  return withoutUndefined({
    errorType: message.errorType ?? '',
    errorMessage: message.errorMessage ?? '',
    stackTrace: textOf(message.stackTrace),
    innerFailure: message.innerFailure ? failureFromPb(message.innerFailure) : undefined,
    isNonRetriable: message.isNonRetriable || undefined,
  });
}

/** Like failureFromPb, for an optional message. */
export function optionalFailureFromPb(message: FailureMessage | null | undefined): FailureDetails | undefined {
  return message ? failureFromPb(message) : undefined;
}

/** The failure of a message that must carry one; a blank failure when the sender left it out. */
export function requiredFailureFromPb(message: FailureMessage | null | undefined): FailureDetails {
  return message ? failureFromPb(message) : { errorType: '', errorMessage: '' };
}
