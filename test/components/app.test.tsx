/**
 * The App rendered with ink-testing-library against a fake sidecar client and a real
 * tracker: frames are compared without ANSI codes, and every step waits for a condition
 * on the frame (or on the fake's calls), never for a fixed time.
 */
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { WorkflowInfo } from '../../src/model/index.js';
import { waitUntil } from '../tracker/fake-sidecar-client.js';
import { KEYS, renderConsole, type RenderConsoleOptions } from './render-console.js';

const WORKFLOWS: WorkflowInfo[] = [
  {
    name: 'OrderProcessingWorkflow',
    description: 'Reserves, charges and ships an order.',
    exampleInput: { customer_id: 'cust-789' },
    events: [],
  },
  {
    name: 'VacationApprovalWorkflow',
    description: 'Waits for a manager to approve.',
    exampleInput: { days: 3 },
    events: [{ name: 'approval', examplePayload: { approved: true } }],
  },
];

function open(t: TestContext, options: RenderConsoleOptions = {}) {
  const console = renderConsole({ workflows: WORKFLOWS, ...options });
  t.after(() => console.unmount());
  return console;
}

function lines(frame: string): string[] {
  return frame.split('\n');
}

test('the table shows status, ID, workflow and preview, newest first, within 80x24', async (t) => {
  const c = open(t, { columns: 80, rows: 24 });
  const base = Date.now();
  c.client.add({ instanceId: 'old-one', createdAt: base - 60_000, status: 'COMPLETED' });
  c.client.add({ instanceId: 'paused-one', createdAt: base - 30_000, status: 'SUSPENDED', name: 'VacationApprovalWorkflow' });
  c.client.add({ instanceId: 'new-one', createdAt: base, customStatus: '"waiting for approval"' });
  const frame = await c.waitFor('old-one');
  const rows = lines(frame);
  assert.ok(rows.length <= 23, `at most 23 lines, got ${rows.length}`);
  assert.ok(rows.every((row) => row.length <= 80), 'no line wider than 80');
  const order = ['new-one', 'paused-one', 'old-one'].map((id) => frame.indexOf(id));
  assert.deepEqual([...order].sort((a, b) => a - b), order, 'newest first');
  assert.match(frame, /SUSPENDED\s+paused-one\s+VacationApprovalWor/);
  assert.match(frame, /› RUNNING\s+new-one/, 'the cursor starts on the newest');
  assert.match(frame, /3 instances · 1 running · 1 suspended · 1 completed/);
  // The preview comes once the selected instance's payloads are in.
  await c.waitFor('waiting for');
});

test('only the visible rows are rendered; PgDn, End and Home move through 200 instances', async (t) => {
  const c = open(t, { columns: 80, rows: 24 });
  const base = Date.now();
  for (let index = 0; index < 200; index += 1) {
    c.client.add({ instanceId: `inst-${String(index).padStart(3, '0')}`, createdAt: base - index * 1000, status: 'COMPLETED' });
  }
  let frame = await c.waitFor('inst-000');
  assert.ok(lines(frame).length <= 23);
  const shown = frame.match(/inst-\d{3}/g) ?? [];
  assert.ok(shown.length >= 10 && shown.length <= 16, `a screenful, got ${shown.length}`);
  await c.press(KEYS.pageDown);
  frame = await c.waitFor((text) => /› COMPLETED\s+inst-0(1[0-9])/.test(text));
  await c.press(KEYS.end);
  frame = await c.waitFor((text) => /› COMPLETED\s+inst-199/.test(text));
  assert.ok(!frame.includes('inst-000'));
  await c.press(KEYS.home);
  await c.waitFor((text) => /› COMPLETED\s+inst-000/.test(text));
  await c.press('j', 'j', KEYS.down);
  await c.waitFor((text) => /› COMPLETED\s+inst-003/.test(text));
  await c.press('k');
  await c.waitFor((text) => /› COMPLETED\s+inst-002/.test(text));
});

