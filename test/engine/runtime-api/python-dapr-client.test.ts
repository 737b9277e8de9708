/**
 * The Python SDK's DaprClient (dapr 1.16, whose deprecated workflow methods call Dapr's
 * runtime gRPC service) as a real process against the embedded sidecar, while the JS SDK's
 * WorkflowRuntime runs the workflows: metadata (get and set), then start, get, pause, resume,
 * raise event, purge and terminate. It needs test/engine/runtime-api/python/.venv (see its
 * requirements.txt; .ci/run builds it): without it the test is skipped loudly, and under CI
 * it fails instead.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { startSidecar, type SidecarHarness } from '../../helpers/sidecar-harness.js';
import { testActivities, testWorkflows } from '../../client/test-workflows.js';

const PYTHON_DIR = fileURLToPath(new URL('./python/', import.meta.url));
const PYTHON = `${PYTHON_DIR}.venv/bin/python`;
const SCRIPT = `${PYTHON_DIR}dapr_client_check.py`;
const MISSING_REASON =
  `SKIPPED: the Python DaprClient check needs ${PYTHON} — run: python3 -m venv ${PYTHON_DIR}.venv && ` +
  `${PYTHON_DIR}.venv/bin/pip install -r ${PYTHON_DIR}requirements.txt`;

const hasPython = existsSync(PYTHON);
if (!hasPython && process.env.CI === undefined) console.warn(`\n*** ${MISSING_REASON}\n`);

describe('the Python SDK\'s DaprClient on the embedded sidecar', () => {
  let sidecar: SidecarHarness;
  before(async () => {
    if (!hasPython) return;
    sidecar = await startSidecar({ httpPort: 0 });
    await sidecar.startRuntime({ workflows: testWorkflows, activities: testActivities });
  });
  after(async () => {
    await sidecar?.close();
  });

  it('manages a workflow through DaprClient\'s workflow methods over gRPC', { skip: !hasPython && process.env.CI === undefined ? MISSING_REASON : false }, async () => {
    assert.ok(hasPython, `CI must run this check: ${MISSING_REASON}`);
    const env: NodeJS.ProcessEnv = { ...process.env, DAPR_HTTP_PORT: String(sidecar.engine.httpPort), DAPR_GRPC_PORT: String(sidecar.port) };
    delete env.DAPR_API_TOKEN;
    delete env.DAPR_GRPC_ENDPOINT;
    delete env.DAPR_HTTP_ENDPOINT;
    // Asynchronous on purpose: the sidecar answering the script lives in this process.
    const { stdout } = await promisify(execFile)(PYTHON, [SCRIPT, sidecar.address], { env, timeout: 60_000, encoding: 'utf8' });
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

    assert.equal(report.application_id, 'workflow-tui');
    assert.equal(report.registered_components, 0);
    assert.equal((report.extended as Record<string, string>).course, 'python');
    assert.equal(report.started, 'py-approval-1');
    assert.equal(report.paused, 'Suspended');
    assert.equal(report.resumed, 'Running');
    assert.equal(report.name, 'Approval');
    assert.deepEqual(
      Object.fromEntries(Object.entries(report.properties as Record<string, string>).filter(([key]) => key !== 'dapr.workflow.custom_status')),
      { 'dapr.workflow.input': '{"order": 7}', 'dapr.workflow.output': '{"decision":{"approved":true}}' },
    );
    assert.equal(report.after_purge, 'unable to find workflow with the provided instance ID: py-approval-1');
    assert.equal(report.terminated, 'Terminated');
  });
});
