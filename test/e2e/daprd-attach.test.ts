/**
 * End-to-end against a real daprd 1.18.2 (built by `npm run dapr:build`, started with an API
 * token): a console without the token is refused in one sentence; the real console binary in
 * tmux attaches with --sidecar and --api-token and hosts
 * the bundled workflows on its own runtime through daprd. An instance started by the `run`
 * verb shows up in the live table (daprd's ListInstanceIDs); the console pauses and resumes
 * it, raises its event with a JSON payload and sees it complete, shows its details and the
 * history timeline, purges it; terminates a second one after confirmation; when daprd stops
 * the header says disconnected, and when daprd comes back on the same port with the same
 * store the console reconnects by itself, shows the instances again and runs new ones.
 * Without the binaries the test is skipped with a message saying so.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, test } from 'node:test';
import { findRealDaprBinaries, REAL_DAPR_VERSION, realDaprBinDir, startRealDapr, type RealDapr } from '../../scripts/real-dapr/real-dapr.js';
import { REPO_ROOT } from '../helpers/serve-process.js';
import { hasTmux, startConsoleBinary, type TmuxSession } from '../helpers/tmux.js';

const run = promisify(execFile);
const TOKEN = 'daprd-attach-token';
const scratch = mkdtempSync(join(tmpdir(), 'dwt-daprd-attach-'));
let session: TmuxSession | undefined;
let dapr: RealDapr | undefined;
after(async () => {
  session?.kill();
  await dapr?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const skip = !hasTmux()
  ? 'tmux is not installed'
  : findRealDaprBinaries()
    ? false
    : `the Dapr ${REAL_DAPR_VERSION} binaries are not built (nothing in ${realDaprBinDir()}): run \`npm run dapr:build\``;
if (skip) process.stderr.write(`\n*** SKIPPING the console-on-daprd end-to-end test: ${skip} ***\n\n`);

function rowOf(screen: string, instanceId: string): string {
  return screen.split('\n').find((line) => line.includes(` ${instanceId} `)) ?? '';
}

async function verb(args: readonly string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['bin/dapr-workflow-tui.js', ...args, '--sidecar', dapr!.grpcAddress, '--api-token', TOKEN], { cwd: REPO_ROOT });
  return stdout;
}

test(`the console attached to daprd ${REAL_DAPR_VERSION} with an API token: discovers, pauses, resumes, raises an event, shows details and the history timeline, purges, terminates, sees daprd go and come back`, { skip, timeout: 240_000 }, async () => {
  // A work folder of our own: the SQLite actor store in it outlives a restart of daprd.
  const workDir = join(scratch, 'dapr');
  dapr = await startRealDapr({ apiToken: TOKEN, workDir });
  // Without the token daprd refuses every call: the console says so in one sentence and stays up.
  const anonymous = startConsoleBinary(`--sidecar ${dapr.grpcAddress} --no-runtime`, {
    env: { XDG_DATA_HOME: join(scratch, 'xdg-anonymous') },
    unset: ['DAPR_GRPC_ENDPOINT', 'DAPR_HOST', 'DAPR_GRPC_PORT', 'DAPR_API_TOKEN'],
  });
  try {
    await anonymous.waitFor(/○ disconnected[\s\S]*Unauthorized\. Pass the right token with --api-token/, 30_000);
    anonymous.keys('q');
    await anonymous.waitFor(/EXIT:0/, 15_000);
  } finally {
    anonymous.kill();
  }

  session = startConsoleBinary(`--sidecar ${dapr.grpcAddress} --api-token ${TOKEN} --time-scale 0.1`, {
    rows: 60,
    env: { XDG_DATA_HOME: join(scratch, 'xdg') },
    unset: ['DAPR_GRPC_ENDPOINT', 'DAPR_HOST', 'DAPR_GRPC_PORT', 'DAPR_API_TOKEN'],
  });
  await session.waitFor(`sidecar ${dapr.grpcAddress} · ● connected`, 30_000);

  await verb(['run', 'DocumentApprovalWorkflow', '--instance-id', 'daprd-doc', '--input', '{"document_id":"doc-1","title":"T","author":"ada"}']);
  await session.waitFor((screen) => /RUNNING\s+daprd-doc/.test(rowOf(screen, 'daprd-doc')), 40_000);

  session.keys('p');
  await session.waitFor((screen) => /SUSPENDED\s+daprd-doc/.test(rowOf(screen, 'daprd-doc')), 20_000);
  session.keys('r');
  await session.waitFor((screen) => /RUNNING\s+daprd-doc/.test(rowOf(screen, 'daprd-doc')), 20_000);

  session.keys('e');
  await session.waitFor('Raise an event on daprd-doc');
  // The console's runtime hosts the workflow, so the event's name and a sample payload are prefilled.
  await session.waitFor(/Event name\s+DocumentReviewedEvent/);
  session.keys('Enter');
  await session.waitFor(/› Payload \(JSON\)\s*\{"approved":true/);
  session.keys('Enter');
  await session.waitFor('Raised DocumentReviewedEvent on daprd-doc.');
  await session.waitFor((screen) => /COMPLETED\s+daprd-doc/.test(rowOf(screen, 'daprd-doc')), 40_000);

  const stored = JSON.parse(await verb(['status', 'daprd-doc', '--json'])) as { status: string; output?: string };
  assert.equal(stored.status, 'COMPLETED');
  assert.equal((JSON.parse(stored.output ?? 'null') as { approver_id?: string }).approver_id, 'reviewer-7');
  const history = await verb(['history', 'daprd-doc']);
  assert.match(history, /ExecutionSuspended[\s\S]*ExecutionResumed[\s\S]*EventRaised[\s\S]*ExecutionCompleted/);

  // Details (daprd's GetInstance with payloads), then purge with confirmation.
  session.keys('Enter');
  await session.waitFor(/daprd-doc\s+·\s+DocumentApprovalWorkflow\s+·\s+COMPLETED[\s\S]*"author": "ada"/, 20_000);
  // The timeline, drawn from daprd's GetInstanceHistory: activities as spans, lifecycle moments and events as ticks.
  const details = await session.waitFor(/Timeline[\s\S]*completed/, 20_000);
  const timeline = details.slice(details.indexOf('Timeline'));
  for (const label of ['started DocumentApproval', 'suspended', 'resumed', 'event DocumentReviewedEvent', 'completed']) {
    assert.ok(timeline.includes(label), `the timeline shows "${label}":\n${timeline}`);
  }
  for (const activity of ['submit_document_for_review', 'publish_document']) {
    assert.match(timeline, new RegExp(`${activity}\\s+█+\\s+✓`), `the timeline shows the activity ${activity} as a finished span:\n${timeline}`);
  }
  session.keys('Escape');
  await session.waitFor('INSTANCE ID');
  session.keys('x');
  await session.waitFor('Purge daprd-doc?');
  session.keys('y');
  await session.waitFor('Purged daprd-doc.', 20_000);
  await session.waitFor((screen) => rowOf(screen, 'daprd-doc') === '', 20_000);

  // Terminate with confirmation.
  await verb(['run', 'VacationApprovalWorkflow', '--instance-id', 'daprd-vac', '--input', '{"employee":"ada","days":3}']);
  await session.waitFor((screen) => /RUNNING\s+daprd-vac/.test(rowOf(screen, 'daprd-vac')), 40_000);
  session.keys('t');
  await session.waitFor('Terminate daprd-vac?');
  session.keys('y');
  await session.waitFor((screen) => /TERMINATED\s+daprd-vac/.test(rowOf(screen, 'daprd-vac')), 20_000);

  // daprd goes, then comes back on the same ports with the same store: the console reconnects
  // by itself, the instances are still there, and its workflow runtime works again.
  const { grpcPort, httpPort } = dapr;
  await dapr.stop();
  await session.waitFor('○ disconnected', 30_000);
  dapr = await startRealDapr({ apiToken: TOKEN, workDir, grpcPort, httpPort });
  await session.waitFor(`sidecar ${dapr.grpcAddress} · ● connected`, 60_000);
  await session.waitFor((screen) => /TERMINATED\s+daprd-vac/.test(rowOf(screen, 'daprd-vac')), 30_000);
  await verb(['run', 'VacationApprovalWorkflow', '--instance-id', 'daprd-back', '--input', '{"employee":"lin","days":1}']);
  // RUNNING (not PENDING) only once a worker, the console's runtime, has run it.
  await session.waitFor((screen) => /RUNNING\s+daprd-back/.test(rowOf(screen, 'daprd-back')), 60_000);

  await dapr.stop();
  await session.waitFor('○ disconnected', 30_000);
  session.keys('q');
  await session.waitFor(/EXIT:\d+/, 15_000);
});
