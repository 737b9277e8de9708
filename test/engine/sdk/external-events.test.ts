/**
 * Through the real SDK: external events raised before the workflow waits are kept and
 * delivered in order, names match case-insensitively, and raising an event on an unknown
 * or finished instance is not an error for the caller.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSidecar, statusName, waitForStatus, type SidecarHarness, type TestWorkflow } from '../../helpers/sidecar-harness.js';

let sidecar: SidecarHarness;

const workflows: Record<string, TestWorkflow> = {
  async *waitsAfterTimer(ctx) {
    yield ctx.createTimer(new Date(ctx.getCurrentUtcDateTime().getTime() + 200));
    return yield ctx.waitForExternalEvent('approval');
  },
  async *collectsThree(ctx) {
    const received: unknown[] = [];
    for (let index = 0; index < 3; index += 1) received.push(yield ctx.waitForExternalEvent('step'));
    return received;
  },
  async *waitsForMixedCase(ctx) {
    return yield ctx.waitForExternalEvent('Approval');
  },
  async *waitsForTwoNames(ctx) {
    const first = yield ctx.waitForExternalEvent('first');
    const second = yield ctx.waitForExternalEvent('second');
    return { first, second };
  },
};

before(async () => {
  sidecar = await startSidecar();
  await sidecar.startRuntime({ workflows });
});

after(() => sidecar.close());

describe('external events', () => {
  it('keeps an event raised before the workflow waits for it', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('waitsAfterTimer');
    await sidecar.client.raiseEvent(id, 'approval', { by: 'early bird' });
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(statusName(state), 'COMPLETED');
    assert.equal(state?.serializedOutput, '{"by":"early bird"}');
  });

  it('delivers several events of one name in the order they were raised, all raised up front', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('collectsThree');
    for (const value of [1, 2, 3]) await sidecar.client.raiseEvent(id, 'step', value);
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(state?.serializedOutput, '[1,2,3]');
  });

  it('delivers events in order while the workflow is already waiting', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('collectsThree');
    await waitForStatus(sidecar.client, id, 'RUNNING');
    for (const value of ['a', 'b', 'c']) await sidecar.client.raiseEvent(id, 'step', value);
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(state?.serializedOutput, '["a","b","c"]');
  });

  it('matches event names case-insensitively', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('waitsForMixedCase');
    await sidecar.client.raiseEvent(id, 'APPROVAL', 'yes');
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(state?.serializedOutput, '"yes"');
  });

  it('keeps an early event of another name until the workflow asks for it', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('waitsForTwoNames');
    await sidecar.client.raiseEvent(id, 'second', 2);
    await sidecar.client.raiseEvent(id, 'first', 1);
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.deepEqual(JSON.parse(state!.serializedOutput!), { first: 1, second: 2 });
  });

  it('delivers an event raised without a payload as null', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('waitsForMixedCase');
    await sidecar.client.raiseEvent(id, 'approval');
    const state = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    assert.equal(statusName(state), 'COMPLETED');
    assert.equal(state?.serializedOutput, undefined);
  });

  it('refuses an event for an unknown instance with NOT_FOUND, as daprd does, and creates nothing', async () => {
    await assert.rejects(sidecar.client.raiseEvent('no-such-instance', 'approval', true), {
      code: 5,
      details: 'No workflow instance with the ID "no-such-instance" exists.',
    });
    assert.equal(await sidecar.client.getWorkflowState('no-such-instance', false), undefined);
  });

  it('does not fail the caller, nor change anything, when the instance has finished', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('waitsForMixedCase');
    await sidecar.client.raiseEvent(id, 'approval', 'first');
    const done = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    await sidecar.client.raiseEvent(id, 'approval', 'too late');
    const after = await sidecar.client.getWorkflowState(id, true);
    assert.equal(statusName(after), 'COMPLETED');
    assert.equal(after?.serializedOutput, done?.serializedOutput);
  });
});
