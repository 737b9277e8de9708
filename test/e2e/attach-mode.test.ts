/**
 * End-to-end, attach mode: a `serve` process stands in for daprd and the real console binary
 * (tmux, 100x30) attaches to it. Three scenarios:
 * - `--sidecar ADDR`, serve hosts nothing: a workflow started from the console runs on the
 *   console's own in-process runtime through that sidecar and completes there;
 * - `DAPR_GRPC_ENDPOINT` with `--no-runtime`, serve hosts the workflows: the console only
 *   watches and acts (it raises the event the instance waits for, and sees it complete);
 * - `DAPR_HOST` + `DAPR_GRPC_PORT`: the header names the sidecar and lists its instances.
 * Each checks the stored result through the `status --json` verb on the same sidecar.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, test } from 'node:test';
import { REPO_ROOT, startServe, type ServeProcess } from '../helpers/serve-process.js';
import { hasTmux, startConsoleBinary, TmuxSession } from '../helpers/tmux.js';

const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'dwt-attach-'));
const sessions: TmuxSession[] = [];
const serves: ServeProcess[] = [];
after(async () => {
  for (const session of sessions) session.kill();
  await Promise.all(serves.map((serve) => serve.stop('SIGKILL')));
  rmSync(scratch, { recursive: true, force: true });
});

async function serve(args: readonly string[]): Promise<ServeProcess> {
  const started = await startServe(['--grpc-port', '0', '--http-port', 'off', '--in-memory', '--time-scale', '0.1', '--verbose', ...args]);
  serves.push(started);
  return started;
}

/**
 * Starts the attached console with extra environment variables and arguments. The CI variables
 * are dropped (Ink draws nothing in CI) and the tracked-ID store goes to a scratch folder.
 */
function attachConsole(env: Record<string, string>, args: string): TmuxSession {
  const session = startConsoleBinary(args, {
    env: { XDG_DATA_HOME: join(scratch, `xdg-${sessions.length}`), ...env },
    unset: ['DAPR_GRPC_ENDPOINT', 'DAPR_HOST', 'DAPR_GRPC_PORT'],
  });
  sessions.push(session);
  return session;
}

function rowOf(screen: string, instanceId: string): string {
  return screen.split('\n').find((line) => line.includes(` ${instanceId} `)) ?? '';
}

/** The `status ID --json` verb against the sidecar, parsed. */
async function statusOf(address: string, instanceId: string): Promise<{ status: string; output: Record<string, unknown> }> {
  const { stdout } = await run(process.execPath, ['bin/dapr-workflow-tui.js', 'status', instanceId, '--sidecar', address, '--json'], {
    cwd: REPO_ROOT,
  });
  const state = JSON.parse(stdout) as { status: string; output?: string };
  // The output is stored as serialized JSON text, as the sidecar keeps it.
  return { status: state.status, output: JSON.parse(state.output ?? 'null') as Record<string, unknown> };
}

/** Starts an instance through the `run` verb (as another tool would), so the console only sees it. */
async function runVerb(address: string, workflow: string, instanceId: string, input: unknown): Promise<void> {
  await run(
    process.execPath,
    ['bin/dapr-workflow-tui.js', 'run', workflow, '--sidecar', address, '--instance-id', instanceId, '--input', JSON.stringify(input)],
    { cwd: REPO_ROOT },
  );
}

const skip = hasTmux() ? false : 'tmux is not installed';

