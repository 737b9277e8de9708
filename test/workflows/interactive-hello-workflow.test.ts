/**
 * interactive_hello_workflow through the real SDK on the embedded sidecar: progress shows
 * as custom status, the greeting comes from interactive_hello_activity, and approvalEvent
 * completes it with the documented output.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitForStatus, waitUntil } from '../helpers/sidecar-harness.js';
import { startBundledRuntime, outputOf, type BundledRuntime } from './bundled-runtime.js';

let env: BundledRuntime;
before(async () => {
  env = await startBundledRuntime(0.01);
});
after(async () => {
  await env?.close();
});

test('greets in steps, waits for approvalEvent, then returns the greeting with the event data', async () => {
  const { client } = env.sidecar;
  const id = await client.scheduleNewWorkflow('interactive_hello_workflow', 'Ada');
  const stepSeen = await waitUntil(
    async () => {
      const status = (await client.getWorkflowState(id, true))?.customStatus ?? '';
      return /^Step \d+ of 10/.test(status) ? status : undefined;
    },
    { intervalMs: 5, what: 'a step to show in custom status' },
  );
  assert.match(stepSeen, /greeting Ada$/);
  const waiting = await waitUntil(
    async () => {
      const state = await client.getWorkflowState(id, true);
      return state?.customStatus?.includes('Waiting for approvalEvent') ? state : undefined;
    },
    { what: 'the workflow to wait for approvalEvent' },
  );
  assert.equal(waiting.customStatus, 'Hello, Ada! Waiting for approvalEvent');

  await client.raiseEvent(id, 'approvalEvent', { approved: true, approver: 'Grace' });
  const done = await waitForStatus(client, id, 'COMPLETED');
  assert.deepEqual(outputOf(done), {
    initial_greeting: 'Hello, Ada!',
    event_data: { approved: true, approver: 'Grace' },
    status: 'Approved',
  });
  assert.ok(env.log.lines().some((line) => line.source === 'workflow' && line.text === `[interactive_hello_activity ${id}] Hello, Ada!`), 'the activity printed to the log');
  const waitingLines = env.log.lines().filter((line) => line.text.startsWith(`[interactive_hello_workflow ${id}]`));
  assert.equal(waitingLines.length, 1, 'the workflow prints once, not again on replay');
});

test('takes the name from {name} input too', async () => {
  const { client } = env.sidecar;
  const id = await client.scheduleNewWorkflow('interactive_hello_workflow', { name: 'Grace' });
  await client.raiseEvent(id, 'approvalEvent', 'ok');
  const done = await waitForStatus(client, id, 'COMPLETED');
  assert.deepEqual(outputOf(done), { initial_greeting: 'Hello, Grace!', event_data: 'ok', status: 'Approved' });
});
