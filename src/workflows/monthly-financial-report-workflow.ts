/**
 * `MonthlyFinancialReportWorkflow`: many short steps, each an activity, with
 * `Step N of M: ...` as custom status. Made for pause and resume: while the instance is
 * suspended no step starts and the status stays put; after resume it carries on from the
 * step it had reached.
 */
import type { WorkflowActivityContext, WorkflowContext } from '@dapr/dapr';
import type { WorkflowInfo } from '../model/index.js';
import { activitySays, type BundledWorkflow } from './bundled-workflow.js';
import type { Pace } from './pace.js';

/** The registered name of the workflow. */
export const MONTHLY_FINANCIAL_REPORT_WORKFLOW = 'MonthlyFinancialReportWorkflow';
/** Seconds of simulated work per step (real-world). */
export const FINANCIAL_REPORT_STEP_SECONDS = 1.5;

/** The steps of the report, in order. */
export const FINANCIAL_REPORT_STEPS: readonly string[] = [
  'Closing the books',
  'Collecting the general ledger',
  'Importing bank statements',
  'Matching payments to invoices',
  'Reconciling accounts receivable',
  'Reconciling accounts payable',
  'Reconciling bank accounts',
  'Accruing expenses',
  'Booking depreciation',
  'Revaluing foreign currency',
  'Eliminating intercompany balances',
  'Computing the trial balance',
  'Preparing the income statement',
  'Preparing the balance sheet',
  'Preparing the cash flow statement',
  'Computing key ratios',
  'Comparing with the budget',
  'Writing the commentary',
  'Formatting the report',
  'Archiving the report',
];

/** The workflow's input. */
export interface FinancialReportInput {
  readonly month: string;
  readonly department?: string;
}

/** What the workflow returns. */
export interface FinancialReportOutput {
  readonly status: 'ReportGenerated';
  readonly month: string;
  readonly steps_completed: number;
}

/** Metadata for the console. */
export const monthlyFinancialReportInfo: WorkflowInfo = {
  name: MONTHLY_FINANCIAL_REPORT_WORKFLOW,
  description: `Builds a report in ${FINANCIAL_REPORT_STEPS.length} short steps (progress in custom status): pause it, then resume.`,
  exampleInput: { month: '2025-06', department: 'Finance' },
  events: [],
};

/** Parses `Step N of M: ...` custom status back into N; undefined for anything else. */
export function financialReportStep(customStatus: string | undefined): number | undefined {
  const match = /^Step (\d+) of \d+/.exec(customStatus ?? '');
  return match ? Number(match[1]) : undefined;
}

/** The workflow, its activities and metadata, at the given pace. */
export function defineMonthlyFinancialReport(pace: Pace): BundledWorkflow {
  async function run_financial_report_step(
    ctx: WorkflowActivityContext,
    input: { month: string; step: number; title: string },
  ): Promise<number> {
    await pace.sleep(FINANCIAL_REPORT_STEP_SECONDS);
    activitySays('run_financial_report_step', ctx, `${input.month}: step ${input.step} done (${input.title}).`);
    return input.step;
  }

  async function* MonthlyFinancialReportWorkflow(ctx: WorkflowContext, input: FinancialReportInput) {
    const month = typeof input?.month === 'string' && input.month !== '' ? input.month : ctx.getCurrentUtcDateTime().toISOString().slice(0, 7);
    const total = FINANCIAL_REPORT_STEPS.length;
    for (let index = 0; index < total; index++) {
      const step = index + 1;
      const title = FINANCIAL_REPORT_STEPS[index]!;
      ctx.setCustomStatus(`Step ${step} of ${total}: ${title}`);
      yield ctx.callActivity('run_financial_report_step', { month, step, title });
    }
    ctx.setCustomStatus(`Report for ${month} generated`);
    const output: FinancialReportOutput = { status: 'ReportGenerated', month, steps_completed: total };
    return output;
  }

  return {
    info: monthlyFinancialReportInfo,
    workflow: MonthlyFinancialReportWorkflow,
    activities: { run_financial_report_step },
  };
}
