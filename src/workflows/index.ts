/**
 * The bundled workshop workflows, and the one call that registers them all on a
 * `WorkflowRuntime`. Every duration they use scales by `timeScale` (1 = real-world pace;
 * tests pass e.g. 0.01).
 */
import type { WorkflowRuntime } from '@dapr/dapr';
import type { WorkflowInfo } from '../model/index.js';
import { defineAutomatedMarketingCampaign } from './automated-marketing-campaign-workflow.js';
import type { BundledWorkflow } from './bundled-workflow.js';
import { defineDailyDataIngestion } from './daily-data-ingestion-workflow.js';
import { defineDataProcessingPipeline } from './data-processing-pipeline.js';
import { defineDocumentApproval } from './document-approval-workflow.js';
import { defineInteractiveHello } from './interactive-hello-workflow.js';
import { defineMonthlyFinancialReport } from './monthly-financial-report-workflow.js';
import { defineOrderProcessing } from './order-processing-workflow.js';
import { createPace } from './pace.js';
import { defineVacationApproval } from './vacation-approval-workflow.js';

export type { ActivityFunction, BundledWorkflow, WorkflowFunction } from './bundled-workflow.js';
export { createPace, TimeScaleError, type Pace } from './pace.js';

/** Options of the bundled workflows. */
export interface BundledWorkflowOptions {
  /**
   * Multiplies every duration of the bundled workflows: timers, timeouts and simulated
   * activity work. 1 (the default) is real-world pace; must be a positive number.
   */
  readonly timeScale?: number;
}

/** All bundled workflows (with their activities and metadata), in the order the console lists them. */
export function bundledWorkflows(options: BundledWorkflowOptions = {}): readonly BundledWorkflow[] {
  const pace = createPace(options.timeScale);
  return [
    defineInteractiveHello(pace),
    defineOrderProcessing(pace),
    defineVacationApproval(pace),
    defineMonthlyFinancialReport(pace),
    defineAutomatedMarketingCampaign(pace),
    defineDocumentApproval(pace),
    defineDailyDataIngestion(pace),
    ...defineDataProcessingPipeline(pace),
  ];
}

/**
 * Registers every bundled workflow and activity on `runtime` (before it starts) and returns
 * their metadata. Throws TimeScaleError for a bad `timeScale`.
 */
export function registerBundledWorkflows(runtime: WorkflowRuntime, options: BundledWorkflowOptions = {}): readonly WorkflowInfo[] {
  const workflows = bundledWorkflows(options);
  registerWorkflows(runtime, workflows);
  return workflows.map((bundled) => bundled.info);
}

/** Registers the given workflows and their activities on `runtime` (before it starts). */
export function registerWorkflows(runtime: WorkflowRuntime, workflows: readonly BundledWorkflow[]): void {
  for (const bundled of workflows) {
    runtime.registerWorkflowWithName(bundled.info.name, bundled.workflow);
    for (const [name, activity] of Object.entries(bundled.activities)) runtime.registerActivityWithName(name, activity);
  }
}
