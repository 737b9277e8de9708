/**
 * End-to-end, sidecar loss in attach mode: the real console (tmux, 100x30) and its in-process
 * runtime are attached to a `serve` process on a data dir, which is SIGKILLed while the console
 * shows instances and later restarted on the same port and data dir. While it is gone the
 * console keeps answering keys, says it is disconnected, and a pause fails with one sentence
 * and is never sent later; once the sidecar is back the console reconnects by itself, a pause
 * done then is applied exactly once (one ExecutionSuspended in the history), the runtime works
 * again (the instance completes), and the console never crashed.
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
const scratch = mkdtempSync(join(tmpdir(), 'dwt-loss-'));
let session: TmuxSession | undefined;
const serves: ServeProcess[] = [];
after(async () => {
  session?.kill();
  await Promise.all(serves.map((serve) => serve.stop('SIGKILL')));
  rmSync(scratch, { recursive: true, force: true });
});

async function serveOn(port: number): Promise<ServeProcess> {
  const dataDir = join(scratch, 'store');
  const started = await startServe(['--grpc-port', String(port), '--http-port', 'off', '--data-dir', dataDir, '--no-runtime']);
  serves.push(started);
  return started;
}

/** Runs a verb against the sidecar and returns its stdout. */
async function verb(address: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['bin/dapr-workflow-tui.js', ...args, '--sidecar', address], { cwd: REPO_ROOT });
  return stdout;
}

async function statusOf(address: string, instanceId: string): Promise<string> {
  return (JSON.parse(await verb(address, 'status', instanceId, '--json')) as { status: string }).status;
}

/** How many events of `kind` the instance's history holds (the `history --json` verb). */
async function countInHistory(address: string, instanceId: string, kind: string): Promise<number> {
  const events = JSON.parse(await verb(address, 'history', instanceId, '--json')) as { kind: string }[];
  return events.filter((event) => event.kind === kind).length;
}

function rowOf(screen: string, instanceId: string): string {
  return screen.split('\n').find((line) => line.includes(` ${instanceId} `)) ?? '';
}

/** The instance ID on the row under the cursor (`›`), or undefined. */
function cursorId(screen: string): string | undefined {
  const line = screen.split('\n').find((text) => /^›\s+[A-Z]+\s+\S/.test(text));
  return line?.split(/\s+/)[2];
}

/** The line just above the footer's key hints: the status line of the last action. */
function statusLine(screen: string): string {
  const lines = screen.trimEnd().split('\n');
  return lines[lines.length - 2] ?? '';
}