test('a larger terminal is used fully, and a resize is followed', async (t) => {
  const c = open(t, { columns: 80, rows: 24 });
  for (let index = 0; index < 60; index += 1) c.client.add({ instanceId: `r-${String(index).padStart(2, '0')}`, createdAt: index });
  await c.waitFor('r-59');
  const small = (c.frame().match(/r-\d\d/g) ?? []).length;
  c.rerender({ columns: 160, rows: 50 });
  const frame = await c.waitFor((text) => (text.match(/r-\d\d/g) ?? []).length > small + 15);
  assert.ok(lines(frame).length <= 49);
  assert.ok(lines(frame).some((row) => row.length > 100), 'wide rows use the width');
});

test('p pauses a running instance and the status line says so', async (t) => {
  const c = open(t);
  c.client.add({ instanceId: 'order-1' });
  await c.waitFor('order-1');
  await c.press('p');
  await c.waitFor('Suspended order-1.');
  assert.equal(c.client.count('suspend', 'order-1'), 1);
  await c.waitFor(/SUSPENDED\s+order-1/.test.bind(/SUSPENDED\s+order-1/));
  await c.press('r');
  await c.waitFor('Resumed order-1.');
  assert.equal(c.client.count('resume', 'order-1'), 1);
});

test('an action that does not apply is not sent; the status line says why', async (t) => {
  const c = open(t);
  c.client.add({ instanceId: 'done-1', status: 'COMPLETED' });
  await c.waitFor('done-1');
  await c.press('p');
  await c.waitFor('only running instances can be paused');
  await c.press('x');
  await c.waitFor('Purge done-1?');
  await c.press(KEYS.escape);
  await c.waitFor('Purge cancelled; nothing was sent.');
  c.client.add({ instanceId: 'run-1', createdAt: Date.now() + 1000 });
  await c.waitFor('run-1');
  await c.press(KEYS.home);
  await c.waitFor((text) => /› RUNNING\s+run-1/.test(text));
  await c.press('x');
  await c.waitFor('only completed, failed or terminated instances can be purged');
  assert.equal(c.client.count('suspend'), 0);
  assert.equal(c.client.count('purge'), 0);
});

test('terminate asks first: n cancels, y terminates', async (t) => {
  const c = open(t);
  c.client.add({ instanceId: 'order-9' });
  await c.waitFor('order-9');
  await c.press('t');
  await c.waitFor('Terminate order-9?');
  await c.press('n');
  await c.waitFor('Terminate cancelled; nothing was sent.');
  assert.equal(c.client.count('terminate'), 0);
  await c.press('t');
  await c.waitFor('Terminate order-9?');
  await c.press('y');
  await c.waitFor('Terminated order-9.');
  assert.equal(c.client.count('terminate', 'order-9'), 1);
  await c.waitFor((text) => /TERMINATED\s+order-9/.test(text));
});

test('purge with confirmation removes a finished instance from the table', async (t) => {
  const c = open(t);
  c.client.add({ instanceId: 'gone-1', status: 'FAILED', failure: { errorType: 'Error', errorMessage: 'boom' } });
  await c.waitFor('gone-1');
  await c.press('x');
  await c.waitFor('Purge gone-1?');
  await c.press('y');
  await c.waitFor('Purged gone-1.');
  await c.waitFor((text) => !text.includes('gone-1 ') && text.includes('No instances yet'));
});

