/**
 * Dapr 1.16+ protocol through real gRPC: version and tags at start (raw calls with the
 * protocol's messages, as the Python, Go and Java SDKs send them; the JS SDK 3.18 cannot),
 * kept, returned and handed to the worker; RerunWorkflowFromEvent with daprd's rules and
 * errors, the rerun run by the real JS SDK worker; STALLED when a worker reports a version it
 * lacks or patches that do not match the history; unknown request fields logged once.
 */
import assert from 'node:assert/strict';
import { Client, credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { after, before, describe, it } from 'node:test';
import { historyFromPb, orchestratorResultToPb, sidecarMethod, workItemFromPb, wire } from '../../../src/protocol/index.js';
import type { OrchestratorAction, OrchestratorWorkItem } from '../../../src/model/index.js';
import { startSidecar, waitForFinish, waitUntil, type SidecarHarness, type TestWorkflow } from '../../helpers/sidecar-harness.js';

let sidecar: SidecarHarness;
const notices: string[] = [];

const workflows: Record<string, TestWorkflow> = {
  async *twoSteps(ctx, input: number) {
    const a = yield ctx.callActivity('double', input);
    const b = yield ctx.callActivity('double', a);
    return b;
  },
};

before(async () => {
  sidecar = await startSidecar({ log: (level, message) => level === 'warn' && notices.push(message) });
  await sidecar.startRuntime({ workflows, activities: { double: (_ctx: unknown, x: number) => x * 2 } });
});

after(() => sidecar.close());

async function state(instanceId: string): Promise<wire.IWorkflowState | null> {
  const response: wire.GetInstanceResponse = await sidecar.call(sidecarMethod('GetInstance'), { instanceId, getInputsAndOutputs: true });
  return response.exists ? (response.workflowState ?? null) : null;
}

async function history(instanceId: string) {
  const response: wire.GetInstanceHistoryResponse = await sidecar.call(sidecarMethod('GetInstanceHistory'), { instanceId });
  return historyFromPb(response.events as wire.HistoryEvent[]);
}

function rejectsWith(code: status, pattern: RegExp) {
  return (error: ServiceError) => {
    assert.equal(error.code, code, error.details);
    assert.match(error.details ?? '', pattern);
    return true;
  };
}

describe('version and tags', () => {
  it('are kept, returned in the state and handed to the worker in ExecutionStarted', async () => {
    await sidecar.call(sidecarMethod('StartInstance'), {
      instanceId: 'tagged-1',
      name: 'twoSteps',
      input: { value: '3' },
      version: { value: 'v2' },
      tags: { team: 'payments', env: 'test' },
    });
    assert.equal(await waitForFinish(sidecar.client, 'tagged-1'), 'COMPLETED');
    const finished = (await state('tagged-1'))!;
    assert.equal(finished.version?.value, 'v2');
    assert.deepEqual({ ...finished.tags }, { team: 'payments', env: 'test' });
    assert.equal(finished.output?.value, '12');
    assert.ok(finished.completedTimestamp, 'the completion time is returned');
    const started = (await history('tagged-1')).find((event) => event.kind === 'ExecutionStarted');
    assert.deepEqual(started && 'tags' in started ? [started.version, started.tags] : undefined, ['v2', { team: 'payments', env: 'test' }]);
  });

  it('refuses a tag with an empty key in one sentence', async () => {
    await assert.rejects(
      sidecar.call(sidecarMethod('StartInstance'), { instanceId: 'tagged-bad', name: 'twoSteps', tags: { '': 'x' } }),
      rejectsWith(status.INVALID_ARGUMENT, /tag needs a non-empty key/),
    );
  });
});

describe('RerunWorkflowFromEvent', () => {
  before(async () => {
    await sidecar.client.scheduleNewWorkflow('twoSteps', 5, 'rerun-source');
    assert.equal(await waitForFinish(sidecar.client, 'rerun-source'), 'COMPLETED');
  });

  it('starts a new instance from an activity, with a new input, run by the SDK worker; the source is untouched', async () => {
    const scheduled = (await history('rerun-source')).filter((event) => event.kind === 'TaskScheduled');
    assert.equal(scheduled.length, 2);
    const response: wire.RerunWorkflowFromEventResponse = await sidecar.call(sidecarMethod('RerunWorkflowFromEvent'), {
      sourceInstanceID: 'rerun-source',
      eventID: scheduled[1]!.eventId,
      newInstanceID: 'rerun-new',
      input: { value: '100' },
      overwriteInput: true,
    });
    assert.equal(response.newInstanceID, 'rerun-new');
    assert.equal(await waitForFinish(sidecar.client, 'rerun-new'), 'COMPLETED');
    assert.equal((await state('rerun-new'))!.output?.value, '200');
    assert.equal((await state('rerun-source'))!.output?.value, '20');
    const rerunHistory = await history('rerun-new');
    assert.equal(rerunHistory.filter((event) => event.kind === 'TaskCompleted').length, 2, 'the first activity is copied, the second ran again');
  });

  it('keeps the activity input when overwriteInput is not set, and picks an ID when none is given', async () => {
    const scheduled = (await history('rerun-source')).filter((event) => event.kind === 'TaskScheduled');
    const response: wire.RerunWorkflowFromEventResponse = await sidecar.call(sidecarMethod('RerunWorkflowFromEvent'), {
      sourceInstanceID: 'rerun-source',
      eventID: scheduled[0]!.eventId,
    });
    assert.ok(response.newInstanceID);
    assert.equal(await waitForFinish(sidecar.client, response.newInstanceID), 'COMPLETED');
    assert.equal((await state(response.newInstanceID))!.output?.value, '20');
  });

  it('answers as daprd does for an unknown source, a running one, a missing event and a taken ID', async () => {
    const rerun = (request: wire.IRerunWorkflowFromEventRequest) => sidecar.call(sidecarMethod('RerunWorkflowFromEvent'), request);
    await assert.rejects(rerun({ sourceInstanceID: 'no-such', eventID: 1 }), rejectsWith(status.NOT_FOUND, /no-such/));
    await assert.rejects(rerun({ sourceInstanceID: 'rerun-source', eventID: 999 }), rejectsWith(status.INVALID_ARGUMENT, /event ID 999/));
    await assert.rejects(
      rerun({ sourceInstanceID: 'rerun-source', eventID: 1, newInstanceID: 'rerun-new' }),
      rejectsWith(status.ALREADY_EXISTS, /rerun-new/),
    );
    await sidecar.client.scheduleNewWorkflow('twoSteps', 1, 'rerun-running', new Date(Date.now() + 60_000));
    await assert.rejects(rerun({ sourceInstanceID: 'rerun-running', eventID: 1 }), rejectsWith(status.FAILED_PRECONDITION, /PENDING/));
    await assert.rejects(
      rerun({ sourceInstanceID: 'rerun-source', eventID: 1, newChildWorkflowInstanceID: 'c' }),
      rejectsWith(status.UNIMPLEMENTED, /newChildWorkflowInstanceID/),
    );
  });
});

/** A worker played with raw protocol messages: opens GetWorkItems and answers each workflow turn with `answer`. */
function rawWorker(address: string, answer: (item: OrchestratorWorkItem) => { actions: OrchestratorAction[]; patches?: string[] }): () => void {
  const client = new Client(address, credentials.createInsecure());
  const definition = sidecarMethod('GetWorkItems');
  const stream = client.makeServerStreamRequest(
    definition.path,
    definition.requestSerialize,
    definition.responseDeserialize,
    { capabilities: [wire.WorkerCapability.WORKER_CAPABILITY_HISTORY_STREAMING] },
    new Metadata(),
    {},
  );
  const complete = sidecarMethod('CompleteWorkflowTask');
  stream.on('data', (message: wire.WorkItem) => {
    const item = workItemFromPb(message);
    if (item.kind !== 'orchestrator') return;
    const reply = answer(item);
    const request = orchestratorResultToPb({
      instanceId: item.instanceId,
      actions: reply.actions,
      ...(reply.patches && { version: { patches: reply.patches } }),
    });
    client.makeUnaryRequest(complete.path, complete.requestSerialize, complete.responseDeserialize, request, new Metadata(), {}, () => {});
  });
  stream.on('error', () => {});
  return () => {
    stream.cancel();
    client.close();
  };
}

describe('STALLED', () => {
  it('marks an instance STALLED with ExecutionStalled when the worker has no code for its version', async () => {
    await sidecar.call(sidecarMethod('StartInstance'), { instanceId: 'stall-version', name: 'rawOnly', version: { value: 'v9' } });
    const stop = rawWorker(sidecar.address, (item) => ({ actions: item.instanceId === 'stall-version' ? [{ id: 0, kind: 'VersionNotAvailable' }] : [] }));
    try {
      await waitUntil(async () => (await state('stall-version'))?.workflowStatus === wire.OrchestrationStatus.ORCHESTRATION_STATUS_STALLED, {
        what: 'stall-version to be STALLED',
      });
      const stalled = (await history('stall-version')).filter((event) => event.kind === 'ExecutionStalled');
      assert.deepEqual(stalled.map((event) => event.kind === 'ExecutionStalled' && event.reason), ['VERSION_NOT_AVAILABLE']);
    } finally {
      stop();
    }
    await sidecar.call(sidecarMethod('TerminateInstance'), { instanceId: 'stall-version' });
  });

  it('marks an instance STALLED when the patches the worker reports do not start with those of its history', async () => {
    let turn = 0;
    await sidecar.call(sidecarMethod('StartInstance'), { instanceId: 'stall-patch', name: 'rawOnly' });
    const stop = rawWorker(sidecar.address, (item) => {
      if (item.instanceId !== 'stall-patch') return { actions: [] };
      turn += 1;
      // First turn: patch "fix-1" applied, a timer set. Next turn: code without the patch.
      return turn === 1 ? { actions: [{ id: 0, kind: 'CreateTimer', fireAt: Date.now() + 50 }], patches: ['fix-1'] } : { actions: [], patches: [] };
    });
    try {
      await waitUntil(async () => (await state('stall-patch'))?.workflowStatus === wire.OrchestrationStatus.ORCHESTRATION_STATUS_STALLED, {
        what: 'stall-patch to be STALLED',
      });
      const events = await history('stall-patch');
      const started = events.find((event) => event.kind === 'OrchestratorStarted' && event.version);
      assert.deepEqual(started?.kind === 'OrchestratorStarted' && started.version, { patches: ['fix-1'] }, 'the worker\'s patches are recorded');
      const stalled = events.filter((event) => event.kind === 'ExecutionStalled');
      assert.equal(stalled.length, 1);
      assert.match(stalled[0]!.kind === 'ExecutionStalled' ? (stalled[0]!.description ?? '') : '', /History patches: \[fix-1\], current patches: \[\]/);
      assert.ok(!events.some((event) => event.kind === 'TimerFired'), 'the stalled turn was not applied');
    } finally {
      stop();
    }
    await sidecar.call(sidecarMethod('TerminateInstance'), { instanceId: 'stall-patch' });
  });
});

describe('unknown fields', () => {
  it('answers normally and logs each unknown (message, field) once', async () => {
    const known = Buffer.from(wire.CreateInstanceRequest.encode({ instanceId: 'unknown-field-1', name: 'twoSteps', input: { value: '1' } }).finish());
    const withUnknown = Buffer.concat([known, Buffer.from([0xf8, 0x01, 0x01])]); // field 31, varint 1
    const start = { ...sidecarMethod('StartInstance'), requestSerialize: (bytes: Buffer) => bytes };
    await sidecar.call(start, withUnknown);
    await sidecar.call(start, Buffer.concat([Buffer.from(wire.CreateInstanceRequest.encode({ instanceId: 'unknown-field-2', name: 'twoSteps' }).finish()), Buffer.from([0xf8, 0x01, 0x01])]));
    assert.equal(await waitForFinish(sidecar.client, 'unknown-field-1'), 'COMPLETED');
    const lines = notices.filter((line) => line.includes('field 31 of CreateInstanceRequest'));
    assert.equal(lines.length, 1, notices.join('\n'));
  });
});