test('--sidecar: the console and its runtime attach to another process; a workflow started there completes', { skip, timeout: 90_000 }, async () => {
  const sidecar = await serve(['--no-runtime']);
  const session = attachConsole({}, `--sidecar ${sidecar.grpcAddress} --time-scale 0.1`);
  const header = await session.waitFor(`sidecar ${sidecar.grpcAddress} · ● connected`, 30_000);
  assert.ok(!header.includes('embedded sidecar'), 'the header names the attached sidecar, not an embedded one');
  await session.waitFor(`Connected to the sidecar at ${sidecar.grpcAddress}`, 20_000);

  session.keys('s');
  await session.waitFor('Start a workflow instance');
  for (let step = 0; step < 12 && !/❯ OrderProcessingWorkflow\b/.test(session.screen()); step += 1) {
    const before = session.screen();
    session.keys('Down');
    await session.waitFor((text) => text !== before, 2000).catch(() => undefined);
  }
  await session.waitFor(/❯ OrderProcessingWorkflow\b/, 2000);
  session.keys('Tab');
  await session.waitFor(/› Instance ID/);
  session.type('attach-order');
  await session.waitFor('attach-order');
  session.keys('Enter');
  await session.waitFor(/› Input \(JSON\)/);
  session.keys('Enter');
  await session.waitFor('as attach-order.');
  await session.waitFor((screen) => /COMPLETED\s+attach-order/.test(rowOf(screen, 'attach-order')), 45_000);

  // The serve process hosts no workflows: the console's own runtime ran it, and the sidecar stored it.
  const stored = await statusOf(sidecar.grpcAddress, 'attach-order');
  assert.equal(stored.status, 'COMPLETED');
  assert.equal(stored.output.status, 'OrderProcessed');
  assert.doesNotMatch(sidecar.output().stdout + sidecar.output().stderr, /validate_order/, 'no activity ran in the serve process');

  session.keys('q');
  await session.waitFor(/EXIT:0/, 15_000);
});

test('DAPR_GRPC_ENDPOINT with --no-runtime: workflows hosted by serve, the console watches and raises the event', { skip, timeout: 90_000 }, async () => {
  const sidecar = await serve([]);
  await runVerb(sidecar.grpcAddress, 'DocumentApprovalWorkflow', 'attach-doc', { document_id: 'doc-9', title: 'Attach', author: 'ada' });
  const session = attachConsole({ DAPR_GRPC_ENDPOINT: `http://${sidecar.grpcAddress}` }, '--no-runtime');
  await session.waitFor(`sidecar ${sidecar.grpcAddress} · ● connected`, 30_000);
  await session.waitFor((screen) => /RUNNING\s+attach-doc.*Waiting for DocumentReviewedEvent/.test(rowOf(screen, 'attach-doc')), 30_000);

  session.keys('e');
  await session.waitFor('Raise an event on attach-doc');
  // No workflow is hosted here, so nothing is prefilled: type the event's name and payload.
  assert.match(session.screen(), /› Event name\s+e\.g\./, 'the event name starts empty');
  session.type('DocumentReviewedEvent');
  await session.waitFor(/› Event name\s+DocumentReviewedEvent/);
  session.keys('Enter');
  await session.waitFor(/› Payload/);
  session.type('{"approved":true,"comments":"ok","approver_id":"r-1"}');
  await session.waitFor('"approver_id":"r-1"}');
  session.keys('Enter');
  await session.waitFor('Raised DocumentReviewedEvent on attach-doc.');
  await session.waitFor((screen) => /COMPLETED\s+attach-doc/.test(rowOf(screen, 'attach-doc')), 30_000);

  const stored = await statusOf(sidecar.grpcAddress, 'attach-doc');
  assert.equal(stored.status, 'COMPLETED');
  assert.equal(stored.output.status, 'Approved');
  assert.equal(stored.output.approver_id, 'r-1');
  assert.match(sidecar.output().stdout + sidecar.output().stderr, /publish_document/, 'the serve process ran the activities');

  session.keys('q');
  await session.waitFor(/EXIT:0/, 15_000);
});

test('DAPR_HOST + DAPR_GRPC_PORT: the header names that sidecar and the console lists its instances', { skip, timeout: 60_000 }, async () => {
  const sidecar = await serve([]);
  await runVerb(sidecar.grpcAddress, 'VacationApprovalWorkflow', 'attach-vacation', { employee: 'ada', days: 3 });
  const port = sidecar.grpcAddress.split(':')[1]!;
  const session = attachConsole({ DAPR_HOST: '127.0.0.1', DAPR_GRPC_PORT: port }, '--no-runtime');
  await session.waitFor(`sidecar 127.0.0.1:${port} · ● connected`, 30_000);
  await session.waitFor((screen) => /attach-vacation\s+VacationApprovalWorkflow/.test(rowOf(screen, 'attach-vacation')), 20_000);
  session.keys('C-c');
  await session.waitFor(/EXIT:\d+/, 15_000);
});