test('the start form: workflows to pick from, example input, JSON checked before anything is sent', async (t) => {
  const c = open(t);
  await c.waitFor('No instances yet');
  await c.press('s');
  let frame = await c.waitFor('Start a workflow instance');
  assert.match(frame, /OrderProcessingWorkflow/);
  assert.match(frame, /VacationApprovalWorkflow/);
  assert.match(frame, /Reserves, charges and ships an order\./);
  await c.press(KEYS.down);
  await c.waitFor('Waits for a manager to approve.');
  await c.press(KEYS.tab);
  await c.waitFor((text) => /› Instance ID/.test(text));
  await c.press('vac-1');
  await c.waitFor('vac-1');
  await c.press(KEYS.enter);
  frame = await c.waitFor((text) => /› Input \(JSON\)/.test(text));
  assert.match(frame, /\{"days":3\}/, 'prefilled with the example input');
  await c.press(KEYS.backspace);
  await c.waitFor((text) => text.includes('{"days":3') && !text.includes('{"days":3}'));
  await c.press(KEYS.enter);
  await c.waitFor('The input is not valid JSON');
  assert.equal(c.client.count('start'), 0, 'nothing sent');
  await c.press('}');
  await c.waitFor('{"days":3}');
  await c.press(KEYS.enter);
  await c.waitFor('Started VacationApprovalWorkflow as vac-1.');
  assert.deepEqual(c.client.calls.find((call) => call.method === 'start')?.args, [
    'VacationApprovalWorkflow',
    { instanceId: 'vac-1', input: '{"days":3}' },
  ]);
  await c.waitFor((text) => /› RUNNING\s+vac-1/.test(text));
});

test('the start form refuses a bad instance ID inline, and Esc cancels', async (t) => {
  const c = open(t);
  await c.press('s');
  await c.waitFor('Start a workflow instance');
  await c.press(KEYS.tab, 'bad id!');
  await c.waitFor('bad id!');
  await c.press(KEYS.tab, KEYS.enter);
  await c.waitFor('An instance ID may contain only letters, digits, "_" and "-".');
  assert.equal(c.client.count('start'), 0);
  await c.press(KEYS.escape);
  await c.waitFor((text) => !text.includes('Start a workflow instance'));
  assert.equal(c.client.count('start'), 0);
});

test('raise event: name and payload suggested from the workflow, JSON checked, names remembered', async (t) => {
  const c = open(t);
  c.client.add({ instanceId: 'vac-7', name: 'VacationApprovalWorkflow' });
  await c.waitFor('vac-7');
  await c.press('e');
  let frame = await c.waitFor('Raise an event on vac-7');
  assert.match(frame, /approval/);
  assert.match(frame, /\{"approved":true\}/);
  await c.press(KEYS.enter);
  await c.waitFor((text) => /› Payload/.test(text));
  await c.press('x');
  await c.press(KEYS.enter);
  await c.waitFor('The payload is not valid JSON');
  assert.equal(c.client.count('raiseEvent'), 0);
  await c.press(KEYS.backspace);
  await c.waitFor((text) => !text.includes('true}x'));
  await c.press(KEYS.enter);
  await c.waitFor('Raised approval on vac-7.');
  assert.deepEqual(c.client.calls.find((call) => call.method === 'raiseEvent')?.args, ['vac-7', 'approval', '{"approved":true}']);

  // A name typed by hand is suggested next time, also for an instance of an unknown workflow.
  c.client.add({ instanceId: 'other-1', name: 'SomethingElse', createdAt: Date.now() + 5000 });
  await c.waitFor('other-1');
  await c.press(KEYS.home);
  await c.waitFor((text) => /› RUNNING\s+other-1/.test(text));
  await c.press('e');
  frame = await c.waitFor('Raise an event on other-1');
  assert.match(frame, /known: approval/);
});

test('w waits with a spinner and reports the result; Esc stops waiting', async (t) => {
  const c = open(t, { waitTimeoutMs: 60_000 });
  c.client.add({ instanceId: 'slow-1' });
  await c.waitFor('slow-1');
  await c.press('w');
  await c.waitFor('Waiting for slow-1 to finish');
  await c.press(KEYS.escape);
  await c.waitFor('Stopped waiting for slow-1.');
  await c.press('w');
  await c.waitFor('Waiting for slow-1 to finish');
  c.client.setStatus('slow-1', 'COMPLETED', { output: '42' });
  await c.waitFor(/slow-1 completed \(waited \d+\.\ds\)\./.test.bind(/slow-1 completed \(waited \d+\.\ds\)\./));
});

test('a wait that runs out of time says so', async (t) => {
  const c = open(t, { waitTimeoutMs: 50 });
  c.client.add({ instanceId: 'stuck-1' });
  await c.waitFor('stuck-1');
  await c.press('w');
  await c.waitFor('did not finish within');
});

