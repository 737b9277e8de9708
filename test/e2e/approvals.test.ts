/**
 * End-to-end: the approver's keys in the real binary in a real terminal (tmux, 110x32), on
 * its embedded sidecar in memory with the bundled workflows sped up. Instances are started
 * through the official SDK on the port the header names. Scenarios: bulk terminate of
 * marked instances; approving three waiting DocumentApprovalWorkflow instances from the
 * inbox with one key each; rerun from a timeline event; Backspace after a failed submit;
 * Ctrl-E with EDITOR set to a script that rewrites the file. Each waits on conditions.
 */
import { DaprWorkflowClient } from '@dapr/dapr';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { hasTmux, startConsoleBinary, TmuxSession } from '../helpers/tmux.js';

const sessions: TmuxSession[] = [];
const clients: DaprWorkflowClient[] = [];
after(async () => {
  for (const session of sessions) session.kill();
  for (const client of clients) await client.stop().catch(() => undefined);
});

const skip = hasTmux() ? false : 'tmux is not installed';

/** Starts the console on an embedded sidecar in memory; resolves once connected, with an SDK client on its port. */
async function startConsole(env: Record<string, string> = {}): Promise<{ session: TmuxSession; client: DaprWorkflowClient }> {
  const session = startConsoleBinary('--in-memory --grpc-port 0 --http-port off --time-scale 0.1', { env, columns: 110, rows: 32 });
  sessions.push(session);
  const screen = await session.waitFor(/embedded sidecar 127\.0\.0\.1:\d+.*● connected/, 60_000);
  const port = /embedded sidecar 127\.0\.0\.1:(\d+)/.exec(screen)![1]!;
  // The runtime registers the bundled workflows once it has started.
  await session.waitFor((text) => !text.includes('starting'), 60_000);
  const client = new DaprWorkflowClient({ daprHost: '127.0.0.1', daprPort: port });
  clients.push(client);
  return { session, client };
}

/**
 * Sends `key` until `condition` holds: a key sent while a dialog that just appeared is still
 * wiring its keys (a loaded machine) is lost, never doubled, so sending it again is safe as
 * long as the condition says it was not taken.
 */
async function pressUntil(
  session: TmuxSession,
  key: string,
  condition: RegExp | string | ((screen: string) => boolean),
  attempts = 4,
): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    session.keys(key);
    try {
      return await session.waitFor(condition, 3000);
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}

function rowOf(screen: string, instanceId: string): string {
  return screen.split('\n').find((line) => new RegExp(`\\s${instanceId}\\s`).test(line)) ?? '';
}

test('bulk terminate: M marks every shown row, t asks once with the count, the summary names the failure', { skip, timeout: 120_000 }, async () => {
  const { session, client } = await startConsole();
  for (const id of ['bulk-1', 'bulk-2', 'bulk-3']) await client.scheduleNewWorkflow('DocumentApprovalWorkflow', { document_id: id }, id);
  await client.scheduleNewWorkflow('OrderProcessingWorkflow', { customer_id: 'c', items: [{ sku: 'x', quantity: 1, price: 1 }] }, 'bulk-done');
  await client.waitForWorkflowCompletion('bulk-done', false, 60);
  await session.waitFor((screen) => ['bulk-1', 'bulk-2', 'bulk-3'].every((id) => /RUNNING/.test(rowOf(screen, id))) && /COMPLETED|FAILED/.test(rowOf(screen, 'bulk-done')), 30_000);

  await pressUntil(session, '/', 'filter:');
  session.type('bulk');
  await session.waitFor('filter: bulk');
  await pressUntil(session, 'Enter', (screen: string) => !screen.includes('Enter keeps'));
  await pressUntil(session, 'M', '4 marked');
  await pressUntil(session, 't', 'Terminate 4 marked instances?');
  session.keys('y');
  const screen = await session.waitFor(/3 terminated, 1 failed: bulk-done is already (completed|failed)/, 30_000);
  assert.match(screen, /3 terminated/);
  await session.waitFor((text) => ['bulk-1', 'bulk-2', 'bulk-3'].every((id) => /TERMINATED/.test(rowOf(text, id))), 30_000);
  session.keys('q');
  await session.waitFor(/EXIT:0/, 15_000);
});

test('inbox: three waiting DocumentApprovalWorkflow instances approved with one key each', { skip, timeout: 120_000 }, async () => {
  const { session, client } = await startConsole();
  for (const id of ['doc-a', 'doc-b', 'doc-c']) {
    await client.scheduleNewWorkflow('DocumentApprovalWorkflow', { document_id: id, title: 'Runbook' }, id);
  }
  await pressUntil(session, 'i', 'WORKFLOW · EVENT');
  await session.waitFor((screen) => /DocumentApprovalWorkflow · DocumentReviewedEvent \(3\)/.test(screen) && screen.includes('approve:'), 60_000);
  for (let approved = 0; approved < 3; approved += 1) {
    const before = session.screen();
    const id = /›\s+\S.*?\s(doc-[abc])\s/.exec(before)?.[1] ?? /^›.*?(doc-[abc])/m.exec(before)?.[1];
    assert.ok(id, `a waiting instance under the cursor:\n${before}`);
    session.keys('y');
    await session.waitFor(`Approved ${id} (DocumentReviewedEvent sent).`, 20_000);
    // The approved one leaves the inbox once its workflow took the event.
    await session.waitFor((screen) => !new RegExp(`${id}\\s+\\d+s`).test(screen), 30_000);
  }
  // Nothing waits any more: the approved workflows may still be finishing, or done already.
  await session.waitFor(/No running instance(s\.| waits for an event)/, 30_000);
  for (const id of ['doc-a', 'doc-b', 'doc-c']) {
    const state = await client.waitForWorkflowCompletion(id, true, 60);
    assert.match(state?.serializedOutput ?? '', /"status":"Approved"/);
  }
  session.keys('q');
  await session.waitFor(/EXIT:0/, 15_000);
});