const hasStackTrace = (screen: string) => /^\s+at .+[(:]\d+/m.test(screen) || /\b(TypeError|ReferenceError|Unhandled)\b/.test(screen);

const skip = hasTmux() ? false : 'tmux is not installed';

test('the sidecar dies and comes back: keys answered, disconnected shown, no late or double action, reconnects', { skip, timeout: 120_000 }, async () => {
  let sidecar = await serveOn(0);
  const address = sidecar.grpcAddress;
  const port = Number(address.split(':')[1]);
  session = startConsoleBinary(`--sidecar ${address} --time-scale 0.1`, { env: { XDG_DATA_HOME: join(scratch, 'xdg') } });
  await session.waitFor(`sidecar ${address} · ● connected`, 30_000);
  for (const n of [1, 2, 3]) {
    await verb(address, 'run', 'DocumentApprovalWorkflow', '--instance-id', `loss-${n}`, '--input', JSON.stringify({ document_id: `doc-${n}` }));
  }
  // The console's runtime runs them up to the wait for the reviewer's event (the table shows
  // custom status for the selected row only, so the verb tells for the others).
  await session.waitFor((screen) => [1, 2, 3].every((n) => /RUNNING/.test(rowOf(screen, `loss-${n}`))), 30_000);
  const waiting = Date.now() + 30_000;
  for (const n of [1, 2, 3]) {
    while (!/Waiting for DocumentReviewedEvent/.test(await verb(address, 'status', `loss-${n}`))) {
      assert.ok(Date.now() < waiting, `loss-${n} reached the wait for its event`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  assert.equal(await sidecar.stop('SIGKILL'), 'SIGKILL');
  await session.waitFor(`sidecar ${address} · ○ disconnected`, 20_000);

  // Keys are answered while disconnected: help opens and closes, the cursor moves both ways.
  session.keys('?');
  await session.waitFor('Pause (suspend) the selected instance', 3000);
  session.keys('Escape');
  await session.waitFor('INSTANCE ID', 3000);
  const first = cursorId(session.screen());
  assert.ok(first, 'a row is under the cursor');
  const down = first === 'loss-1' ? 'k' : 'j';
  session.keys(down);
  const moved = cursorId(await session.waitFor((screen) => cursorId(screen) !== first, 3000));
  session.keys(down === 'j' ? 'k' : 'j');
  await session.waitFor((screen) => cursorId(screen) === first, 3000);

  // A pause while disconnected fails with one sentence on the status line.
  const target = first!;
  assert.notEqual(moved, target);
  assert.doesNotMatch(statusLine(session.screen()), /not reachable|unavailable|could not/i, 'no action message yet');
  session.keys('p');
  const failed = await session.waitFor((screen) => /not reachable|unavailable|could not/i.test(statusLine(screen)), 15_000);
  assert.doesNotMatch(statusLine(failed), /Suspended/);
  assert.match(statusLine(failed).trim(), /^[^\n]+\.$/, 'one sentence');

  sidecar = await serveOn(port);
  await session.waitFor(`sidecar ${address} · ● connected`, 30_000);
  // Two refreshes later the failed pause has still not been applied anywhere.
  await new Promise((resolve) => setTimeout(resolve, 2500));
  assert.match(rowOf(session.screen(), target), /RUNNING/);
  assert.equal(await statusOf(address, target), 'RUNNING');
  assert.equal(await countInHistory(address, target, 'ExecutionSuspended'), 0, 'the pause sent while disconnected was never applied');

  // A pause done once now is applied once. (The sidecar holds the suspension in the instance's
  // inbox while it is suspended; it enters the history with the resume's turn.)
  assert.equal(cursorId(session.screen()), target);
  session.keys('p');
  await session.waitFor(`Suspended ${target}.`, 10_000);
  await session.waitFor((screen) => /SUSPENDED/.test(rowOf(screen, target)), 10_000);
  assert.equal(await statusOf(address, target), 'SUSPENDED');

  // The runtime reconnected too: resume and approve from the console, and the instance completes.
  session.keys('r');
  await session.waitFor(`Resumed ${target}.`, 10_000);
  session.keys('e');
  await session.waitFor(`Raise an event on ${target}`);
  session.keys('Enter');
  await session.waitFor(/› Payload/);
  session.keys('Enter');
  await session.waitFor(`Raised DocumentReviewedEvent on ${target}.`);
  await session.waitFor((screen) => /COMPLETED/.test(rowOf(screen, target)), 30_000);
  assert.equal(await statusOf(address, target), 'COMPLETED');
  assert.equal(await countInHistory(address, target, 'ExecutionSuspended'), 1, 'exactly one ExecutionSuspended');
  assert.equal(await countInHistory(address, target, 'ExecutionResumed'), 1, 'exactly one ExecutionResumed');
  for (const other of ['loss-1', 'loss-2', 'loss-3'].filter((id) => id !== target)) {
    assert.equal(await statusOf(address, other), 'RUNNING', `${other} was left alone`);
  }

  const screen = session.screen();
  assert.ok(!hasStackTrace(screen), `no stack trace on the screen:\n${screen}`);
  assert.ok(!/EXIT:/.test(screen), 'the console is still running');
  session.keys('q');
  await session.waitFor(/EXIT:0/, 15_000);
});
