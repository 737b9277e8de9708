/**
 * `DocumentApprovalWorkflow`: human in the loop without a deadline. It submits a document
 * for review, waits for `DocumentReviewedEvent` `{approved, comments, approver_id}`, then
 * publishes the document or tells the author it was rejected.
 */
import type { WorkflowActivityContext, WorkflowContext } from '@dapr/dapr';
import type { WorkflowInfo } from '../model/index.js';
import { activitySays, type BundledWorkflow } from './bundled-workflow.js';
import type { Pace } from './pace.js';

/** The registered name of the workflow. */
export const DOCUMENT_APPROVAL_WORKFLOW = 'DocumentApprovalWorkflow';
/** The event carrying the reviewer's decision. */
export const DOCUMENT_REVIEWED_EVENT = 'DocumentReviewedEvent';

/** The workflow's input. */
export interface DocumentInput {
  readonly document_id: string;
  readonly title?: string;
  readonly author?: string;
}

/** The reviewer's decision, as the event's payload. */
export interface DocumentReview {
  readonly approved: boolean;
  readonly comments?: string;
  readonly approver_id?: string;
}

/** How the review ended. */
export interface DocumentOutcome {
  readonly status: 'Approved' | 'Rejected';
  readonly document_id: string;
  readonly approved: boolean;
  readonly comments: string;
  readonly approver_id: string;
}

/** Metadata for the console. */
export const documentApprovalInfo: WorkflowInfo = {
  name: DOCUMENT_APPROVAL_WORKFLOW,
  description: `Submits a document for review and waits for ${DOCUMENT_REVIEWED_EVENT}; publishes or rejects it.`,
  exampleInput: { document_id: 'doc-2025-001', title: 'Workflow runbook', author: 'ada' },
  events: [
    {
      name: DOCUMENT_REVIEWED_EVENT,
      examplePayload: { approved: true, comments: 'Clear and complete.', approver_id: 'reviewer-7' },
      approvePayload: { approved: true, comments: 'Approved from the console inbox.', approver_id: 'reviewer-7' },
      rejectPayload: { approved: false, comments: 'Rejected from the console inbox.', approver_id: 'reviewer-7' },
    },
  ],
};

/** The workflow, its activities and metadata, at the given pace. */
export function defineDocumentApproval(pace: Pace): BundledWorkflow {
  async function submit_document_for_review(ctx: WorkflowActivityContext, input: DocumentInput): Promise<void> {
    await pace.sleep(1);
    activitySays('submit_document_for_review', ctx, `Sent ${input?.document_id} to the reviewers.`);
  }

  async function publish_document(ctx: WorkflowActivityContext, outcome: DocumentOutcome): Promise<void> {
    await pace.sleep(1);
    activitySays('publish_document', ctx, `Published ${outcome.document_id} (approved by ${outcome.approver_id}).`);
  }

  async function notify_author_of_rejection(ctx: WorkflowActivityContext, outcome: DocumentOutcome): Promise<void> {
    await pace.sleep(1);
    activitySays('notify_author_of_rejection', ctx, `Told the author ${outcome.document_id} was rejected: ${outcome.comments}`);
  }

  async function* DocumentApprovalWorkflow(ctx: WorkflowContext, input: DocumentInput) {
    const documentId = String(input?.document_id ?? 'document');
    ctx.setCustomStatus(`Submitting ${documentId} for review`);
    yield ctx.callActivity('submit_document_for_review', input);
    ctx.setCustomStatus(`Waiting for ${DOCUMENT_REVIEWED_EVENT}`);
    const review: Partial<DocumentReview> | null = yield ctx.waitForExternalEvent(DOCUMENT_REVIEWED_EVENT);
    const approved = review?.approved === true;
    const outcome: DocumentOutcome = {
      status: approved ? 'Approved' : 'Rejected',
      document_id: documentId,
      approved,
      comments: String(review?.comments ?? ''),
      approver_id: String(review?.approver_id ?? 'unknown'),
    };
    ctx.setCustomStatus(approved ? `Approved by ${outcome.approver_id}; publishing` : `Rejected by ${outcome.approver_id}`);
    yield ctx.callActivity(approved ? 'publish_document' : 'notify_author_of_rejection', outcome);
    ctx.setCustomStatus(outcome.status);
    return outcome;
  }

  return {
    info: documentApprovalInfo,
    workflow: DocumentApprovalWorkflow,
    activities: { submit_document_for_review, publish_document, notify_author_of_rejection },
  };
}
