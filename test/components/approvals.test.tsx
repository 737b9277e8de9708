/**
 * The approver's keys in the rendered console (ink-testing-library, a fake client and a real
 * tracker): the inbox of instances waiting for an event, approve and reject with one key,
 * marks and bulk actions behind one confirmation, the log level, and the forms' exact editing.
 * Every step waits for a condition on the frame or on the fake's calls.
 */
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { HistoryEvent, WorkflowInfo } from '../../src/model/index.js';
import { FakeSidecarClient, waitUntil } from '../tracker/fake-sidecar-client.js';
import { KEYS, renderConsole, type RenderConsoleOptions } from './render-console.js';

const DOC: WorkflowInfo = {
  name: 'DocumentApprovalWorkflow',
  description: 'Waits for a review.',
  exampleInput: { document_id: 'd' },
  events: [
    {
      name: 'DocumentReviewedEvent',
      examplePayload: { approved: true },
      approvePayload: { approved: true, approver_id: 'r-7' },
      rejectPayload: { approved: false, approver_id: 'r-7' },
    },
  ],
};

const T0 = Date.now() - 60_000;
const WAITING: HistoryEvent[] = [
  { eventId: -1, timestamp: T0, kind: 'OrchestratorStarted' },
  { eventId: -1, timestamp: T0, kind: 'ExecutionStarted', name: 'DocumentApprovalWorkflow', executionId: 'e' },
  { eventId: 0, timestamp: T0, kind: 'TaskScheduled', name: 'submit_document_for_review' },
  { eventId: -1, timestamp: T0 + 10, kind: 'OrchestratorStarted' },
  { eventId: -1, timestamp: T0 + 10, kind: 'TaskCompleted', taskScheduledId: 0 },
];
const BUSY: HistoryEvent[] = [...WAITING.slice(0, 3)];

function open(t: TestContext, options: RenderConsoleOptions = {}) {
  const console = renderConsole({ workflows: [DOC], rows: 30, columns: 110, ...options });
  t.after(() => console.unmount());
  return console;
}

function addDocs(client: FakeSidecarClient): void {
  for (const [index, id] of ['doc-1', 'doc-2', 'doc-3'].entries()) {
    client.add({ instanceId: id, name: 'DocumentApprovalWorkflow', createdAt: T0 + index });
    client.histories.set(id, WAITING);
  }
  client.add({ instanceId: 'doc-busy', name: 'DocumentApprovalWorkflow', createdAt: T0 + 5 });
  client.histories.set('doc-busy', BUSY);
  client.add({ instanceId: 'done-1', name: 'DocumentApprovalWorkflow', status: 'COMPLETED', createdAt: T0 - 5 });
}

test('i opens the inbox: waiting instances grouped by workflow and event, the payloads shown before sending', async (t) => {
  const c = open(t);
  addDocs(c.client);
  await c.waitFor('doc-busy');
  await c.press('i');
  const frame = await c.waitFor((text) => text.includes('doc-3') && text.includes('approve:'));
  assert.match(frame, /DocumentApprovalWorkflow · DocumentReviewedEvent \(3\)/);
  assert.ok(!frame.includes('doc-busy'), 'an instance with a pending activity is not waiting');
  assert.ok(!frame.includes('done-1'), 'a finished instance is not waiting');
  assert.match(frame, /y approve: DocumentReviewedEvent \{"approved":true,"approver_id":"r-7"\}/);
  assert.match(frame, /n reject:\s+DocumentReviewedEvent \{"approved":false,"approver_id":"r-7"\}/);
  assert.match(frame, /status awaiting event/);
  // Histories are read once per instance version, not once per refresh.
  const reads = c.client.count('history', 'doc-1');
  await new Promise((resolve) => setTimeout(resolve, 150));
  assert.equal(c.client.count('history', 'doc-1'), reads, 'no re-read while the instance is unchanged');
});

