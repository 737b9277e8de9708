/**
 * Runs the same sequence of command-line verbs against the embedded sidecar (`serve
 * --in-memory`) and against a real daprd (started by real-dapr.ts, with the bundled workflows
 * hosted by the console's own workflow runtime), and prints what each printed, side by side,
 * marking the steps whose output differs once times and durations are blanked out.
 *
 *   node --import tsx scripts/real-dapr/compare-verbs.ts
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startRealDapr, type RealDapr } from './real-dapr.js';
import { startServe, type ServeProcess } from '../../test/helpers/serve-process.js';
import { quietSdkLogs } from '../../test/helpers/sidecar-harness.js';
import { LogBuffer, startWorkflowRuntime, type RunningWorkflowRuntime } from '../../src/runtime/index.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TIME_SCALE = '0.05';

/** One verb invocation (arguments after `--sidecar ADDR`). */
interface Step {
  readonly title: string;
  readonly args: readonly string[];
  /** Wait this long before running it (lets the bundled workflow get past its activities). */
  readonly pauseMs?: number;
}

const HELLO = 'cmp-hello';
const STOPPED = 'cmp-stopped';
const STEPS: readonly Step[] = [
  { title: 'run', args: ['run', 'interactive_hello_workflow', '--instance-id', HELLO, '--input', '{"name":"Ada"}'] },
  { title: 'run with a taken ID', args: ['run', 'interactive_hello_workflow', '--instance-id', HELLO], pauseMs: 500 },
  { title: 'run of an unknown workflow', args: ['run', 'no_such_workflow', '--instance-id', 'cmp-unknown'] },
  { title: 'list', args: ['list'], pauseMs: 500 },
  { title: 'list -o wide', args: ['list', '-o', 'wide'] },
  { title: 'status', args: ['status', HELLO] },
  { title: 'suspend', args: ['suspend', HELLO, '--reason', 'checking'] },
  { title: 'status (suspended)', args: ['status', HELLO], pauseMs: 500 },
  { title: 'resume', args: ['resume', HELLO] },
  { title: 'resume again', args: ['resume', HELLO], pauseMs: 500 },
  { title: 'purge of a running instance', args: ['purge', HELLO] },
  { title: 'raise-event', args: ['raise-event', `${HELLO}/approvalEvent`, '--input', '{"approved":true,"approver":"Grace"}'], pauseMs: 2_000 },
  { title: 'wait', args: ['wait', HELLO, '--timeout', '30'] },
  { title: 'status (completed)', args: ['status', HELLO] },
  { title: 'status -o json', args: ['status', HELLO, '-o', 'json'] },
  { title: 'history', args: ['history', HELLO] },
  { title: 'history -o json', args: ['history', HELLO, '-o', 'json'] },
  { title: 'raise-event on a finished instance', args: ['raise-event', `${HELLO}/approvalEvent`, '--input', '{}'] },
  // An instance suspended twice is never resumed here: daprd records both suspensions, and
  // @dapr/dapr 3.18's worker then loops forever (logging "Suspended, buffering event") on the
  // resume that follows.
  { title: 'run another', args: ['run', 'interactive_hello_workflow', '--instance-id', STOPPED] },
  { title: 'suspend', args: ['suspend', STOPPED], pauseMs: 500 },
  { title: 'suspend again', args: ['suspend', STOPPED], pauseMs: 500 },
  { title: 'history (suspended twice)', args: ['history', STOPPED], pauseMs: 500 },
  { title: 'terminate', args: ['terminate', STOPPED, '--output', '{"by":"compare"}'], pauseMs: 500 },
  { title: 'status (terminated)', args: ['status', STOPPED], pauseMs: 1_000 },
  { title: 'terminate again', args: ['terminate', STOPPED] },
  { title: 'list --filter-status COMPLETED', args: ['list', '--filter-status', 'COMPLETED'] },
  { title: 'list -o json', args: ['list', '-o', 'json'] },
  { title: 'purge two', args: ['purge', HELLO, STOPPED] },
  { title: 'status of a purged instance', args: ['status', HELLO] },
  { title: 'history of a missing instance', args: ['history', 'cmp-missing'] },
  { title: 'suspend a missing instance', args: ['suspend', 'cmp-missing'] },
  { title: 'terminate a missing instance', args: ['terminate', 'cmp-missing'] },
  { title: 'raise-event on a missing instance', args: ['raise-event', 'cmp-missing/approvalEvent'] },
  { title: 'purge a missing instance', args: ['purge', 'cmp-missing'] },
  { title: 'run, then purge --all-older-than 0s', args: ['run', 'interactive_hello_workflow', '--instance-id', 'cmp-old'] },
  { title: 'terminate cmp-old', args: ['terminate', 'cmp-old'] },
  { title: 'purge --all-older-than 0s', args: ['purge', '--all-older-than', '0s'], pauseMs: 1_000 },
  { title: 'purge --all', args: ['purge', '--all'] },
  { title: 'list (empty)', args: ['list'] },
];

interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runVerb(address: string, args: readonly string[]): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/dapr-workflow-tui.js', '--sidecar', address, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, DAPR_API_TOKEN: '', FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Blanks out what differs between any two runs: the sidecar's address, times, durations, ages, random IDs. */
function normalize(text: string): string {
  return text
    .replace(/127\.0\.0\.1:\d+/g, '<sidecar>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?/g, '<time>')
    .replace(/\b\d\d:\d\d:\d\d(\.\d+)?\b/g, '<clock>')
    .replace(/\b\d+(\.\d+)?\s?(ms|s|m|h|d)\b( ago)?/g, '<duration>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<uuid>')
    .replace(/[ \t]+\n/g, '\n');
}

function show(result: Result): string {
  const parts = [`exit ${result.code}`];
  if (result.stdout !== '') parts.push(`stdout:\n${indent(result.stdout)}`);
  if (result.stderr !== '') parts.push(`stderr:\n${indent(result.stderr)}`);
  return parts.join('\n');
}

function indent(text: string): string {
  return text.replace(/\n$/, '').split('\n').map((line) => `    ${line}`).join('\n');
}

async function main(): Promise<void> {
  let serve: ServeProcess | undefined;
  let dapr: RealDapr | undefined;
  let runtime: RunningWorkflowRuntime | undefined;
  const releaseConsole = quietSdkLogs();
  // A hung step must not leave three servers behind: give up after five minutes.
  const watchdog = setTimeout(() => {
    console.error('The comparison took over five minutes; stopping.');
    void Promise.allSettled([runtime?.stop(), dapr?.stop(), serve?.stop()]).then(() => process.exit(1));
  }, 300_000);
  watchdog.unref();
  try {
    serve = await startServe(['--grpc-port', '0', '--http-port', '0', '--in-memory', '--time-scale', TIME_SCALE]);
    dapr = await startRealDapr();
    runtime = await startWorkflowRuntime({ address: dapr.grpcAddress, timeScale: Number(TIME_SCALE), log: new LogBuffer() });
    const deadline = Date.now() + 30_000;
    while (!runtime.isConnected()) {
      if (Date.now() > deadline) throw new Error('The workflow runtime did not connect to daprd within 30 s.');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    console.log(`embedded sidecar: ${serve.grpcAddress}; daprd ${dapr.version}: ${dapr.grpcAddress}\n`);

    let differing = 0;
    for (const step of STEPS) {
      if (step.pauseMs) await new Promise((resolve) => setTimeout(resolve, step.pauseMs));
      const [embedded, real] = await Promise.all([runVerb(serve.grpcAddress, step.args), runVerb(dapr.grpcAddress, step.args)]);
      const same = normalize(show(embedded)) === normalize(show(real));
      if (!same) differing += 1;
      console.log(`=== ${same ? 'same' : 'DIFFERS'}: ${step.title}: dapr-workflow-tui ${step.args.join(' ')}`);
      if (same) {
        console.log(indent(show(embedded)));
      } else {
        console.log(`  embedded:\n${indent(show(embedded))}\n  daprd:\n${indent(show(real))}`);
      }
      console.log('');
    }
    console.log(`${differing} of ${STEPS.length} steps differ.`);
  } finally {
    clearTimeout(watchdog);
    releaseConsole();
    await runtime?.stop();
    await dapr?.stop();
    await serve?.stop();
  }
}

await main();
