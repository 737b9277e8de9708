/**
 * State, work-item, request and list/history codecs: round trips through the protocol's
 * binary encoding, the exact field numbers Dapr uses, the SDK 3.18's classes reading what the
 * sidecar writes, and the report of fields the description does not know.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RUNTIME_STATUSES, type ActivityResult, type InstanceState, type OrchestratorResult, type WorkItem } from '../../src/model/index.js';
import {
  activityResultFromPb,
  activityResultToPb,
  getInstanceHistoryMethod,
  getInstanceResponseToPb,
  historyEventFromPb,
  historyEventToPb,
  instanceQueryFromPb,
  instanceStateFromPb,
  instanceStateToPb,
  listInstanceIdsMethod,
  orchestratorResultFromPb,
  orchestratorResultToPb,
  purgeCallFromPb,
  purgeFilterFromPb,
  rerunRequestFromPb,
  runtimeStatusFromPb,
  runtimeStatusToPb,
  SIDECAR_METHODS,
  sidecarMethod,
  startRequestFromPb,
  timestampFromMs,
  unknownFieldsOf,
  wire,
  workerOptionsFromPb,
  workItemFromPb,
  workItemToPb,
} from '../../src/protocol/index.js';
import { pb, sdkStringValue, sdkTimestamp, TaskHubSidecarServiceService } from '../helpers/sdk-proto.js';

const t = 1_700_000_000_500;

/** Encodes with `type` and decodes again, as the wire would. */
function overTheWire<T>(type: { encode(message: never): { finish(): Uint8Array }; decode(bytes: Uint8Array): T }, message: unknown): T {
  return type.decode(type.encode(message as never).finish());
}

describe('status codec', () => {
  it('maps every status to the protocol enum value of the same name, STALLED included', () => {
    for (const status of RUNTIME_STATUSES) {
      const value = runtimeStatusToPb(status);
      assert.equal(wire.OrchestrationStatus[`ORCHESTRATION_STATUS_${status}` as keyof typeof wire.OrchestrationStatus], value);
      assert.equal(runtimeStatusFromPb(value), status);
    }
    assert.equal(runtimeStatusToPb('STALLED'), 8);
  });
});

describe('state codec', () => {
  const full: InstanceState = {
    instanceId: 'i-1',
    name: 'order',
    status: 'FAILED',
    createdAt: t,
    lastUpdatedAt: t + 10,
    completedAt: t + 11,
    scheduledStartAt: t + 20,
    input: '{"a":1}',
    output: '2',
    customStatus: 'stage 3',
    failure: { errorType: 'Error', errorMessage: 'bad' },
    executionId: 'exec-1',
    parentInstanceId: 'parent-1',
    version: 'v2',
    tags: { team: 'payments' },
  };

  it('round-trips a full state, version and tags included', () => {
    assert.deepEqual(instanceStateFromPb(overTheWire(wire.WorkflowState, instanceStateToPb(full))), full);
  });

  it('is read by the SDK 3.18 classes field by field (they skip version and tags)', () => {
    const sdk = pb.OrchestrationState.deserializeBinary(wire.WorkflowState.encode(instanceStateToPb(full)).finish());
    assert.equal(sdk.getInstanceid(), 'i-1');
    assert.equal(sdk.getOrchestrationstatus(), pb.OrchestrationStatus.ORCHESTRATION_STATUS_FAILED);
    assert.equal(sdk.getCustomstatus()?.getValue(), 'stage 3');
    assert.equal(sdk.getFailuredetails()?.getErrormessage(), 'bad');
  });

  it('answers exists=false without a state for an unknown instance', () => {
    const response = overTheWire(wire.GetInstanceResponse, getInstanceResponseToPb(undefined));
    assert.equal(response.exists, false);
    assert.equal(response.workflowState, null);
    assert.equal(overTheWire(wire.GetInstanceResponse, getInstanceResponseToPb(full)).workflowState?.instanceId, 'i-1');
  });

  it('keeps an empty custom status verbatim and sends no payloads the state lacks', () => {
    const bare: InstanceState = { ...full, input: undefined, output: undefined, failure: undefined, customStatus: '' };
    const message = overTheWire(wire.WorkflowState, instanceStateToPb(bare));
    assert.equal(message.input, null);
    assert.equal(message.output, null);
    assert.equal(message.customStatus?.value, '');
  });
});