test('y approves and n rejects with one key each; the status line says which', async (t) => {
  const c = open(t);
  addDocs(c.client);
  await c.press('i');
  await c.waitFor((text) => /›\s+DocumentApprovalWorkflow.*doc-3/.test(text));
  await c.press('y');
  await c.waitFor('Approved doc-3 (DocumentReviewedEvent sent).');
  const approve = c.client.calls.find((call) => call.method === 'raiseEvent');
  assert.deepEqual(approve?.args, ['doc-3', 'DocumentReviewedEvent', '{"approved":true,"approver_id":"r-7"}']);
  // The workflow takes the event and finishes: it leaves the inbox, the cursor lands on the next.
  c.client.setStatus('doc-3', 'COMPLETED');
  await c.waitFor((text) => !/doc-3\s+\d+s/.test(text) && /›\s+DocumentApprovalWorkflow.*doc-2/.test(text));
  await c.press('n');
  await c.waitFor('Rejected doc-2 (DocumentReviewedEvent sent).');
  assert.deepEqual(c.client.calls.filter((call) => call.method === 'raiseEvent')[1]?.args, [
    'doc-2',
    'DocumentReviewedEvent',
    '{"approved":false,"approver_id":"r-7"}',
  ]);
  // Enter opens the full event form, prefilled.
  await c.press(KEYS.enter);
  const form = await c.waitFor('Raise an event on');
  assert.match(form, /Event name\s+DocumentReviewedEvent/);
});

test('read-only: the inbox shows no payload keys and y sends nothing', async (t) => {
  const c = open(t, { readOnly: true });
  addDocs(c.client);
  await c.press('i');
  await c.waitFor('doc-3');
  await c.press('y');
  await c.waitFor('read-only');
  assert.equal(c.client.count('raiseEvent'), 0);
  assert.ok(!c.frame().includes('approve:'));
});

test('Space marks, M marks all shown, u clears; marks survive filters and drop with their rows', async (t) => {
  const c = open(t);
  for (const id of ['a-1', 'a-2', 'b-1']) c.client.add({ instanceId: id, createdAt: T0 + id.charCodeAt(0) * 10 + Number(id.at(-1)) });
  await c.waitFor('a-1');
  await c.press(' ');
  await c.waitFor('1 marked');
  await c.press('/');
  for (const char of 'a-') await c.press(char);
  await c.press(KEYS.enter);
  await c.waitFor((text) => !text.includes('b-1'));
  await c.press('M');
  await c.waitFor('3 marked');
  c.client.instances.delete('a-1');
  await c.waitFor('2 marked');
  await c.press('u');
  await c.waitFor('Marks cleared.');
  assert.ok(!c.frame().includes('marked ·'));
});

test('bulk terminate asks once with the count and reports successes and the failure', async (t) => {
  const c = open(t);
  for (const id of ['order-1', 'order-2', 'order-3']) c.client.add({ instanceId: id, createdAt: T0 + Number(id.at(-1)) });
  c.client.add({ instanceId: 'order-7', status: 'COMPLETED', createdAt: T0 });
  await c.waitFor('order-7');
  await c.press('M');
  await c.waitFor('4 marked');
  await c.press('t');
  await c.waitFor('Terminate 4 marked instances?');
  await c.press('n');
  await c.waitFor('Terminate cancelled; nothing was sent.');
  assert.equal(c.client.count('terminate'), 0);
  await c.press('t');
  await c.waitFor('Terminate 4 marked instances?');
  await c.press('y');
  await c.waitFor('3 terminated, 1 failed: order-7 is already completed.');
  assert.equal(c.client.count('terminate'), 3, 'the finished one is not sent');
  await waitUntil(() => ['order-1', 'order-2', 'order-3'].every((id) => c.client.instances.get(id)?.status === 'TERMINATED'));
});

test('bulk pause and raise-event: one confirmation, then every marked instance', async (t) => {
  const c = open(t);
  for (const id of ['doc-1', 'doc-2']) c.client.add({ instanceId: id, name: 'DocumentApprovalWorkflow', createdAt: T0 + Number(id.at(-1)) });
  await c.waitFor('doc-2');
  await c.press('M');
  await c.press('p');
  await c.waitFor('Pause 2 marked instances?');
  await c.press('y');
  await c.waitFor('2 paused.');
  await c.press('r');
  await c.press('y');
  await c.waitFor('2 resumed.');
  await c.press('e');
  await c.waitFor('Raise an event on 2 marked instances');
  await c.press(KEYS.enter, KEYS.enter);
  await c.waitFor('2 got the event.');
  assert.equal(c.client.count('raiseEvent'), 2);
});