test('rerun from a timeline event: ] picks the activity, R opens the form, a new instance runs', { skip, timeout: 120_000 }, async () => {
  const { session, client } = await startConsole();
  await client.scheduleNewWorkflow('DocumentApprovalWorkflow', { document_id: 'src' }, 'rerun-src');
  await client.waitForWorkflowStart('rerun-src', false, 30);
  await session.waitFor((screen) => /Waiting for DocumentReviewedEvent/.test(rowOf(screen, 'rerun-src')), 60_000);
  await client.raiseEvent('rerun-src', 'DocumentReviewedEvent', { approved: true, approver_id: 'r' });
  await client.waitForWorkflowCompletion('rerun-src', false, 60);
  await session.waitFor((screen) => /COMPLETED/.test(rowOf(screen, 'rerun-src')), 30_000);
  await pressUntil(session, 'Enter', 'Timeline');
  await session.waitFor((screen) => screen.includes('Timeline') && !screen.includes('Loading history'), 30_000);
  await pressUntil(session, ']', /› submit_document_for_review/);
  await pressUntil(session, 'R', 'Rerun rerun-src from submit_document_for_review');
  await session.waitFor('rerun-src-rerun-1');
  await pressUntil(session, 'Enter', /› Activity input/);
  session.keys('Enter');
  await session.waitFor(/Reran rerun-src from event \d+ as rerun-src-rerun-1\./, 30_000);
  await session.waitFor((screen) => /RUNNING|COMPLETED/.test(rowOf(screen, 'rerun-src-rerun-1')), 30_000);
  session.keys('q');
  await session.waitFor(/EXIT:0/, 15_000);
});

test('start form: Backspace after a failed submit edits exactly where the text is', { skip, timeout: 120_000 }, async () => {
  const { session } = await startConsole();
  await pressUntil(session, 's', 'Start a workflow instance');
  await pressUntil(session, 'Tab', /› Instance ID/);
  await pressUntil(session, 'Tab', /› Input \(JSON\)/);
  session.keys('C-u');
  session.type('"Ada"iwf-demo-1');
  await session.waitFor('"Ada"iwf-demo-1');
  session.keys('Tab');
  await session.waitFor('The input is not valid JSON');
  for (let press = 0; press < 10; press += 1) session.keys('BSpace');
  const screen = await session.waitFor((text) => /Input \(JSON\)\s+"Ada"\s*(│|$)/m.test(text) && !text.includes('"Ada"i'), 15_000);
  assert.ok(!screen.includes('iwd'));
  session.keys('Escape');
  // An ESC followed at once by q reads as Alt-q: let the form close before quitting.
  await session.waitFor((text) => !text.includes('Start a workflow instance'));
  session.keys('q');
  await session.waitFor(/EXIT:0/, 15_000);
});

test('Ctrl-E: the payload goes to $EDITOR, comes back validated, and the screen is restored', { skip, timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dwt-editor-'));
  const editor = join(dir, 'rewrite.sh');
  writeFileSync(editor, '#!/bin/sh\nprintf \'{\\n  "approved": false,\\n  "comments": "edited outside"\\n}\\n\' > "$1"\n');
  chmodSync(editor, 0o755);
  const { session, client } = await startConsole({ EDITOR: editor, VISUAL: '' });
  await client.scheduleNewWorkflow('DocumentApprovalWorkflow', { document_id: 'ed' }, 'edit-1');
  await session.waitFor((screen) => /Waiting for DocumentReviewedEvent/.test(rowOf(screen, 'edit-1')), 60_000);
  await pressUntil(session, 'e', 'Raise an event on edit-1');
  await pressUntil(session, 'Tab', /› Payload \(JSON\)/);
  session.keys('C-e');
  const screen = await session.waitFor('The payload from the editor is valid JSON.', 20_000);
  assert.match(screen, /\{"approved":false,"comments":"edited outside"\}/);
  assert.match(screen, /Dapr workflows/, 'the console screen is back');
  session.keys('Enter');
  await session.waitFor('Raised DocumentReviewedEvent on edit-1.', 20_000);
  const state = await client.waitForWorkflowCompletion('edit-1', true, 60);
  assert.match(state?.serializedOutput ?? '', /"status":"Rejected"/);
  assert.match(state?.serializedOutput ?? '', /edited outside/);
  session.keys('q');
  await session.waitFor(/EXIT:0/, 15_000);
});
