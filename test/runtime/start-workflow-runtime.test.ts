/**
 * startWorkflowRuntime's options: a bad address or time scale is one sentence, the API
 * token is sent (and a wrong one is reported as such), TLS is asked for when told, and
 * stop() ends the connection and is safe to call twice.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { captureConsole } from '../../src/runtime/capture-console.js';
import { LogBuffer } from '../../src/runtime/log-buffer.js';
import { RuntimeAddressError, startWorkflowRuntime } from '../../src/runtime/start-workflow-runtime.js';
import { TimeScaleError } from '../../src/workflows/pace.js';
import { startSidecar, waitForStatus, waitUntil, type SidecarHarness } from '../helpers/sidecar-harness.js';

const TOKEN = 'workshop-token';
let sidecar: SidecarHarness;
let restoreConsole: () => void;
before(async () => {
  sidecar = await startSidecar({ apiToken: TOKEN });
  restoreConsole = captureConsole(new LogBuffer());
});
after(async () => {
  await sidecar?.close();
  restoreConsole?.();
});

test('a bad address or time scale is one sentence, before anything starts', async () => {
  const log = new LogBuffer();
  await assert.rejects(startWorkflowRuntime({ address: 'localhost', log }), (error) => {
    assert.ok(error instanceof RuntimeAddressError);
    assert.equal(error.message, 'The workflow runtime needs the sidecar address as HOST:PORT, not "localhost".');
    return true;
  });
  await assert.rejects(startWorkflowRuntime({ address: sidecar.address, timeScale: 0, log }), TimeScaleError);
  assert.equal(log.lines().length, 0);
});

test('with the sidecar token the runtime runs workflows; stop() disconnects and is safe twice', async () => {
  const log = new LogBuffer();
  const runtime = await startWorkflowRuntime({ address: sidecar.address, apiToken: TOKEN, timeScale: 0.01, log });
  await waitUntil(() => runtime.isConnected(), { what: 'the runtime to connect' });
  const id = await sidecar.client.scheduleNewWorkflow('DocumentApprovalWorkflow', { document_id: 'd' });
  await sidecar.client.raiseEvent(id, 'DocumentReviewedEvent', { approved: true, approver_id: 'r', comments: '' });
  await waitForStatus(sidecar.client, id, 'COMPLETED');
  await Promise.all([runtime.stop(), runtime.stop()]);
  assert.equal(runtime.isConnected(), false);
  assert.equal(log.lines().filter((line) => line.text === 'Workflow runtime stopped.').length, 1);
  assert.ok(log.lines().some((line) => line.source === 'sdk'), 'the SDK worker logs into the buffer');
});

test('a wrong token is reported as a refused token, once', async () => {
  const log = new LogBuffer();
  const runtime = await startWorkflowRuntime({ address: sidecar.address, apiToken: 'wrong', log });
  try {
    const line = await waitUntil(() => log.lines().find((candidate) => candidate.text.includes('refused the API token')), { what: 'the refused-token line' });
    assert.equal(line.level, 'error');
    await new Promise((resolve) => setTimeout(resolve, 600)); // several retries
    assert.equal(log.lines().filter((candidate) => candidate.text.includes('refused the API token')).length, 1);
    assert.equal(runtime.isConnected(), false);
  } finally {
    await runtime.stop();
  }
});

test('useTls makes the runtime speak TLS (which a plaintext sidecar cannot answer)', async () => {
  const log = new LogBuffer();
  const runtime = await startWorkflowRuntime({ address: sidecar.address, apiToken: TOKEN, useTls: true, log });
  try {
    await waitUntil(() => log.lines().some((line) => line.text.startsWith('Cannot reach the sidecar')), { what: 'the TLS connection to fail' });
    assert.equal(runtime.isConnected(), false);
  } finally {
    await runtime.stop();
  }
});