test('L cycles the log level: the SDK’s INFO chatter is hidden by default and shown on request', async (t) => {
  const c = open(t);
  c.log.append('[DurableTask, Worker] Received work item', 'info', 'sdk');
  c.log.append('[submit doc-1] Sent doc-1 to the reviewers.', 'info', 'workflow');
  let frame = await c.waitFor('Sent doc-1');
  assert.ok(!frame.includes('Received work item'));
  assert.match(frame, /logs: workflow lines \(1 of 2\)/);
  await c.press('L');
  frame = await c.waitFor('Received work item');
  assert.match(frame, /workflow \+ SDK info/);
});

test('the start form: Backspace after a failed submit edits exactly where the text is', async (t) => {
  const c = open(t);
  await c.press('s');
  await c.waitFor('Start a workflow instance');
  await c.press(KEYS.tab, KEYS.tab);
  await c.waitFor((text) => /› Input \(JSON\)/.test(text));
  await c.press('\u0015'); // Ctrl-U clears the prefilled input
  await c.press('"Ada"iwf-demo-1');
  await c.press(KEYS.tab);
  await c.waitFor('The input is not valid JSON');
  for (let press = 0; press < 10; press += 1) await c.press(KEYS.backspace);
  const frame = await c.waitFor((text) => /Input \(JSON\)\s+"Ada" /.test(text));
  assert.ok(!frame.includes('"Ada"i'), frame);
  await c.press(KEYS.backspace.repeat(3));
  await c.waitFor((text) => /Input \(JSON\)\s+"A /.test(text));
});

test('the event form: the label never runs into the value, at any width', async (t) => {
  for (const columns of [40, 60, 100]) {
    const c = renderConsole({ workflows: [DOC], columns, rows: 24 });
    try {
      c.client.add({ instanceId: 'doc-1', name: 'DocumentApprovalWorkflow' });
      await c.waitFor('doc-1');
      await c.press('e');
      const frame = await c.waitFor('Payload (JSON)');
      assert.ok(!/Payload \(JSON\)\S/.test(frame), `at ${columns} columns:\n${frame}`);
      assert.ok(!/Event name\S/.test(frame), `at ${columns} columns:\n${frame}`);
    } finally {
      c.unmount();
    }
  }
  t.diagnostic('checked at 40, 60 and 100 columns');
});

test('a 120 KB paste into a form draws quickly', async (t) => {
  const c = open(t);
  await c.press('s');
  await c.waitFor('Start a workflow instance');
  await c.press(KEYS.tab, KEYS.tab, '\u0015');
  const paste = JSON.stringify({ blob: 'x'.repeat(120 * 1024) });
  const started = performance.now();
  await c.press(paste);
  await c.waitFor((text) => /Input \(JSON\)\s+…x+"} /.test(text));
  const elapsed = performance.now() - started;
  assert.ok(elapsed < 1000, `paste drawn in ${elapsed.toFixed(0)} ms`);
  const frameStarted = performance.now();
  await c.press('x');
  await c.waitFor((text) => /x"}x /.test(text));
  const frameMs = performance.now() - frameStarted;
  t.diagnostic(`paste ${elapsed.toFixed(0)} ms, next key ${frameMs.toFixed(0)} ms`);
  assert.ok(frameMs < 100, `a key after the paste takes ${frameMs.toFixed(0)} ms`);
});

test('rerun: ] moves the timeline cursor to an activity, R opens the form with a suggested ID, Enter reruns', async (t) => {
  const c = open(t);
  c.client.add({ instanceId: 'src-1', name: 'DocumentApprovalWorkflow', status: 'COMPLETED', input: '{"document_id":"d"}' });
  c.client.histories.set('src-1', [
    ...WAITING,
    { eventId: -1, timestamp: T0 + 20, kind: 'OrchestratorStarted' },
    { eventId: -1, timestamp: T0 + 20, kind: 'EventRaised', name: 'DocumentReviewedEvent', input: '{"approved":true}' },
    { eventId: 1, timestamp: T0 + 20, kind: 'TaskScheduled', name: 'publish_document', input: '{"document_id":"d"}' },
    { eventId: -1, timestamp: T0 + 30, kind: 'OrchestratorStarted' },
    { eventId: -1, timestamp: T0 + 30, kind: 'TaskCompleted', taskScheduledId: 1 },
    { eventId: -1, timestamp: T0 + 30, kind: 'ExecutionCompleted', status: 'COMPLETED', result: '{}' },
  ]);
  await c.waitFor('src-1');
  await c.press(KEYS.enter);
  await c.waitFor((text) => text.includes('publish_document') && text.includes('"document_id": "d"'));
  await c.press('R');
  await c.waitFor('Move the timeline cursor');
  await c.press(']', ']');
  await c.waitFor((text) => /› publish_document/.test(text));
  await c.press('R');
  const form = await c.waitFor('Rerun src-1 from publish_document (event 1)');
  assert.match(form, /New instance ID\s+src-1-rerun-1/);
  assert.match(form, /Activity input\s+\{"document_id":"d"\}/);
  await c.press(KEYS.enter, KEYS.enter);
  await c.waitFor('Reran src-1 from event 1 as src-1-rerun-1.');
  const call = c.client.calls.find((entry) => entry.method === 'rerunWorkflowFromEvent');
  assert.deepEqual(call?.args, [{ sourceInstanceId: 'src-1', eventId: 1, newInstanceId: 'src-1-rerun-1' }], 'the input is kept unless edited');
  assert.equal(c.client.instances.get('src-1-rerun-1')?.status, 'RUNNING');
  await c.waitFor('src-1-rerun-1');
});

test('with no workflows hosted here, the start form offers the names seen on the sidecar (↑↓) and free text', async (t) => {
  const c = renderConsole({ workflows: [], columns: 100, rows: 30 });
  t.after(() => c.unmount());
  c.client.add({ instanceId: 'x-1', name: 'ExpenseWorkflow' });
  c.client.add({ instanceId: 'x-2', name: 'AuditWorkflow' });
  await c.waitFor('x-2');
  await c.press('s');
  let form = await c.waitFor('seen on the sidecar: AuditWorkflow, ExpenseWorkflow');
  assert.match(form, /Workflow\s+AuditWorkflow/);
  await c.press(KEYS.down);
  form = await c.waitFor((text) => /Workflow\s+ExpenseWorkflow/.test(text));
  await c.press('\u0015', 'MyOwnWorkflow');
  await c.waitFor((text) => /Workflow\s+MyOwnWorkflow/.test(text));
  await c.press(KEYS.tab, KEYS.tab, KEYS.enter);
  await waitUntil(() => c.client.count('start') === 1);
  assert.equal(c.client.calls.find((call) => call.method === 'start')?.args[0], 'MyOwnWorkflow');
});

test('the event form suggests event names already raised on instances of the same workflow', async (t) => {
  const c = renderConsole({ workflows: [], columns: 100, rows: 30 });
  t.after(() => c.unmount());
  c.client.add({ instanceId: 'exp-old', name: 'ExpenseWorkflow', status: 'COMPLETED', createdAt: T0 });
  c.client.histories.set('exp-old', [
    ...WAITING,
    { eventId: -1, timestamp: T0 + 20, kind: 'OrchestratorStarted' },
    { eventId: -1, timestamp: T0 + 20, kind: 'EventRaised', name: 'ManagerDecision', input: '{"approved":true}' },
  ]);
  c.client.add({ instanceId: 'exp-new', name: 'ExpenseWorkflow', createdAt: T0 + 100 });
  await c.waitFor('exp-new');
  await c.press('e');
  await c.waitFor('known: ManagerDecision');
  await c.press(KEYS.down);
  await c.waitFor((text) => /Event name\s+ManagerDecision/.test(text));
});
