/**
 * Dapr 1.17's ListInstanceIDs (paging) and GetInstanceHistory (event IDs match the action IDs
 * the SDK sent, completions point back at them, every turn starts with an OrchestratorStarted
 * event carrying the current time), and QueryInstances, over real gRPC.
 */
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { after, before, describe, it } from 'node:test';
import type { HistoryEvent } from '../../../src/model/index.js';
import { getInstanceHistoryMethod, historyFromPb, instanceStateFromPb, listInstanceIdsMethod, sidecarMethod, type wire } from '../../../src/protocol/index.js';
import { pb, sdkStringValue, sdkTimestamp, TaskHubSidecarServiceService } from '../../helpers/sdk-proto.js';
import { startSidecar, type SidecarHarness, type TestWorkflow } from '../../helpers/sidecar-harness.js';

let sidecar: SidecarHarness;
const workflowClock: number[] = [];

const workflows: Record<string, TestWorkflow> = {
  async *tour(ctx) {
    workflowClock.push(ctx.getCurrentUtcDateTime().getTime());
    const a = yield ctx.callActivity('add', 1);
    yield ctx.createTimer(new Date(ctx.getCurrentUtcDateTime().getTime() + 100));
    const [b, c] = yield ctx.whenAll([ctx.callActivity('add', 2), ctx.callChildWorkflow('child', 3, `${ctx.getWorkflowInstanceId()}-c`)]);
    const event = yield ctx.waitForExternalEvent('finish');
    return [a, b, c, event];
  },
  async *child(_ctx, input: number) {
    return input * 10;
  },
  async *quick() {
    return 'ok';
  },
};

async function history(instanceId: string): Promise<HistoryEvent[]> {
  return historyFromPb((await sidecar.call(getInstanceHistoryMethod, { instanceId })).events);
}

before(async () => {
  sidecar = await startSidecar();
  await sidecar.startRuntime({ workflows, activities: { add: (_ctx, n: number) => n + 100 } });
});

after(() => sidecar.close());

describe('GetInstanceHistory', () => {
  it('records the run with event IDs equal to the SDK action IDs, completions pointing back at them', async () => {
    const before = Date.now();
    const id = await sidecar.client.scheduleNewWorkflow('tour', undefined, 'history-tour');
    await sidecar.client.raiseEvent(id, 'finish', 'bye');
    const done = await sidecar.client.waitForWorkflowCompletion(id, true, 10);
    const after = Date.now();
    assert.equal(done?.serializedOutput, '[101,102,30,"bye"]');

    const events = await history(id);
    assert.equal(events[0]?.kind, 'OrchestratorStarted', 'the first turn starts with OrchestratorStarted');
    assert.equal(events[1]?.kind, 'ExecutionStarted');
    assert.ok(events.some((event) => event.kind === 'ExecutionCompleted' && event.status === 'COMPLETED'));

    // The SDK numbers its actions 1, 2, 3, ... in the order the workflow asks for them (completion included).
    const scheduled = events.filter((event) => event.eventId > 0);
    assert.deepEqual(
      scheduled.map((event) => [event.eventId, event.kind]),
      [
        [1, 'TaskScheduled'],
        [2, 'TimerCreated'],
        [3, 'TaskScheduled'],
        [4, 'SubOrchestrationInstanceCreated'],
        [5, 'ExecutionCompleted'],
      ],
    );
    const byId = new Map(scheduled.map((event) => [event.eventId, event]));
    for (const event of events) {
      if (event.kind === 'TaskCompleted') assert.equal(byId.get(event.taskScheduledId)?.kind, 'TaskScheduled');
      if (event.kind === 'TimerFired') assert.equal(byId.get(event.timerId)?.kind, 'TimerCreated');
      if (event.kind === 'SubOrchestrationInstanceCompleted') {
        assert.equal(byId.get(event.taskScheduledId)?.kind, 'SubOrchestrationInstanceCreated');
      }
    }
    assert.equal(events.filter((event) => event.kind === 'TaskCompleted').length, 2);
    assert.equal(events.filter((event) => event.kind === 'TimerFired').length, 1);
    assert.equal(events.filter((event) => event.kind === 'SubOrchestrationInstanceCompleted').length, 1);
    assert.ok(events.some((event) => event.kind === 'EventRaised' && event.name === 'finish' && event.input === '"bye"'));

    // Every turn carries the current time: OrchestratorStarted timestamps lie within the run, in order.
    const turnTimes = events.filter((event) => event.kind === 'OrchestratorStarted').map((event) => event.timestamp);
    assert.ok(turnTimes.length >= 3);
    for (const time of turnTimes) assert.ok(time >= before - 5 && time <= after + 5, `turn time ${time} outside the run`);
    assert.deepEqual([...turnTimes].sort((x, y) => x - y), turnTimes);
    assert.ok(workflowClock[0]! >= before - 5 && workflowClock[0]! <= after + 5, 'the workflow clock is the turn time');
  });

  it('shows the parent on a child workflow’s ExecutionStarted event', async () => {
    const events = await history('history-tour-c');
    const started = events.find((event) => event.kind === 'ExecutionStarted');
    assert.ok(started?.kind === 'ExecutionStarted');
    assert.equal(started.name, 'child');
    assert.equal(started.input, '3');
    assert.equal(started.parent?.instanceId, 'history-tour');
    assert.equal(started.parent?.taskScheduledId, 4);
  });

  it('answers NOT_FOUND for an unknown instance', async () => {
    await assert.rejects(sidecar.call(getInstanceHistoryMethod, { instanceId: 'no-such-instance' }), (error: { code?: number }) => {
      assert.equal(error.code, status.NOT_FOUND);
      return true;
    });
  });
});

