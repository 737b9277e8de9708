/**
 * End-to-end: the real binary in a real terminal (tmux, 100x30), on its embedded sidecar in
 * memory with the bundled workflows sped up. Three scenarios: start → pause → resume →
 * raise event → completed (then q); terminate with confirmation (then Ctrl-C); purge (then
 * SIGTERM). Each one also checks that the terminal is given back (the UI is gone from the
 * screen and the shell prints the exit status).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, test } from 'node:test';
import { hasTmux, startConsoleBinary, TmuxSession } from '../helpers/tmux.js';

const sessions: TmuxSession[] = [];
after(() => {
  for (const session of sessions) session.kill();
});

/** Starts the console on an embedded sidecar in memory, with the bundled workflows sped up. */
function startConsole(extra = ''): TmuxSession {
  const session = startConsoleBinary(`--in-memory --grpc-port 0 --http-port off --time-scale 0.1 ${extra}`);
  sessions.push(session);
  return session;
}

/** Opens the start form, picks the workflow by name, types the ID, keeps the example input, submits. */
async function startWorkflow(session: TmuxSession, workflow: string, instanceId: string): Promise<void> {
  session.keys('s');
  await session.waitFor('Start a workflow instance');
  for (let step = 0; step < 12; step += 1) {
    const screen = session.screen();
    if (new RegExp(`❯ ${workflow}\\b`).test(screen)) break;
    session.keys('Down');
    await session.waitFor((text) => text !== screen, 2000).catch(() => undefined);
  }
  await session.waitFor(new RegExp(`❯ ${workflow}\\b`), 2000);
  session.keys('Tab');
  await session.waitFor(/› Instance ID/);
  session.type(instanceId);
  await session.waitFor(instanceId);
  session.keys('Enter');
  await session.waitFor(/› Input \(JSON\)/);
  session.keys('Enter');
  await session.waitFor(`as ${instanceId}.`);
}

function rowOf(screen: string, instanceId: string): string {
  return screen.split('\n').find((line) => line.includes(` ${instanceId} `)) ?? '';
}

async function assertTerminalRestored(session: TmuxSession): Promise<string> {
  const screen = await session.waitFor(/EXIT:\d+/, 15_000);
  assert.ok(!screen.includes('Dapr workflows'), `the UI is gone after exit:\n${screen}`);
  assert.ok(!screen.includes('INSTANCE ID'));
  return screen;
}

const skip = hasTmux() ? false : 'tmux is not installed';

test('start → pause → resume → raise event → completed, then q gives the terminal back', { skip, timeout: 90_000 }, async () => {
  const session = startConsole();
  await session.waitFor('● connected', 30_000);
  await startWorkflow(session, 'interactive_hello_workflow', 'e2e-hello');
  await session.waitFor((screen) => /RUNNING\s+e2e-hello/.test(rowOf(screen, 'e2e-hello')));

  session.keys('p');
  await session.waitFor('Suspended e2e-hello.');
  await session.waitFor((screen) => /SUSPENDED\s+e2e-hello/.test(rowOf(screen, 'e2e-hello')));

  session.keys('r');
  await session.waitFor('Resumed e2e-hello.');
  // After its ten steps the workflow greets and waits for approvalEvent (custom status says so).
  await session.waitFor((screen) => /RUNNING\s+e2e-hello.*Hello, Ada!/.test(rowOf(screen, 'e2e-hello')), 30_000);

  session.keys('e');
  const form = await session.waitFor('Raise an event on e2e-hello');
  assert.match(form, /approvalEvent/);
  assert.match(form, /\{"approved":true,"approver":"Grace"\}/);
  session.keys('Enter');
  await session.waitFor(/› Payload/);
  session.keys('Enter');
  await session.waitFor('Raised approvalEvent on e2e-hello.');
  await session.waitFor((screen) => /COMPLETED\s+e2e-hello/.test(rowOf(screen, 'e2e-hello')), 20_000);

  session.keys('Enter');
  await session.waitFor('"status": "Approved"');
  await session.waitFor((screen) => screen.includes('Timeline') && !screen.includes('Loading history'));
  session.keys('End');
  const timeline = await session.waitFor(/interactive_hello_activity\s.*█.*✓/);
  assert.match(timeline, /event approvalEvent\s+ *◆/);
  assert.match(timeline, /time\s+0s─+ \d/);
  session.keys('Escape');
  await session.waitFor('INSTANCE ID');

  session.keys('q');
  const screen = await assertTerminalRestored(session);
  assert.match(screen, /EXIT:0/);
});

test('terminate asks for confirmation; Ctrl-C gives the terminal back', { skip, timeout: 90_000 }, async () => {
  const session = startConsole();
  await session.waitFor('● connected', 30_000);
  await startWorkflow(session, 'VacationApprovalWorkflow', 'e2e-vacation');
  await session.waitFor((screen) => /RUNNING\s+e2e-vacation/.test(rowOf(screen, 'e2e-vacation')));

  session.keys('t');
  await session.waitFor('Terminate e2e-vacation?');
  session.keys('n');
  await session.waitFor('Terminate cancelled; nothing was sent.');
  assert.match(rowOf(session.screen(), 'e2e-vacation'), /RUNNING/);

  session.keys('t');
  await session.waitFor('Terminate e2e-vacation?');
  session.keys('y');
  await session.waitFor('Terminated e2e-vacation.');
  await session.waitFor((screen) => /TERMINATED\s+e2e-vacation/.test(rowOf(screen, 'e2e-vacation')));

  // Pasted colour codes and Ctrl-F1 are no keys of the console: they must not end it.
  session.type('12 \u001B[31m34\u001B[0m 56 \u001B[1;5P');
  session.keys('?');
  await session.waitFor('Keys');
  session.keys('Escape');
  await session.waitFor('INSTANCE ID');

  session.keys('C-c');
  await assertTerminalRestored(session);
});

test('purge: refused while running, done after terminate; SIGTERM gives the terminal back', { skip, timeout: 90_000 }, async () => {
  const session = startConsole();
  await session.waitFor('● connected', 30_000);
  await startWorkflow(session, 'VacationApprovalWorkflow', 'e2e-purge');
  await session.waitFor((screen) => /RUNNING\s+e2e-purge/.test(rowOf(screen, 'e2e-purge')));

  session.keys('x');
  await session.waitFor('only completed, failed or terminated instances can be purged');
  session.keys('t');
  await session.waitFor('Terminate e2e-purge?');
  session.keys('y');
  await session.waitFor((screen) => /TERMINATED\s+e2e-purge/.test(rowOf(screen, 'e2e-purge')));

  session.keys('x');
  await session.waitFor('Purge e2e-purge?');
  session.keys('y');
  await session.waitFor('Purged e2e-purge.');
  await session.waitFor((screen) => rowOf(screen, 'e2e-purge') === '' && screen.includes('0 instances'));

  const shell = session.panePid();
  const node = Number(execFileSync('ps', ['-o', 'pid=', '--ppid', String(shell)], { encoding: 'utf8' }).trim().split(/\s+/)[0]);
  assert.ok(node > 0, 'found the console process');
  process.kill(node, 'SIGTERM');
  await assertTerminalRestored(session);
});
