/**
 * Failure details: the domain's `FailureDetails` ↔ the protocol's `TaskFailureDetails`,
 * inner failures included.
 */
import type { FailureDetails } from '../model/index.js';
import { pb } from './sdk-proto.js';
import { stringValue, textOf, withoutUndefined } from './wire-values.js';

/** The protocol message for a failure (and its chain of inner failures). */
export function failureToPb(failure: FailureDetails): pb.TaskFailureDetails {
  const message = new pb.TaskFailureDetails();
  message.setErrortype(failure.errorType);
  message.setErrormessage(failure.errorMessage);
  message.setStacktrace(stringValue(failure.stackTrace));
  if (failure.innerFailure !== undefined) message.setInnerfailure(failureToPb(failure.innerFailure));
  message.setIsnonretriable(failure.isNonRetriable ?? false);
  return message;
}

/** The failure a protocol message describes; optional fields are left out when absent. */
export function failureFromPb(message: pb.TaskFailureDetails): FailureDetails {
  const inner = message.getInnerfailure();
  return withoutUndefined({
    errorType: message.getErrortype(),
    errorMessage: message.getErrormessage(),
    stackTrace: textOf(message.getStacktrace()),
    innerFailure: inner === undefined ? undefined : failureFromPb(inner),
    isNonRetriable: message.getIsnonretriable() || undefined,
  });
}

/** Like failureFromPb, for an optional message. */
export function optionalFailureFromPb(message: pb.TaskFailureDetails | undefined): FailureDetails | undefined {
  return message === undefined ? undefined : failureFromPb(message);
}

/** The failure of a message that must carry one; a blank failure when the sender left it out. */
export function requiredFailureFromPb(message: pb.TaskFailureDetails | undefined): FailureDetails {
  return message === undefined ? { errorType: '', errorMessage: '' } : failureFromPb(message);
}
