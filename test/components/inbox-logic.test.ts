/** The inbox's rows and payloads, and the bulk summaries, pure. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bulkQuestion, bulkSentence } from '../../components/actions/instance-actions.js';
import { approvalFor, flippedDecision, inboxEntries, type InboxSources } from '../../components/inbox/inbox-entries.js';
import type { WorkflowInfo } from '../../src/model/index.js';
import { SentPayloadStore } from '../../src/tracker/sent-payload-store.js';
import type { TrackedInstance } from '../../src/tracker/index.js';
import type { WaitReading } from '../../src/tracker/wait-watch.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DOC: WorkflowInfo = {
  name: 'DocumentApprovalWorkflow',
  description: '',
  events: [{ name: 'DocumentReviewedEvent', examplePayload: { approved: true }, approvePayload: { approved: true, by: 'r' }, rejectPayload: { approved: false, by: 'r' } }],
};
const SLEEPER: WorkflowInfo = { name: 'Sleeper', description: '', events: [] };

function row(instanceId: string, name: string, createdAt: number, status: TrackedInstance['status'] = 'RUNNING'): TrackedInstance {
  return { instanceId, name, status, createdAt, lastUpdatedAt: createdAt };
}

function sources(readings: WaitReading[], memory = new SentPayloadStore(), raised: Record<string, string[]> = {}): InboxSources {
  return {
    reading: (id) => readings.find((reading) => reading.instanceId === id),
    workflows: [DOC, SLEEPER],
    raisedFor: (name) => raised[name] ?? [],
    sent: (workflow, event) => memory.get(workflow, event),
    sentNamesFor: (workflow) => memory.namesFor(workflow),
  };
}

const waiting = (r: TrackedInstance, timeoutAt?: number): WaitReading => ({
  instanceId: r.instanceId,
  workflowName: r.name,
  lastUpdatedAt: r.lastUpdatedAt,
  state: { kind: 'awaiting-event', ...(timeoutAt !== undefined ? { timeoutAt } : {}) },
  raised: [],
});

test('the inbox lists waiting running instances grouped by workflow and event, with metadata payloads', () => {
  const rows = [row('doc-1', 'DocumentApprovalWorkflow', 1), row('exp-1', 'Expense', 5), row('doc-2', 'DocumentApprovalWorkflow', 3), row('busy', 'DocumentApprovalWorkflow', 4), row('nap', 'Sleeper', 6)];
  const readings = [waiting(rows[0]!), waiting(rows[1]!), waiting(rows[2]!, 99), { ...waiting(rows[3]!), state: { kind: 'busy' as const } }, waiting(rows[4]!, 50)];
  const entries = inboxEntries(rows, sources(readings, new SentPayloadStore(), { Expense: ['ManagerDecision'] }));
  assert.deepEqual(entries.map((entry) => entry.row.instanceId), ['doc-2', 'doc-1', 'exp-1'], 'grouped, newest first; busy and sleeping left out');
  assert.deepEqual(entries.map((entry) => [entry.isGroupStart, entry.groupSize]), [[true, 2], [false, 2], [true, 1]]);
  assert.equal(entries[0]!.eventName, 'DocumentReviewedEvent');
  assert.equal(entries[0]!.timeoutAt, 99);
  assert.equal(entries[0]!.approvePayload, '{"approved":true,"by":"r"}');
  assert.equal(entries[0]!.rejectPayload, '{"approved":false,"by":"r"}');
  assert.equal(entries[2]!.eventName, 'ManagerDecision', 'name from events raised on instances of that workflow');
  assert.equal(entries[2]!.approvePayload, undefined, 'nothing sent yet: unknown');
});

test('a reading older than the row is not trusted', () => {
  const r = row('doc-1', 'DocumentApprovalWorkflow', 1);
  assert.equal(inboxEntries([{ ...r, lastUpdatedAt: 2 }], sources([waiting(r)])).length, 0);
});

test('without metadata, payloads come from what was last sent for that workflow and event, kept in the data directory', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'sent-')), 'sent-events.json');
  const memory = new SentPayloadStore(file);
  memory.remember('Expense', 'ManagerDecision', '{"approved":true,"note":"ok"}', 'form');
  assert.deepEqual(approvalFor('Expense', sources([], memory)), {
    eventName: 'ManagerDecision',
    approvePayload: '{"approved":true,"note":"ok"}',
    rejectPayload: '{"approved":false,"note":"ok"}',
  });
  memory.remember('Expense', 'managerdecision', '{"approved":false,"note":"no"}', 'reject');
  const again = new SentPayloadStore(file);
  assert.equal(again.get('Expense', 'ManagerDecision')?.reject, '{"approved":false,"note":"no"}', 'survives a restart');
  assert.match(readFileSync(file, 'utf8'), /managerdecision/i);
  assert.equal(approvalFor('Expense', sources([], again)).rejectPayload, '{"approved":false,"note":"no"}');
  assert.equal(flippedDecision('{"ok":true}'), undefined);
});

test('bulk summaries count successes and name the first failure', () => {
  const outcomes = [
    ...Array.from({ length: 12 }, (_, index) => ({ instanceId: `order-${index}` })),
    { instanceId: 'order-7', problem: 'order-7 is already completed; there is nothing to terminate.' },
  ];
  assert.equal(bulkSentence('terminate', outcomes), '12 terminated, 1 failed: order-7 is already completed.');
  assert.equal(bulkSentence('suspend', [{ instanceId: 'a' }]), '1 paused.');
  assert.equal(
    bulkSentence('purge', [{ instanceId: 'a', problem: 'a: gone.' }, { instanceId: 'b', problem: 'b: gone.' }]),
    '0 purged, 2 failed: a: gone (and 1 more).',
  );
  assert.equal(bulkQuestion('terminate', 12), 'Terminate 12 marked instances?');
});
