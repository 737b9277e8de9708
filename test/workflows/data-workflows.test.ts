/**
 * The data workflows through the real SDK on the embedded sidecar: OrderProcessingWorkflow
 * (task chaining), DailyDataIngestionWorkflow (fan-out/fan-in; failure details when asked
 * to fail, then purge) and DataProcessingPipeline (child workflows, wait for completion).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { statusOf, waitForStatus } from '../helpers/sidecar-harness.js';
import { startBundledRuntime, outputOf, type BundledRuntime } from './bundled-runtime.js';
import { orderProcessingInfo } from '../../src/workflows/order-processing-workflow.js';
import { DEFAULT_INGESTION_SOURCES } from '../../src/workflows/daily-data-ingestion-workflow.js';

let env: BundledRuntime;
before(async () => {
  env = await startBundledRuntime(0.01);
});
after(async () => {
  await env?.close();
});

test('an order runs through its activities and ends OrderProcessed with an order ID', async () => {
  const { client } = env.sidecar;
  const id = await client.scheduleNewWorkflow('OrderProcessingWorkflow', orderProcessingInfo.exampleInput);
  const done = await waitForStatus(client, id, 'COMPLETED');
  const output = outputOf(done) as { status: string; order_id: string; total: number };
  assert.equal(output.status, 'OrderProcessed');
  assert.match(output.order_id, /^order-[0-9a-f]{8}$/);
  assert.equal(output.total, 29);
  for (const activity of ['validate_order', 'reserve_inventory', 'process_payment', 'ship_order']) {
    assert.ok(env.log.lines().some((line) => line.text.startsWith(`[${activity} ${id}]`)), `${activity} ran`);
  }
});

test('an order without items fails in validation with the reason in the failure details', async () => {
  const { client } = env.sidecar;
  const id = await client.scheduleNewWorkflow('OrderProcessingWorkflow', { customer_id: 'c-1', items: [], shipping_address: 'x' });
  const failed = await waitForStatus(client, id, 'FAILED');
  assert.match(failed.workflowFailureDetails?.getErrorMessage() ?? '', /The order has no items/);
});

test('daily ingestion fans out over every source and merges the counts', async () => {
  const { client } = env.sidecar;
  const id = await client.scheduleNewWorkflow('DailyDataIngestionWorkflow', { date: '2025-06-30' });
  const done = await waitForStatus(client, id, 'COMPLETED');
  const output = outputOf(done) as { status: string; sources: { source: string; records: number }[]; total_records: number };
  assert.equal(output.status, 'Ingested');
  assert.deepEqual(output.sources.map((result) => result.source), [...DEFAULT_INGESTION_SOURCES]);
  assert.equal(output.total_records, output.sources.reduce((sum, result) => sum + result.records, 0));
});

test('daily ingestion with "fail": true fails with failure details, and can then be purged', async () => {
  const { client } = env.sidecar;
  const id = await client.scheduleNewWorkflow('DailyDataIngestionWorkflow', { sources: ['crm', 'billing'], fail: true });
  const failed = await waitForStatus(client, id, 'FAILED');
  const details = failed.workflowFailureDetails;
  assert.ok(details, 'failure details are kept');
  assert.match(details.getErrorMessage(), /Ingesting source "billing" failed/);
  assert.equal(await client.purgeWorkflow(id), true);
  assert.equal(await statusOf(client, id), 'MISSING');
});

test('fail_source picks the source that fails', async () => {
  const { client } = env.sidecar;
  const id = await client.scheduleNewWorkflow('DailyDataIngestionWorkflow', { sources: ['crm', 'billing'], fail_source: 'crm' });
  const failed = await waitForStatus(client, id, 'FAILED');
  assert.match(failed.workflowFailureDetails?.getErrorMessage() ?? '', /Ingesting source "crm" failed/);
});

test('an order as the workshop curl command sends it (no prices, no address) still completes', async () => {
  const { client } = env.sidecar;
  const id = await client.scheduleNewWorkflow('OrderProcessingWorkflow', { customer_id: 'cust-789', items: [{ id: 'item-abc', quantity: 2 }] });
  const output = outputOf(await waitForStatus(client, id, 'COMPLETED')) as { status: string; total: number };
  assert.equal(output.status, 'OrderProcessed');
  assert.equal(output.total, 0);
});

test('the pipeline completes only after its child workflows, which have IDs derived from it', async () => {
  const { client } = env.sidecar;
  const id = await client.scheduleNewWorkflow('DataProcessingPipeline', { dataset: 'sales', partitions: 3 });
  const done = await client.waitForWorkflowCompletion(id, true, 30);
  assert.equal(done?.runtimeStatus, 1 /* COMPLETED */);
  const output = outputOf(done) as { status: string; partitions: { partition: number; records: number }[]; total_records: number };
  assert.equal(output.status, 'Completed');
  assert.deepEqual(output.partitions.map((result) => result.partition), [1, 2, 3]);
  for (const partition of [1, 2, 3]) {
    const child = await client.getWorkflowState(`${id}-partition-${partition}`, true);
    assert.equal(child?.name, 'ProcessPartitionWorkflow');
    assert.equal(await statusOf(client, `${id}-partition-${partition}`), 'COMPLETED');
    assert.ok(child!.lastUpdatedAt.getTime() <= done!.lastUpdatedAt.getTime(), 'each child finished before the parent');
  }
});
