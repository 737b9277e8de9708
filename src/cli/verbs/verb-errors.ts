/**
 * The verbs' own error: a bad argument or flag value, found before anything is sent to a
 * sidecar. It ends the command with exit code 2 (usage), like commander's own errors.
 */

/** A bad argument or flag value; the message is one sentence for the user. */
export class VerbUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerbUsageError';
  }
}

/** Exit codes of the verbs. */
export const EXIT_OK = 0;
/** The sidecar refused or failed the request, or the instance ended badly (wait). */
export const EXIT_FAILURE = 1;
/** Bad arguments; nothing was sent. */
export const EXIT_USAGE = 2;
