/**
 * Smoke run of an installed `dapr-workflow-tui` (a clone's bin, a global install of the packed
 * tarball, or `npx`): `--version`, `--help` and `completion`; `serve`; every verb against it
 * (run, list, status, history, suspend, resume, raise-event, wait, terminate, purge); and the
 * console attached to it for one frame in tmux. `.ci/node-matrix` runs it on every supported
 * Node.js line. Exits non-zero with the failing step's output on the first failure.
 *
 *   node --import tsx test/packaging/installed-cli-smoke.ts [--cwd DIR] [--version X] -- COMMAND...
 *
 * COMMAND is how to start the program (default: `node bin/dapr-workflow-tui.js` from this
 * repository); DIR the folder it runs in; X the version `--version` must print.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { parseArgs } from 'node:util';
import { REPO_ROOT, startServe, type ServeProcess } from '../helpers/serve-process.js';
import { hasTmux, startConsoleBinary } from '../helpers/tmux.js';

const { values, positionals } = parseArgs({
  options: { cwd: { type: 'string' }, version: { type: 'string' } },
  allowPositionals: true,
});
const command = positionals.length > 0 ? positionals : [process.execPath, 'bin/dapr-workflow-tui.js'];
const cwd = values.cwd ?? REPO_ROOT;

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the program once with `args`, without a terminal. */
function cli(...args: string[]): Promise<CliResult> {
  const [program, ...leading] = command;
  return new Promise((resolve) => {
    execFile(program!, [...leading, ...args], { cwd, timeout: 120_000, env: { ...process.env, FORCE_COLOR: '0' } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Runs the program and requires exit code `code`; returns its stdout. */
async function expectCli(code: number, ...args: string[]): Promise<string> {
  const result = await cli(...args);
  assert.equal(result.code, code, `\`${args.join(' ')}\` exited ${result.code}; stdout: ${result.stdout}\nstderr: ${result.stderr}`);
  return result.stdout;
}

async function statusOf(sidecar: string, instanceId: string): Promise<string> {
  const state = JSON.parse(await expectCli(0, 'status', instanceId, '--json', '--sidecar', sidecar)) as { status: string };
  return state.status;
}

async function untilStatus(sidecar: string, instanceId: string, wanted: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let status = await statusOf(sidecar, instanceId);
  while (status !== wanted) {
    if (Date.now() > deadline) throw new Error(`${instanceId} stayed ${status}; expected ${wanted}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    status = await statusOf(sidecar, instanceId);
  }
}

const steps: [string, (sidecar: string) => Promise<void>][] = [
  [
    'run, wait, status, list, history',
    async (sidecar) => {
      const input = JSON.stringify({ customer_id: 'c-1', items: [{ id: 'item-abc', quantity: 2 }] });
      await expectCli(0, 'run', 'OrderProcessingWorkflow', '--instance-id', 'smoke-order', '--input', input, '--sidecar', sidecar);
      await expectCli(0, 'wait', 'smoke-order', '--timeout', '60', '--sidecar', sidecar);
      assert.equal(await statusOf(sidecar, 'smoke-order'), 'COMPLETED');
      const listed = JSON.parse(await expectCli(0, 'list', '--json', '--sidecar', sidecar)) as { instanceId: string }[];
      assert.ok(listed.some((instance) => instance.instanceId === 'smoke-order'), 'list shows the instance');
      assert.match(await expectCli(0, 'history', 'smoke-order', '--sidecar', sidecar), /ExecutionCompleted|COMPLETED/i);
    },
  ],
  [
    'suspend, resume, raise-event',
    async (sidecar) => {
      const input = JSON.stringify({ document_id: 'doc-smoke', title: 'Smoke', author: 'ci' });
      await expectCli(0, 'run', 'DocumentApprovalWorkflow', '--instance-id', 'smoke-doc', '--input', input, '--sidecar', sidecar);
      await untilStatus(sidecar, 'smoke-doc', 'RUNNING');
      await expectCli(0, 'suspend', 'smoke-doc', '--reason', 'smoke', '--sidecar', sidecar);
      assert.equal(await statusOf(sidecar, 'smoke-doc'), 'SUSPENDED');
      await expectCli(0, 'resume', 'smoke-doc', '--sidecar', sidecar);
      assert.equal(await statusOf(sidecar, 'smoke-doc'), 'RUNNING');
      await expectCli(0, 'raise-event', 'smoke-doc/DocumentReviewedEvent', '--input', '{"approved": true, "approver_id": "ci"}', '--sidecar', sidecar);
      await expectCli(0, 'wait', 'smoke-doc', '--timeout', '60', '--sidecar', sidecar);
    },
  ],
  [
    'terminate, purge',
    async (sidecar) => {
      await expectCli(0, 'run', 'DocumentApprovalWorkflow', '--instance-id', 'smoke-gone', '--input', '{"document_id": "d"}', '--sidecar', sidecar);
      await expectCli(0, 'terminate', 'smoke-gone', '--sidecar', sidecar);
      await untilStatus(sidecar, 'smoke-gone', 'TERMINATED');
      await expectCli(0, 'purge', 'smoke-gone', '--sidecar', sidecar);
      const gone = await cli('status', 'smoke-gone', '--sidecar', sidecar);
      assert.equal(gone.code, 1, 'status of a purged instance fails');
      assert.match(gone.stderr, /smoke-gone/);
    },
  ],
  [
    'the console, one frame in tmux',
    async (sidecar) => {
      if (!hasTmux()) throw new Error('tmux is not installed: the console cannot be checked');
      const session = startConsoleBinary(`--sidecar ${sidecar} --no-runtime`, { command: command.map(shellWord).join(' '), cwd });
      try {
        await session.waitFor(`sidecar ${sidecar} · ● connected`, 60_000);
        await session.waitFor('smoke-order', 10_000);
        session.keys('q');
        await session.waitFor('EXIT:0', 10_000);
      } finally {
        session.kill();
      }
    },
  ],
];

function shellWord(word: string): string {
  return /^[\w./:=@+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

async function main(): Promise<void> {
  const started = Date.now();
  const version = (await expectCli(0, '--version')).trim();
  if (values.version !== undefined) assert.equal(version, values.version, '--version prints the package version');
  assert.match(await expectCli(0, '--help'), /raise-event/);
  assert.match(await expectCli(0, 'completion', 'bash'), /complete -F _dapr_workflow_tui dapr-workflow-tui/);
  process.stdout.write(`smoke: ${command.join(' ')} ${version} on Node.js ${process.version}\n`);

  let serve: ServeProcess | undefined;
  try {
    serve = await startServe(['--in-memory', '--grpc-port', '0', '--http-port', 'off', '--time-scale', '0.05'], {
      command,
      cwd,
      timeoutMs: 120_000,
      processGroup: true,
    });
    for (const [name, step] of steps) {
      const stepStarted = Date.now();
      await step(serve.grpcAddress);
      process.stdout.write(`  ok  ${name} (${((Date.now() - stepStarted) / 1000).toFixed(1)} s)\n`);
    }
  } catch (error) {
    if (serve) process.stderr.write(`serve's stderr:\n${serve.output().stderr.slice(-4000)}\n`);
    throw error;
  } finally {
    const code = await serve?.stop('SIGTERM');
    if (serve) {
      assert.match(serve.output().stdout, /Embedded sidecar stopped\./, 'serve stops cleanly on SIGTERM');
      // npx ends by the signal itself (the program, in the same group, stops cleanly).
      assert.ok(code === 0 || (code === 'SIGTERM' && /(^|\/)npx$/.test(command[0]!)), `serve exits 0 on SIGTERM, got ${code}`);
    }
  }
  process.stdout.write(`smoke: passed in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

await main();
