/**
 * The bundled workflows' metadata and pace, as plain unit tests: the course's names, a
 * description, example input and events for each, async generator functions only, and the
 * one time-scale option.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkflowRuntime } from '@dapr/dapr';
import { bundledWorkflows, createPace, registerBundledWorkflows, TimeScaleError } from '../../src/workflows/index.js';

test('the bundled workflows carry the course names, in order, plus the pipeline child', () => {
  assert.deepEqual(
    bundledWorkflows().map((workflow) => workflow.info.name),
    [
      'interactive_hello_workflow',
      'OrderProcessingWorkflow',
      'VacationApprovalWorkflow',
      'MonthlyFinancialReportWorkflow',
      'AutomatedMarketingCampaignWorkflow',
      'DocumentApprovalWorkflow',
      'DailyDataIngestionWorkflow',
      'DataProcessingPipeline',
      'ProcessPartitionWorkflow',
    ],
  );
});

test('every workflow is an async function* with a one-line description, JSON example input and named events', () => {
  for (const { info, workflow, activities } of bundledWorkflows()) {
    assert.equal(Object.prototype.toString.call(workflow), '[object AsyncGeneratorFunction]', info.name);
    assert.ok(info.description.length > 10 && !info.description.includes('\n'), `${info.name} description`);
    assert.deepEqual(JSON.parse(JSON.stringify(info.exampleInput)), info.exampleInput, `${info.name} example input is JSON`);
    for (const event of info.events) assert.match(event.name, /^\w+$/, `${info.name} event name`);
    for (const activity of Object.values(activities)) assert.equal(typeof activity, 'function');
  }
  const events = Object.fromEntries(bundledWorkflows().map(({ info }) => [info.name, info.events.map((event) => event.name)]));
  assert.deepEqual(events.interactive_hello_workflow, ['approvalEvent']);
  assert.deepEqual(events.DocumentApprovalWorkflow, ['DocumentReviewedEvent']);
  assert.deepEqual(events.VacationApprovalWorkflow, ['VacationApprovalEvent']);
  const review = bundledWorkflows().find(({ info }) => info.name === 'DocumentApprovalWorkflow')!.info.events[0]!.examplePayload;
  assert.deepEqual(Object.keys(review as object).sort(), ['approved', 'approver_id', 'comments']);
});

test('activity names are unique across the bundled workflows', () => {
  const names = bundledWorkflows().flatMap((workflow) => Object.keys(workflow.activities));
  assert.equal(new Set(names).size, names.length);
  assert.ok(names.includes('interactive_hello_activity'));
});

test('registerBundledWorkflows registers them all and returns their metadata', () => {
  const runtime = new WorkflowRuntime({ daprHost: '127.0.0.1', daprPort: '1' });
  const infos = registerBundledWorkflows(runtime, { timeScale: 0.5 });
  assert.equal(infos.length, bundledWorkflows().length);
});

test('the pace scales every duration by one factor and refuses a bad one', async () => {
  const pace = createPace(0.01);
  assert.equal(pace.seconds(60), 0.6);
  const started = Date.now();
  await pace.sleep(2);
  assert.ok(Date.now() - started < 500, 'a 2 s sleep at 0.01 is 20 ms');
  assert.equal(createPace().seconds(2), 2);
  for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => createPace(bad), TimeScaleError);
  }
});
