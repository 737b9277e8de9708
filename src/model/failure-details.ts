/** How a failure of a workflow, an activity or a child workflow is described. */

/** Why a workflow, an activity or a child workflow failed, as the SDK reported it. */
export interface FailureDetails {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly stackTrace?: string;
  readonly innerFailure?: FailureDetails;
  readonly isNonRetriable?: boolean;
}