describe('work item codec', () => {
  const orchestrator: WorkItem = {
    kind: 'orchestrator',
    instanceId: 'i-2',
    executionId: 'x-2',
    pastEvents: [{ eventId: -1, timestamp: t, kind: 'OrchestratorStarted' }],
    newEvents: [
      { eventId: -1, timestamp: t, kind: 'OrchestratorStarted' },
      { eventId: -1, timestamp: t, kind: 'EventRaised', name: 'go', input: '1' },
    ],
  };
  const activity: WorkItem = { kind: 'activity', instanceId: 'i-3', executionId: 'x-3', taskId: 4, name: 'charge', input: '"card"' };

  for (const item of [orchestrator, activity]) {
    it(`round-trips an ${item.kind} work item`, () => {
      assert.deepEqual(workItemFromPb(overTheWire(wire.WorkItem, workItemToPb(item))), item);
    });
  }

  it('hands the SDK 3.18 an orchestrator request it reads', () => {
    const sdk = pb.WorkItem.deserializeBinary(wire.WorkItem.encode(workItemToPb(orchestrator)).finish());
    assert.equal(sdk.getOrchestratorrequest()?.getInstanceid(), 'i-2');
    assert.equal(sdk.getOrchestratorrequest()?.getNeweventsList()[1]?.getEventraised()?.getName(), 'go');
  });

  it('round-trips workflow answers (version, patches, numEventsProcessed) and activity results', () => {
    const result: OrchestratorResult = {
      instanceId: 'i-2',
      customStatus: 'waiting',
      actions: [{ id: 1, kind: 'ScheduleTask', name: 'a' }],
      version: { name: 'v2', patches: ['p1'] },
      numEventsProcessed: 2,
    };
    assert.deepEqual(orchestratorResultFromPb(overTheWire(wire.WorkflowResponse, orchestratorResultToPb(result))), result);

    const ok: ActivityResult = { instanceId: 'i-3', taskId: 4, result: '5' };
    const failed: ActivityResult = { instanceId: 'i-3', taskId: 4, failure: { errorType: 'Error', errorMessage: 'no' } };
    for (const answer of [ok, failed]) {
      assert.deepEqual(activityResultFromPb(overTheWire(wire.ActivityResponse, activityResultToPb(answer))), answer);
    }
  });

  it('reads the worker capabilities of GetWorkItems', () => {
    assert.deepEqual(workerOptionsFromPb(overTheWire(wire.GetWorkItemsRequest, { capabilities: [1] })), { historyStreaming: true });
    assert.deepEqual(workerOptionsFromPb(overTheWire(wire.GetWorkItemsRequest, {})), { historyStreaming: false });
  });
});

describe('request codec', () => {
  it('reads a start request from the SDK 3.18 bytes; an empty instance ID is left to the engine', () => {
    const request = new pb.CreateInstanceRequest();
    request.setName('order');
    request.setInput(sdkStringValue('{"n":1}'));
    request.setScheduledstarttimestamp(sdkTimestamp(t));
    const decoded = wire.CreateInstanceRequest.decode(request.serializeBinary());
    assert.deepEqual(startRequestFromPb(decoded), { name: 'order', input: '{"n":1}', scheduledStartAt: t });
  });

  it('reads version, tags and trace context of a newer start request', () => {
    const decoded = overTheWire(wire.CreateInstanceRequest, {
      name: 'order',
      instanceId: 'mine',
      version: { value: 'v2' },
      tags: { a: '1', b: '2' },
      parentTraceContext: { traceParent: '00-abc-def-01' },
    });
    assert.deepEqual(startRequestFromPb(decoded), {
      name: 'order',
      instanceId: 'mine',
      version: 'v2',
      tags: { a: '1', b: '2' },
      trace: { traceParent: '00-abc-def-01' },
    });
  });

  it('refuses, by name, a reuse policy it cannot honor', () => {
    const decoded = overTheWire(wire.CreateInstanceRequest, { name: 'w', orchestrationIdReusePolicy: new Uint8Array([0x10, 1]) });
    assert.throws(() => startRequestFromPb(decoded), (error: Error) => error.name === 'UnsupportedFeatureError' && /orchestrationIdReusePolicy/.test(error.message));
  });

  it('reads a query and a purge filter', () => {
    const query = overTheWire(wire.InstanceQuery, {
      runtimeStatus: [0],
      createdTimeFrom: timestampFromMs(t),
      maxInstanceCount: 10,
      instanceIdPrefix: { value: 'ord' },
      fetchInputsAndOutputs: true,
    });
    assert.deepEqual(instanceQueryFromPb(query), {
      statuses: ['RUNNING'],
      createdFrom: t,
      instanceIdPrefix: 'ord',
      maxInstanceCount: 10,
      includePayloads: true,
    });
    assert.deepEqual(instanceQueryFromPb(undefined), {});
    const filter = overTheWire(wire.PurgeInstanceFilter, { createdTimeTo: timestampFromMs(t), runtimeStatus: [1, 3, 5] });
    assert.deepEqual(purgeFilterFromPb(filter), { createdTo: t, statuses: ['COMPLETED', 'FAILED', 'TERMINATED'] });
  });

  it('reads recursive on purge (absent is false, as in daprd) and refuses force by name', () => {
    assert.deepEqual(purgeCallFromPb(overTheWire(wire.PurgeInstancesRequest, { instanceId: 'a' })), { by: 'instance', instanceId: 'a', recursive: false });
    assert.deepEqual(purgeCallFromPb(overTheWire(wire.PurgeInstancesRequest, { instanceId: 'a', recursive: true })), {
      by: 'instance',
      instanceId: 'a',
      recursive: true,
    });
    assert.throws(() => purgeCallFromPb(overTheWire(wire.PurgeInstancesRequest, { instanceId: 'a', force: true })), /force \(field 4\)/);
    assert.throws(() => purgeCallFromPb(overTheWire(wire.PurgeInstancesRequest, {})), { name: 'InvalidArgumentError' });
  });

  it('reads a rerun request', () => {
    const decoded = overTheWire(wire.RerunWorkflowFromEventRequest, { sourceInstanceID: 's', eventID: 3, newInstanceID: 'n', input: { value: '1' }, overwriteInput: true });
    assert.deepEqual(rerunRequestFromPb(decoded), { sourceInstanceId: 's', eventId: 3, newInstanceId: 'n', input: '1', overwriteInput: true });
  });
});