describe('ListInstanceIDs', () => {
  it('pages through every instance ID without repeats', async () => {
    const started: string[] = [];
    for (let index = 0; index < 5; index += 1) started.push(await sidecar.client.scheduleNewWorkflow('quick', undefined, `listed-${index}`));
    for (const id of started) await sidecar.client.waitForWorkflowCompletion(id, false, 10);

    const all = (await sidecar.call(listInstanceIdsMethod, {})).instanceIds;
    for (const id of started) assert.ok(all.includes(id), `${id} is listed`);

    const paged: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 100; page += 1) {
      const response = await sidecar.call(listInstanceIdsMethod, { pageSize: 2, ...(token !== undefined && { continuationToken: token }) });
      assert.ok(response.instanceIds.length <= 2, 'a page holds at most pageSize IDs');
      paged.push(...response.instanceIds);
      token = response.continuationToken ?? undefined;
      if (token === undefined || token === '') break;
    }
    assert.equal(new Set(paged).size, paged.length, 'no ID appears twice');
    assert.deepEqual([...paged].sort(), [...all].sort());
  });
});

describe('QueryInstances', () => {
  it('filters by status and ID prefix, with payloads only when asked', async () => {
    const id = await sidecar.client.scheduleNewWorkflow('quick', undefined, 'queried-1');
    await sidecar.client.waitForWorkflowCompletion(id, false, 10);
    // The SDK's stubs send the query; the sidecar's own codec reads the answer.
    const query = new pb.InstanceQuery();
    query.setInstanceidprefix(sdkStringValue('queried-'));
    query.setRuntimestatusList([pb.OrchestrationStatus.ORCHESTRATION_STATUS_COMPLETED]);
    const request = new pb.QueryInstancesRequest();
    request.setQuery(query);
    const answer = sidecarMethod('QueryInstances');
    const queryStates = async () => {
      const response: wire.QueryInstancesResponse = await sidecar.call({ ...answer, requestSerialize: TaskHubSidecarServiceService.queryInstances.requestSerialize }, request);
      return response.workflowState.map(instanceStateFromPb);
    };

    const states = await queryStates();
    assert.deepEqual(states.map((state) => [state.instanceId, state.name, state.status]), [['queried-1', 'quick', 'COMPLETED']]);
    assert.equal(states[0]?.output, undefined);

    query.setFetchinputsandoutputs(true);
    assert.equal((await queryStates())[0]!.output, '"ok"');

    query.setRuntimestatusList([pb.OrchestrationStatus.ORCHESTRATION_STATUS_RUNNING]);
    assert.equal((await queryStates()).length, 0);
  });
});
