/**
 * `VacationApprovalWorkflow`: human in the loop with a deadline. It asks a manager to
 * approve a vacation request, then waits for `VacationApprovalEvent` or a timer, whichever
 * comes first (`whenAny`), and ends Approved, Rejected or TimedOut.
 */
import type { WorkflowActivityContext, WorkflowContext } from '@dapr/dapr';
import type { WorkflowInfo } from '../model/index.js';
import { activitySays, workflowSays, type BundledWorkflow } from './bundled-workflow.js';
import type { Pace } from './pace.js';

/** The registered name of the workflow. */
export const VACATION_APPROVAL_WORKFLOW = 'VacationApprovalWorkflow';
/** The event carrying the manager's decision. */
export const VACATION_APPROVAL_EVENT = 'VacationApprovalEvent';
/** How long the manager has to decide (real-world seconds). */
export const VACATION_APPROVAL_TIMEOUT_SECONDS = 60;

/** The workflow's input. */
export interface VacationRequest {
  readonly employee_id: string;
  readonly start_date: string;
  readonly end_date: string;
  readonly reason?: string;
}

/** The manager's decision, as the event's payload. */
export interface VacationDecision {
  readonly approved: boolean;
  readonly approver_id?: string;
  readonly comments?: string;
}

/** How the request ended. */
export interface VacationOutcome {
  readonly status: 'Approved' | 'Rejected' | 'TimedOut';
  readonly employee_id: string;
  readonly approver_id?: string;
  readonly comments?: string;
}

/** Metadata for the console. */
export const vacationApprovalInfo: WorkflowInfo = {
  name: VACATION_APPROVAL_WORKFLOW,
  description: `Waits up to ${VACATION_APPROVAL_TIMEOUT_SECONDS} s for ${VACATION_APPROVAL_EVENT}; ends Approved, Rejected or TimedOut.`,
  exampleInput: { employee_id: 'emp-007', start_date: '2025-08-01', end_date: '2025-08-15', reason: 'Summer holiday' },
  events: [
    {
      name: VACATION_APPROVAL_EVENT,
      examplePayload: { approved: true, approver_id: 'manager-1', comments: 'Enjoy!' },
      approvePayload: { approved: true, approver_id: 'manager-1', comments: 'Enjoy!' },
      rejectPayload: { approved: false, approver_id: 'manager-1', comments: 'Not this time.' },
    },
  ],
};

/** True when the payload says approved (`{approved: true}`, or plain `true`). */
function isApproved(decision: unknown): boolean {
  if (decision === true) return true;
  return Boolean(decision && typeof decision === 'object' && (decision as VacationDecision).approved === true);
}

/** The workflow, its activities and metadata, at the given pace. */
export function defineVacationApproval(pace: Pace): BundledWorkflow {
  async function request_vacation_approval(ctx: WorkflowActivityContext, request: VacationRequest): Promise<void> {
    await pace.sleep(1);
    activitySays('request_vacation_approval', ctx, `Asked the manager of ${request?.employee_id} to approve ${request?.start_date} to ${request?.end_date}.`);
  }

  async function notify_employee(ctx: WorkflowActivityContext, outcome: VacationOutcome): Promise<void> {
    await pace.sleep(1);
    activitySays('notify_employee', ctx, `Told ${outcome.employee_id} the request is ${outcome.status}.`);
  }

  async function* VacationApprovalWorkflow(ctx: WorkflowContext, request: VacationRequest) {
    const employeeId = String(request?.employee_id ?? 'unknown');
    yield ctx.callActivity('request_vacation_approval', request);
    ctx.setCustomStatus(`Waiting for ${VACATION_APPROVAL_EVENT} (up to ${VACATION_APPROVAL_TIMEOUT_SECONDS} s)`);
    const decisionTask = ctx.waitForExternalEvent(VACATION_APPROVAL_EVENT);
    const timeoutTask = ctx.createTimer(pace.seconds(VACATION_APPROVAL_TIMEOUT_SECONDS));
    const winner: unknown = yield ctx.whenAny([decisionTask, timeoutTask]);
    let outcome: VacationOutcome;
    if (winner === decisionTask) {
      const decision: unknown = decisionTask.getResult();
      const details: Partial<VacationDecision> = decision && typeof decision === 'object' ? (decision as VacationDecision) : {};
      outcome = {
        status: isApproved(decision) ? 'Approved' : 'Rejected',
        employee_id: employeeId,
        ...(details.approver_id !== undefined ? { approver_id: String(details.approver_id) } : {}),
        ...(details.comments !== undefined ? { comments: String(details.comments) } : {}),
      };
    } else {
      outcome = { status: 'TimedOut', employee_id: employeeId };
    }
    workflowSays(ctx, VACATION_APPROVAL_WORKFLOW, `The request of ${employeeId} ended ${outcome.status}.`);
    ctx.setCustomStatus(outcome.status);
    yield ctx.callActivity('notify_employee', outcome);
    return outcome;
  }

  return {
    info: vacationApprovalInfo,
    workflow: VacationApprovalWorkflow,
    activities: { request_vacation_approval, notify_employee },
  };
}