describe('unknown fields', () => {
  it('names each field the description does not know, in nested messages too', () => {
    const known = wire.CreateInstanceRequest.encode({ name: 'w', parentTraceContext: { traceParent: 'x' } }).finish();
    // Field 20 (varint) on the request, field 9 (varint) inside TraceContext (field 9 of the request).
    const extra = Buffer.concat([Buffer.from(known), Buffer.from([0xa0, 0x01, 0x05]), Buffer.from([0x4a, 0x02, 0x48, 0x01])]);
    assert.deepEqual(unknownFieldsOf(extra, 'CreateInstanceRequest'), [
      { message: 'CreateInstanceRequest', fieldNumber: 20 },
      { message: 'TraceContext', fieldNumber: 9 },
    ]);
    assert.deepEqual(unknownFieldsOf(known, 'CreateInstanceRequest'), []);
    assert.equal(wire.CreateInstanceRequest.decode(extra).name, 'w');
  });
});

describe('service definition', () => {
  it('serves every RPC on the path the SDK stubs call', () => {
    assert.equal(TaskHubSidecarServiceService.hello.path, '/TaskHubSidecarService/Hello');
    assert.equal(listInstanceIdsMethod.path, '/TaskHubSidecarService/ListInstanceIDs');
    assert.equal(getInstanceHistoryMethod.path, '/TaskHubSidecarService/GetInstanceHistory');
    for (const method of SIDECAR_METHODS) assert.equal(sidecarMethod(method).path, `/TaskHubSidecarService/${method}`);
    for (const sdkMethod of Object.values(TaskHubSidecarServiceService)) {
      const name = sdkMethod.path.split('/')[2]!;
      assert.ok((SIDECAR_METHODS as string[]).includes(name), `${name} is described`);
    }
  });

  it('uses Dapr 1.17 field numbers for ListInstanceIDs and GetInstanceHistory', () => {
    // continuationToken = 1 (length-delimited: tag 0x0a), pageSize = 2 (varint: tag 0x10).
    assert.deepEqual([...listInstanceIdsMethod.requestSerialize({ continuationToken: 'ab', pageSize: 5 })], [0x0a, 2, 0x61, 0x62, 0x10, 5]);
    assert.deepEqual([...getInstanceHistoryMethod.requestSerialize({ instanceId: 'z' })], [0x0a, 1, 0x7a]);
    const domain = [
      { eventId: -1, timestamp: t, kind: 'OrchestratorStarted' as const },
      { eventId: 1, timestamp: t, kind: 'TaskScheduled' as const, name: 'a', input: '1' },
    ];
    const bytes = getInstanceHistoryMethod.responseSerialize({ events: domain.map((event) => historyEventToPb(event)) });
    const decoded: wire.GetInstanceHistoryResponse = getInstanceHistoryMethod.responseDeserialize(bytes);
    assert.deepEqual(decoded.events.map((event) => historyEventFromPb(event as wire.HistoryEvent)), domain);
  });
});
