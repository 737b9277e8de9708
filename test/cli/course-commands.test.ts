/**
 * The Dapr Workflow course's own curl commands, run verbatim by a shell against a real
 * `serve` process with the bundled workshop workflows. Port 3500 is used when it is free, as
 * in the course; when another process holds it, the same commands run against a free port
 * (the only change made to them).
 */
import assert from 'node:assert/strict';
import { exec } from 'node:child_process';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';

const shell = promisify(exec);
let serve: ServeProcess;
let port = 3500;

function isPortFree(candidate: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(candidate, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** Runs a course command (with the port substituted only when 3500 is taken); returns stdout. */
async function course(command: string): Promise<string> {
  const { stdout } = await shell(command.replaceAll('localhost:3500', `localhost:${port}`), { timeout: 20_000 });
  return stdout;
}

async function statusOf(instanceId: string): Promise<{ runtimeStatus?: string; properties?: Record<string, string> }> {
  return JSON.parse(await course(`curl -s http://localhost:3500/v1.0-alpha1/workflows/dapr/${instanceId}`));
}

async function waitForStatus(instanceId: string, status: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let last: Awaited<ReturnType<typeof statusOf>> = {};
  while (Date.now() < deadline) {
    last = await statusOf(instanceId);
    if (last.runtimeStatus === status) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`${instanceId} did not reach ${status}; last: ${JSON.stringify(last)}`);
}

before(async () => {
  port = (await isPortFree(3500)) ? 3500 : 0;
  serve = await startServe(['--grpc-port', '0', '--http-port', String(port), '--in-memory', '--time-scale', '0.02']);
  port = serve.httpPort!;
});

after(async () => {
  await serve?.stop();
});

describe("the course's curl commands against serve", () => {
  it('starts OrderProcessingWorkflow with an ID and reads its status until it is processed', async () => {
    const started = await course(
      `curl -X POST -H "Content-Type: application/json" -d '{"customer_id": "cust-789", "items": [{"id": "item-abc", "quantity": 2}]}' "http://localhost:3500/v1.0-alpha1/workflows/dapr/OrderProcessingWorkflow/start?instanceID=order-12345"`,
    );
    assert.deepEqual(JSON.parse(started), { instanceID: 'order-12345' });
    const done = await waitForStatus('order-12345', 'COMPLETED');
    const output = JSON.parse(done.properties!['dapr.workflow.output']!);
    assert.equal(output.status, 'OrderProcessed');
    assert.ok(output.order_id);
    assert.deepEqual(JSON.parse(done.properties!['dapr.workflow.input']!).customer_id, 'cust-789');
    const raw = await course('curl http://localhost:3500/v1.0-alpha1/workflows/dapr/order-12345');
    assert.equal(JSON.parse(raw).workflowName, 'OrderProcessingWorkflow');
  });

  it('pauses, resumes, terminates and purges report-oct-2023', async () => {
    await course(
      `curl -X POST -H "Content-Type: application/json" -d '{"month": "2023-10"}' "http://localhost:3500/v1.0-alpha1/workflows/dapr/MonthlyFinancialReportWorkflow/start?instanceID=report-oct-2023"`,
    );
    await waitForStatus('report-oct-2023', 'RUNNING');
    await course('curl -X POST http://localhost:3500/v1.0-alpha1/workflows/dapr/report-oct-2023/pause');
    assert.equal((await statusOf('report-oct-2023')).runtimeStatus, 'SUSPENDED');
    await course('curl -X POST http://localhost:3500/v1.0-alpha1/workflows/dapr/report-oct-2023/resume');
    assert.equal((await statusOf('report-oct-2023')).runtimeStatus, 'RUNNING');
    await course('curl -X POST http://localhost:3500/v1.0-alpha1/workflows/dapr/report-oct-2023/terminate');
    await waitForStatus('report-oct-2023', 'TERMINATED');
    await course('curl -X POST http://localhost:3500/v1.0-alpha1/workflows/dapr/report-oct-2023/purge');
    const code = await course(
      'curl -s -o /dev/null -w "%{http_code}" http://localhost:3500/v1.0-alpha1/workflows/dapr/report-oct-2023',
    );
    assert.equal(code, '404');
  });

  it('raises DocumentReviewedEvent and the document approval completes with the decision', async () => {
    await course(
      `curl -X POST -H "Content-Type: application/json" -d '{"document_id": "projX-rev2"}' "http://localhost:3500/v1.0-alpha1/workflows/dapr/DocumentApprovalWorkflow/start?instanceID=doc-approval-projX-rev2"`,
    );
    await waitForStatus('doc-approval-projX-rev2', 'RUNNING');
    await course(
      `curl -X POST -H "Content-Type: application/json" -d '{"approved": true, "comments": "Looks good!", "approver_id": "manager_jane"}' http://localhost:3500/v1.0-alpha1/workflows/dapr/doc-approval-projX-rev2/raiseEvent/DocumentReviewedEvent`,
    );
    const done = await waitForStatus('doc-approval-projX-rev2', 'COMPLETED');
    const output = JSON.parse(done.properties!['dapr.workflow.output']!);
    assert.equal(output.status, 'Approved');
    assert.equal(output.approver_id, 'manager_jane');
    assert.equal(output.comments, 'Looks good!');
  });
});