test('a watches an instance by ID; an unknown ID is reported inline', async (t) => {
  const client = (await import('../tracker/fake-sidecar-client.js')).FakeSidecarClient;
  const fake = new client();
  fake.canList = false;
  const c = open(t, { client: fake });
  fake.add({ instanceId: 'far-away' });
  await c.waitFor('cannot list instances');
  await c.press('a');
  await c.waitFor('Watch an instance by ID');
  await c.press('nope', KEYS.enter);
  await c.waitFor('No instance nope on this sidecar.');
  for (let index = 0; index < 4; index += 1) await c.press(KEYS.backspace);
  await c.waitFor((text) => !text.includes('nope'));
  await c.press('far-away', KEYS.enter);
  await c.waitFor('Watching far-away.');
  await c.waitFor((text) => /› RUNNING\s+far-away/.test(text));
});

test('/ filters by text as you type, Esc clears; f cycles the status filter', async (t) => {
  const c = open(t);
  c.client.add({ instanceId: 'alpha-1', status: 'COMPLETED' });
  c.client.add({ instanceId: 'beta-1' });
  await c.waitFor('beta-1');
  await c.press('/');
  await c.waitFor('filter:');
  await c.press('alp');
  let frame = await c.waitFor((text) => !text.includes('beta-1'));
  assert.match(frame, /alpha-1/);
  assert.match(frame, /filter "alp": 1 shown/);
  await c.press(KEYS.escape);
  await c.waitFor('beta-1');
  await c.press('f');
  frame = await c.waitFor('status active');
  assert.ok(!frame.includes('alpha-1'));
  assert.match(frame, /beta-1/);
});

test('Enter shows details with pretty JSON and a timeline; Esc goes back', async (t) => {
  const c = open(t);
  const base = Date.now() - 5000;
  c.client.add({ instanceId: 'd-1', input: '{"customer":"c-1"}', createdAt: base });
  c.client.histories.set('d-1', [
    { eventId: -1, timestamp: base, kind: 'ExecutionStarted', name: 'order', executionId: 'e' },
    { eventId: 0, timestamp: base + 100, kind: 'TaskScheduled', name: 'reserve' },
    { eventId: -1, timestamp: base + 2000, kind: 'TaskCompleted', taskScheduledId: 0 },
  ]);
  await c.waitFor('d-1');
  await c.press(KEYS.enter);
  const frame = await c.waitFor('"customer": "c-1"');
  assert.match(frame, /Created {3}\d{4}-\d\d-\d\d/);
  await c.waitFor((text) => /reserve\s+█+.*✓ 1\.9s/.test(text));
  await c.press(KEYS.escape);
  await c.waitFor('INSTANCE ID');
});

test('details say so when the sidecar has no history', async (t) => {
  const c = open(t);
  c.client.hasHistory = false;
  c.client.add({ instanceId: 'h-1' });
  await c.waitFor('h-1');
  await c.press(KEYS.enter);
  await c.waitFor('does not provide instance history');
});

test('? shows help from the keymap; read-only help and footer have no lifecycle actions', async (t) => {
  const c = open(t, { readOnly: true });
  c.client.add({ instanceId: 'ro-1' });
  let frame = await c.waitFor('ro-1');
  assert.match(frame, /read-only/);
  assert.ok(!/p pause/.test(frame));
  await c.press('p');
  await c.waitFor('This console is read-only');
  assert.equal(c.client.count('suspend'), 0);
  await c.press('?');
  frame = await c.waitFor('Keys');
  assert.match(frame, /Wait for the selected instance to finish/);
  assert.ok(!frame.includes('Pause (suspend)'));
  await c.press('q');
  await c.waitFor('INSTANCE ID');
  assert.equal(c.quits(), 0, 'q closes help, it does not quit');
  await c.press('q');
  await waitUntil(() => c.quits() === 1, 2000, 'quit');
});

