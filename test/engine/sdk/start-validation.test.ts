/**
 * Through the real SDK: how the sidecar answers start requests — duplicate IDs (an error
 * while the instance runs, a replacement once it finished), invalid IDs and names, and
 * payloads over 4 MiB, each refused with one clear sentence.
 */
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { after, before, describe, it } from 'node:test';
import { pb, TaskHubSidecarServiceService } from '../../helpers/sdk-proto.js';
import { startSidecar, statusName, waitForStatus, type SidecarHarness, type TestWorkflow } from '../../helpers/sidecar-harness.js';

let sidecar: SidecarHarness;

const workflows: Record<string, TestWorkflow> = {
  async *waitsForGo(ctx, input: unknown) {
    const event = yield ctx.waitForExternalEvent('go');
    return { input, event };
  },
  async *echo(_ctx, input: unknown) {
    return input;
  },
};

/** A rejection check: the gRPC code, and details that read as one sentence matching `pattern`. */
function refusedWith(code: status, pattern: RegExp) {
  return (error: { code?: number; details?: string }) => {
    assert.equal(error.code, code, `code ${error.code}: ${error.details}`);
    assert.match(error.details ?? '', pattern);
    assert.doesNotMatch(error.details ?? '', /\n\s+at /, 'no stack trace crosses the wire');
    return true;
  };
}

/** The engine's sentence naming the limit (the transport's "Received message larger than max" would not). */
const OVER_LIMIT = /\b4 MiB\b/;

/** JSON text of just over 4 MiB. */
const TOO_LARGE = 'x'.repeat(4 * 1024 * 1024 + 16);

before(async () => {
  sidecar = await startSidecar();
  await sidecar.startRuntime({ workflows });
});

after(() => sidecar.close());

describe('duplicate instance IDs', () => {
  it('refuses a second start while the first instance is not finished', async () => {
    await sidecar.client.scheduleNewWorkflow('waitsForGo', 'first', 'dup-1');
    await assert.rejects(
      sidecar.client.scheduleNewWorkflow('waitsForGo', 'second', 'dup-1'),
      refusedWith(status.ALREADY_EXISTS, /dup-1/),
    );
    await sidecar.client.raiseEvent('dup-1', 'go', 1);
    const done = await sidecar.client.waitForWorkflowCompletion('dup-1', true, 10);
    assert.deepEqual(JSON.parse(done!.serializedOutput!), { input: 'first', event: 1 });
  });

  it('replaces a finished instance with a new run under the same ID', async () => {
    await sidecar.client.scheduleNewWorkflow('echo', 'one', 'dup-2');
    await sidecar.client.waitForWorkflowCompletion('dup-2', true, 10);
    assert.equal(await sidecar.client.scheduleNewWorkflow('echo', 'two', 'dup-2'), 'dup-2');
    const second = await sidecar.client.waitForWorkflowCompletion('dup-2', true, 10);
    assert.equal(statusName(second), 'COMPLETED');
    assert.equal(second?.serializedInput, '"two"');
    assert.equal(second?.serializedOutput, '"two"');
  });

  it('refuses a duplicate of a PENDING (scheduled) instance', async () => {
    await sidecar.client.scheduleNewWorkflow('echo', 'later', 'dup-3', new Date(Date.now() + 60_000));
    await assert.rejects(sidecar.client.scheduleNewWorkflow('echo', 'now', 'dup-3'), refusedWith(status.ALREADY_EXISTS, /dup-3/));
    await sidecar.client.terminateWorkflow('dup-3', null);
  });
});

describe('invalid start requests', () => {
  for (const badId of ['has space', 'slash/id', 'dot.id', 'ünïcode']) {
    it(`refuses the instance ID ${JSON.stringify(badId)} with INVALID_ARGUMENT`, async () => {
      await assert.rejects(sidecar.client.scheduleNewWorkflow('echo', 1, badId), refusedWith(status.INVALID_ARGUMENT, /instance ID/i));
      assert.equal(await sidecar.client.getWorkflowState(badId, false), undefined);
    });
  }

  it('accepts letters, digits, "_" and "-"', async () => {
    const id = 'Valid_ID-123';
    assert.equal(await sidecar.client.scheduleNewWorkflow('echo', 1, id), id);
    assert.equal(statusName(await sidecar.client.waitForWorkflowCompletion(id, false, 10)), 'COMPLETED');
  });

  it('refuses a start without a workflow name', async () => {
    await assert.rejects(sidecar.client.scheduleNewWorkflow('', 1, 'nameless'), refusedWith(status.INVALID_ARGUMENT, /name/i));
  });

  it('generates an instance ID when the request has none', async () => {
    const request = new pb.CreateInstanceRequest();
    request.setName('echo');
    const response = await sidecar.call(TaskHubSidecarServiceService.startInstance, request);
    const id = response.getInstanceid();
    assert.match(id, /^[A-Za-z0-9_-]+$/);
    assert.equal(statusName(await sidecar.client.waitForWorkflowCompletion(id, false, 10)), 'COMPLETED');
  });
});

describe('payloads over 4 MiB', () => {
  it('refuses a start input over 4 MiB with a clear sentence, and creates nothing', async () => {
    await assert.rejects(
      sidecar.client.scheduleNewWorkflow('echo', TOO_LARGE, 'too-large-input'),
      refusedWith(status.RESOURCE_EXHAUSTED, OVER_LIMIT),
    );
    assert.equal(await sidecar.client.getWorkflowState('too-large-input', false), undefined);
  });

  it('refuses an event payload over 4 MiB and leaves the instance waiting', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('waitsForGo', 'small');
    await waitForStatus(sidecar.client, id, 'RUNNING');
    await assert.rejects(sidecar.client.raiseEvent(id, 'go', TOO_LARGE), refusedWith(status.RESOURCE_EXHAUSTED, OVER_LIMIT));
    assert.equal(statusName(await sidecar.client.getWorkflowState(id, false)), 'RUNNING');
    await sidecar.client.raiseEvent(id, 'go', 'small');
    assert.equal(statusName(await sidecar.client.waitForWorkflowCompletion(id, false, 10)), 'COMPLETED');
  });

  it('accepts a payload just under the limit', async () => {
    const nearly = 'y'.repeat(4 * 1024 * 1024 - 1024);
    const id = await sidecar.client.scheduleNewWorkflow('echo', nearly);
    const done = await sidecar.client.waitForWorkflowCompletion(id, true, 20);
    assert.equal(statusName(done), 'COMPLETED');
    assert.equal(done?.serializedOutput?.length, nearly.length + 2);
  });
});
