/**
 * The human-in-the-loop workflows through the real SDK on the embedded sidecar:
 * VacationApprovalWorkflow ends Approved, Rejected or TimedOut (whenAny of the event and a
 * timer); DocumentApprovalWorkflow waits for DocumentReviewedEvent and publishes or rejects.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitForStatus, waitUntil } from '../helpers/sidecar-harness.js';
import { startBundledRuntime, outputOf, type BundledRuntime } from './bundled-runtime.js';

const request = { employee_id: 'emp-7', start_date: '2025-08-01', end_date: '2025-08-15' };
let env: BundledRuntime;
before(async () => {
  env = await startBundledRuntime(0.01); // the 60 s approval timeout becomes 0.6 s
});
after(async () => {
  await env?.close();
});

test('a vacation request the manager approves ends Approved', async () => {
  const { client } = env.sidecar;
  const id = await client.scheduleNewWorkflow('VacationApprovalWorkflow', request);
  await client.raiseEvent(id, 'VacationApprovalEvent', { approved: true, approver_id: 'm-1', comments: 'Enjoy!' });
  const done = await waitForStatus(client, id, 'COMPLETED');
  assert.deepEqual(outputOf(done), { status: 'Approved', employee_id: 'emp-7', approver_id: 'm-1', comments: 'Enjoy!' });
  assert.equal(done.customStatus, 'Approved');
});

test('a vacation request the manager rejects ends Rejected', async () => {
  const { client } = env.sidecar;
  const id = await client.scheduleNewWorkflow('VacationApprovalWorkflow', request);
  await client.raiseEvent(id, 'VacationApprovalEvent', { approved: false, approver_id: 'm-1' });
  const done = await waitForStatus(client, id, 'COMPLETED');
  assert.deepEqual(outputOf(done), { status: 'Rejected', employee_id: 'emp-7', approver_id: 'm-1' });
});

test('a vacation request nobody answers ends TimedOut, and a late decision changes nothing', async () => {
  const { client } = env.sidecar;
  const id = await client.scheduleNewWorkflow('VacationApprovalWorkflow', request);
  const waiting = await waitUntil(async () => (await client.getWorkflowState(id, true))?.customStatus?.startsWith('Waiting for VacationApprovalEvent'), {
    what: 'the request to wait for a decision',
  });
  assert.ok(waiting);
  const done = await waitForStatus(client, id, 'COMPLETED');
  assert.deepEqual(outputOf(done), { status: 'TimedOut', employee_id: 'emp-7' });
  await client.raiseEvent(id, 'VacationApprovalEvent', { approved: true });
  assert.deepEqual(outputOf(await client.getWorkflowState(id, true)), { status: 'TimedOut', employee_id: 'emp-7' });
});

test('a document waits for DocumentReviewedEvent and is approved', async () => {
  const { client } = env.sidecar;
  const id = await client.scheduleNewWorkflow('DocumentApprovalWorkflow', { document_id: 'doc-1', title: 'Runbook' });
  await waitUntil(async () => (await client.getWorkflowState(id, true))?.customStatus === 'Waiting for DocumentReviewedEvent', {
    what: 'the document to wait for its review',
  });
  await client.raiseEvent(id, 'DocumentReviewedEvent', { approved: true, comments: 'Clear.', approver_id: 'rev-7' });
  const done = await waitForStatus(client, id, 'COMPLETED');
  assert.deepEqual(outputOf(done), { status: 'Approved', document_id: 'doc-1', approved: true, comments: 'Clear.', approver_id: 'rev-7' });
  assert.ok(env.log.lines().some((line) => line.text.includes('Published doc-1')), 'publish_document ran');
});

test('a document the reviewer rejects ends Rejected and the author is told', async () => {
  const { client } = env.sidecar;
  const id = await client.scheduleNewWorkflow('DocumentApprovalWorkflow', { document_id: 'doc-2' });
  await client.raiseEvent(id, 'DocumentReviewedEvent', { approved: false, comments: 'Too long.', approver_id: 'rev-8' });
  const done = await waitForStatus(client, id, 'COMPLETED');
  assert.deepEqual(outputOf(done), { status: 'Rejected', document_id: 'doc-2', approved: false, comments: 'Too long.', approver_id: 'rev-8' });
  assert.ok(env.log.lines().some((line) => line.text.includes('doc-2 was rejected: Too long.')), 'notify_author_of_rejection ran');
});
