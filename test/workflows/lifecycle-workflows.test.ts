/**
 * The lifecycle workflows through the real SDK on the embedded sidecar:
 * MonthlyFinancialReportWorkflow stops progressing while suspended and, once resumed,
 * carries on from the step it reached; AutomatedMarketingCampaignWorkflow runs until it is
 * terminated.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitForStatus, waitUntil } from '../helpers/sidecar-harness.js';
import { startBundledRuntime, outputOf, type BundledRuntime } from './bundled-runtime.js';
import { FINANCIAL_REPORT_STEP_SECONDS, FINANCIAL_REPORT_STEPS, financialReportStep } from '../../src/workflows/monthly-financial-report-workflow.js';

const TIME_SCALE = 0.05; // a 1.5 s report step becomes 75 ms
let env: BundledRuntime;
before(async () => {
  env = await startBundledRuntime(TIME_SCALE);
});
after(async () => {
  await env?.close();
});

test('the financial report stops progressing while suspended and resumes where it stopped', async () => {
  const { client } = env.sidecar;
  const id = await client.scheduleNewWorkflow('MonthlyFinancialReportWorkflow', { month: '2025-06' });
  const stepOf = async () => financialReportStep((await client.getWorkflowState(id, true))?.customStatus);
  await waitUntil(async () => ((await stepOf()) ?? 0) >= 3, { intervalMs: 10, what: 'the report to reach step 3' });

  await client.suspendWorkflow(id);
  const suspended = await waitForStatus(client, id, 'SUSPENDED');
  const stepAtPause = financialReportStep(suspended.customStatus)!;
  assert.ok(stepAtPause < FINANCIAL_REPORT_STEPS.length, 'paused before the end');
  // Watch for several step durations: nothing may move while suspended.
  const watchUntil = Date.now() + 6 * FINANCIAL_REPORT_STEP_SECONDS * TIME_SCALE * 1000;
  while (Date.now() < watchUntil) {
    const state = await client.getWorkflowState(id, true);
    assert.equal(financialReportStep(state?.customStatus), stepAtPause, 'no progress while suspended');
    await sleep(25);
  }

  await client.resumeWorkflow(id);
  const stepsAfterResume: number[] = [];
  await waitUntil(async () => {
    const state = await client.getWorkflowState(id, true);
    const step = financialReportStep(state?.customStatus);
    if (step !== undefined) stepsAfterResume.push(step);
    return state?.runtimeStatus === 1 /* COMPLETED */;
  }, { intervalMs: 10, what: 'the report to complete after resume' });
  assert.ok(stepsAfterResume.every((step) => step >= stepAtPause), `never went back before step ${stepAtPause}: ${stepsAfterResume.join(',')}`);
  const stepRuns = env.log.lines().filter((line) => line.text.startsWith(`[run_financial_report_step ${id}]`)).length;
  assert.equal(stepRuns, FINANCIAL_REPORT_STEPS.length, 'each step ran once: resume did not start over');
  const done = await waitForStatus(client, id, 'COMPLETED');
  assert.deepEqual(outputOf(done), { status: 'ReportGenerated', month: '2025-06', steps_completed: FINANCIAL_REPORT_STEPS.length });
});

test('the marketing campaign keeps running until it is terminated', async () => {
  const { client } = env.sidecar;
  const id = await client.scheduleNewWorkflow('AutomatedMarketingCampaignWorkflow', { campaign_id: 'summer', channels: ['email', 'sms'], audience_size: 100 });
  const progress = await waitUntil(
    async () => {
      const text = (await client.getWorkflowState(id, true))?.customStatus ?? '';
      const match = /^Round (\d+) of 100 sent \((\d+) messages so far\)/.exec(text);
      return match && Number(match[1]) >= 2 ? { round: Number(match[1]), sent: Number(match[2]) } : undefined;
    },
    { what: 'the campaign to send its second round' },
  );
  assert.equal(progress.sent, progress.round * 20, 'two channels times a tenth of the audience per round');
  await client.terminateWorkflow(id, { reason: 'campaign cancelled' });
  const terminated = await waitForStatus(client, id, 'TERMINATED');
  assert.deepEqual(outputOf(terminated), { reason: 'campaign cancelled' });
});
