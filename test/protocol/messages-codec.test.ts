/**
 * State, work-item, request and Dapr 1.17 list/history codecs: round trips through the
 * binary encoding, and the exact field numbers Dapr uses for the two extra RPCs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RUNTIME_STATUSES, type ActivityResult, type InstanceState, type OrchestratorResult, type WorkItem } from '../../src/model/index.js';
import {
  activityResultFromPb,
  activityResultToPb,
  decodeGetInstanceHistoryRequest,
  decodeGetInstanceHistoryResponse,
  decodeListInstanceIdsRequest,
  decodeListInstanceIdsResponse,
  encodeGetInstanceHistoryRequest,
  encodeGetInstanceHistoryResponse,
  encodeListInstanceIdsRequest,
  encodeListInstanceIdsResponse,
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
  pb,
  purgeFilterFromPb,
  runtimeStatusFromPb,
  runtimeStatusToPb,
  startRequestFromPb,
  stringValue,
  timestampFromMs,
  TaskHubSidecarServiceService,
  workItemFromPb,
  workItemToPb,
} from '../../src/protocol/index.js';

const t = 1_700_000_000_500;

describe('status codec', () => {
  it('maps every status to the protocol enum value of the same name', () => {
    for (const status of RUNTIME_STATUSES) {
      const value = runtimeStatusToPb(status);
      assert.equal(pb.OrchestrationStatus[`ORCHESTRATION_STATUS_${status}` as keyof typeof pb.OrchestrationStatus], value);
      assert.equal(runtimeStatusFromPb(value), status);
    }
  });
});

describe('state codec', () => {
  const full: InstanceState = {
    instanceId: 'i-1',
    name: 'order',
    status: 'FAILED',
    createdAt: t,
    lastUpdatedAt: t + 10,
    scheduledStartAt: t + 20,
    input: '{"a":1}',
    output: '2',
    customStatus: 'stage 3',
    failure: { errorType: 'Error', errorMessage: 'bad' },
    executionId: '',
  };

  it('round-trips a full state', () => {
    const wire = pb.OrchestrationState.deserializeBinary(instanceStateToPb(full).serializeBinary());
    assert.deepEqual(instanceStateFromPb(wire), full);
  });

  it('answers exists=false without a state for an unknown instance', () => {
    const response = getInstanceResponseToPb(undefined);
    assert.equal(response.getExists(), false);
    assert.equal(response.hasOrchestrationstate(), false);
    assert.equal(getInstanceResponseToPb(full).getOrchestrationstate()?.getInstanceid(), 'i-1');
  });

  it('keeps an empty custom status verbatim and sends no payloads the state lacks', () => {
    const bare: InstanceState = { ...full, input: undefined, output: undefined, failure: undefined, customStatus: '' };
    const message = instanceStateToPb(bare);
    assert.equal(message.hasInput(), false);
    assert.equal(message.hasOutput(), false);
    assert.equal(message.getCustomstatus()?.getValue(), '');
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
  const activity: WorkItem = {
    kind: 'activity',
    instanceId: 'i-3',
    executionId: 'x-3',
    taskId: 4,
    name: 'charge',
    input: '"card"',
  };

  for (const item of [orchestrator, activity]) {
    it(`round-trips an ${item.kind} work item`, () => {
      const wire = pb.WorkItem.deserializeBinary(workItemToPb(item).serializeBinary());
      assert.deepEqual(workItemFromPb(wire), item);
    });
  }

  it('round-trips orchestrator and activity results', () => {
    const result: OrchestratorResult = {
      instanceId: 'i-2',
      customStatus: 'waiting',
      actions: [{ id: 1, kind: 'ScheduleTask', name: 'a' }],
    };
    const wire = pb.OrchestratorResponse.deserializeBinary(orchestratorResultToPb(result).serializeBinary());
    assert.deepEqual(orchestratorResultFromPb(wire), result);

    const ok: ActivityResult = { instanceId: 'i-3', taskId: 4, result: '5' };
    const failed: ActivityResult = { instanceId: 'i-3', taskId: 4, failure: { errorType: 'Error', errorMessage: 'no' } };
    for (const answer of [ok, failed]) {
      const bytes = activityResultToPb(answer).serializeBinary();
      assert.deepEqual(activityResultFromPb(pb.ActivityResponse.deserializeBinary(bytes)), answer);
    }
  });
});

describe('request codec', () => {
  it('reads a start request; an empty instance ID is left to the engine', () => {
    const request = new pb.CreateInstanceRequest();
    request.setName('order');
    request.setInput(stringValue('{"n":1}'));
    request.setScheduledstarttimestamp(timestampFromMs(t));
    assert.deepEqual(startRequestFromPb(request), { name: 'order', input: '{"n":1}', scheduledStartAt: t });
    request.setInstanceid('mine');
    assert.equal(startRequestFromPb(request).instanceId, 'mine');
  });

  it('reads a query and a purge filter', () => {
    const query = new pb.InstanceQuery();
    query.setRuntimestatusList([pb.OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING]);
    query.setCreatedtimefrom(timestampFromMs(t));
    query.setMaxinstancecount(10);
    query.setInstanceidprefix(stringValue('ord'));
    query.setFetchinputsandoutputs(true);
    assert.deepEqual(instanceQueryFromPb(query), {
      statuses: ['RUNNING'],
      createdFrom: t,
      instanceIdPrefix: 'ord',
      maxInstanceCount: 10,
      includePayloads: true,
    });
    assert.deepEqual(instanceQueryFromPb(undefined), {});

    const filter = new pb.PurgeInstanceFilter();
    filter.setCreatedtimeto(timestampFromMs(t));
    filter.setRuntimestatusList([1, 3, 5]);
    assert.deepEqual(purgeFilterFromPb(filter), { createdTo: t, statuses: ['COMPLETED', 'FAILED', 'TERMINATED'] });
  });
});

describe('ListInstanceIDs and GetInstanceHistory messages', () => {
  it('uses Dapr 1.17 field numbers and wire types', () => {
    // continuationToken = 1 (length-delimited: tag 0x0a), pageSize = 2 (varint: tag 0x10).
    assert.deepEqual([...encodeListInstanceIdsRequest({ continuationToken: 'ab', pageSize: 5 })], [0x0a, 2, 0x61, 0x62, 0x10, 5]);
    // instanceIds = 1 repeated (0x0a each), continuationToken = 2 (0x12).
    assert.deepEqual(
      [...encodeListInstanceIdsResponse({ instanceIds: ['a', 'b'], continuationToken: 'c' })],
      [0x0a, 1, 0x61, 0x0a, 1, 0x62, 0x12, 1, 0x63],
    );
    assert.deepEqual([...encodeGetInstanceHistoryRequest({ instanceId: 'z' })], [0x0a, 1, 0x7a]);
  });

  it('keeps optional fields absent when not given, and present when zero or empty', () => {
    assert.equal(encodeListInstanceIdsRequest({}).length, 0);
    assert.deepEqual(decodeListInstanceIdsRequest(encodeListInstanceIdsRequest({})), {});
    assert.deepEqual(decodeListInstanceIdsRequest(encodeListInstanceIdsRequest({ continuationToken: '', pageSize: 0 })), {
      continuationToken: '',
      pageSize: 0,
    });
    assert.deepEqual(decodeListInstanceIdsResponse(encodeListInstanceIdsResponse({ instanceIds: [] })), { instanceIds: [] });
  });

  it('round-trips every message, skipping unknown fields', () => {
    const withUnknown = Buffer.concat([encodeListInstanceIdsRequest({ pageSize: 3 }), Buffer.from([0x1a, 1, 0x41])]);
    assert.deepEqual(decodeListInstanceIdsRequest(withUnknown), { pageSize: 3 });
    assert.deepEqual(decodeGetInstanceHistoryRequest(encodeGetInstanceHistoryRequest({ instanceId: 'abc' })), { instanceId: 'abc' });
    const domain = [
      { eventId: -1, timestamp: t, kind: 'OrchestratorStarted' as const },
      { eventId: 1, timestamp: t, kind: 'TaskScheduled' as const, name: 'a', input: '1' },
    ];
    const decoded = decodeGetInstanceHistoryResponse(
      encodeGetInstanceHistoryResponse({ events: domain.map((event) => historyEventToPb(event)) }),
    );
    assert.deepEqual(decoded.events.map(historyEventFromPb), domain);
  });

  it('defines both methods on the same service path as the SDK stubs', () => {
    const helloPath = TaskHubSidecarServiceService.hello.path;
    assert.equal(helloPath, '/TaskHubSidecarService/Hello');
    assert.equal(listInstanceIdsMethod.path, '/TaskHubSidecarService/ListInstanceIDs');
    assert.equal(getInstanceHistoryMethod.path, '/TaskHubSidecarService/GetInstanceHistory');
    const bytes = listInstanceIdsMethod.requestSerialize({ pageSize: 2 });
    assert.deepEqual(listInstanceIdsMethod.requestDeserialize(bytes), { pageSize: 2 });
  });
});