test('Ctrl-C quits from anywhere, even from a form', async (t) => {
  const c = open(t);
  await c.press('s');
  await c.waitFor('Start a workflow instance');
  await c.press(KEYS.ctrlC);
  await waitUntil(() => c.quits() === 1, 2000, 'quit');
});

test('the header shows a lost connection and its recovery', async (t) => {
  const c = open(t);
  c.client.add({ instanceId: 'c-1' });
  await c.waitFor('c-1');
  assert.match(c.frame(), /● connected/);
  c.client.isUnreachable = true;
  await c.waitFor((text) => /○ disconnected \(retry in [^)]+\)\n/.test(text) && text.includes('\nNothing answers at 127.0.0.1:50001.\n'));
  assert.match(c.frame(), /c-1/, 'the last known rows stay');
  c.client.isUnreachable = false;
  await c.waitFor('● connected', 5000);
});

test('text from the sidecar and from workflow logs is drawn without control sequences', async (t) => {
  const c = open(t, { hasColor: false });
  c.client.add({ instanceId: 'evil-1', name: 'Evil\u001B]0;pwned\u0007\u001B[2JName', customStatus: '"\u001B[31mred\u001B[0m"' });
  c.log.append('log \u001B[1;31mbold red\u001B[0m \u0007 bell \u001B]8;;http://x\u0007link');
  await c.waitFor('EvilName');
  await c.waitFor('log bold red  bell link');
  await c.waitFor('red');
  const raw = c.rawFrame();
  assert.ok(!raw.includes('\u001B]'), 'no OSC sequence');
  assert.ok(!raw.includes('\u0007'), 'no bell');
  assert.ok(!raw.includes('\u001B[2J'), 'no clear screen');
  assert.ok(!raw.includes('\u001B[31m'), 'no colour from the payload');
});

test('the log pane shows the runtime log and l hides it', async (t) => {
  const c = open(t);
  c.log.append('activity reserve started', 'info', 'workflow');
  await c.waitFor('activity reserve started');
  await c.press('l');
  await c.waitFor((text) => !text.includes('activity reserve started'));
});

test('without hosted workflows the start form takes a typed workflow name', async (t) => {
  const c = open(t, { workflows: [] });
  await c.waitFor('No instances yet');
  await c.press('s');
  await c.waitFor('no workflows are hosted here');
  await c.press(KEYS.enter, KEYS.enter, KEYS.enter);
  await c.waitFor('Type the workflow name.');
  assert.equal(c.client.count('start'), 0);
  await c.waitFor((text) => /› Workflow/.test(text));
  await c.press('RemoteWorkflow');
  await c.waitFor('RemoteWorkflow');
  await c.press(KEYS.enter, KEYS.enter, KEYS.enter);
  await c.waitFor('Started RemoteWorkflow as fake-1.');
  assert.equal(c.client.calls.find((call) => call.method === 'start')?.args[0], 'RemoteWorkflow');
});

test('at 80x24 the help scrolls and every line fits', async (t) => {
  const c = open(t, { columns: 80, rows: 24 });
  await c.press('?');
  let frame = await c.waitFor('Keys (↑↓ scroll)');
  assert.ok(frame.split('\n').every((line) => line.length <= 80));
  assert.ok(frame.split('\n').length <= 23);
  await c.press(KEYS.end);
  frame = await c.waitFor('Close help');
  assert.ok(!frame.includes('Start a workflow instance'), 'scrolled past the first entries');
});

test('keys that arrive together ("jjj") each count; a burst ends at a command after moves', async (t) => {
  const c = open(t);
  const base = Date.now();
  for (let index = 0; index < 6; index += 1) c.client.add({ instanceId: `b-${index}`, createdAt: base - index * 1000 });
  await c.waitFor('b-5');
  await c.press('jjj');
  await c.waitFor((text) => /› RUNNING\s+b-3/.test(text));
  await c.press('kp');
  await c.waitFor((text) => /› RUNNING\s+b-2/.test(text));
  assert.equal(c.client.count('suspend'), 0, 'the p in the burst was not sent');
  await c.press('qq');
  await waitUntil(() => c.quits() === 1, 2000, 'quit');
});
