/**
 * Workflows the hostile-input tests run through the real SDK's WorkflowRuntime, each putting
 * hostile text where the console and the verbs draw it (log line, custom status, activity
 * result, output, failure message), plus a "keeper" instance whose state is snapshotted
 * before a barrage and compared after it, to prove nothing stored was lost.
 */
import assert from 'node:assert/strict';
import { getInstanceHistoryMethod, type GetInstanceHistoryResponse } from '../../src/protocol/index.js';
import { pb, TaskHubSidecarServiceService } from '../helpers/sdk-proto.js';
import type { SidecarHarness, TestActivity, TestWorkflow } from '../helpers/sidecar-harness.js';
import { waitForStatus } from '../helpers/sidecar-harness.js';

/** What HostileEcho takes: the text to spread around, and whether to fail with it. */
export interface EchoInput {
  readonly text: string;
  readonly fail?: boolean;
}

/** Workflows by registered name. */
export const hostileWorkflows: Record<string, TestWorkflow> = {
  /** Logs the text, sets it as custom status, echoes it through an activity, then returns it or fails with it. */
  async *HostileEcho(ctx, input: EchoInput) {
    console.log(input.text);
    ctx.setCustomStatus(input.text);
    const echoed: string = yield ctx.callActivity('hostileEcho', input.text);
    if (input.fail) throw new Error(input.text);
    return echoed;
  },
  /** Waits for the event `payload` and returns its data (other events are taken in and kept in the history). */
  async *HostileWaiter(ctx) {
    return yield ctx.waitForExternalEvent('payload');
  },
  /** Completes with a known output: the instance the tests check is intact after a barrage. */
  async *Keeper(_ctx, input: unknown) {
    return { kept: input };
  },
};

/** Activities by registered name. */
export const hostileActivities: Record<string, TestActivity> = {
  hostileEcho: (_ctx, text: string) => text,
};

/** The input of the keeper instance (a little of everything, nothing hostile). */
export const KEEPER_INPUT = { order: 42, items: ['a', 'b'], note: 'must survive the barrage' };

/** A snapshot of the keeper instance: its state and its history, as the sidecar serves them. */
export interface KeeperSnapshot {
  readonly instanceId: string;
  readonly status: number;
  readonly input: string;
  readonly output: string;
  readonly historyKinds: readonly string[];
}

async function snapshot(harness: SidecarHarness, instanceId: string): Promise<KeeperSnapshot> {
  const request = new pb.GetInstanceRequest();
  request.setInstanceid(instanceId);
  request.setGetinputsandoutputs(true);
  const response = await harness.call(TaskHubSidecarServiceService.getInstance, request);
  const state = response.getOrchestrationstate();
  assert.ok(response.getExists() && state, `the keeper instance ${instanceId} exists`);
  const history: GetInstanceHistoryResponse = await harness.call(getInstanceHistoryMethod, { instanceId });
  return {
    instanceId,
    status: state.getOrchestrationstatus(),
    input: state.getInput()?.getValue() ?? '',
    output: state.getOutput()?.getValue() ?? '',
    historyKinds: history.events.map((event) => String(event.eventType)),
  };
}

/** Starts the keeper (the harness must host hostileWorkflows), waits for it to finish, and snapshots it. */
export async function seedKeeper(harness: SidecarHarness, instanceId = 'keeper-1'): Promise<KeeperSnapshot> {
  await harness.client.scheduleNewWorkflow('Keeper', KEEPER_INPUT, instanceId);
  await waitForStatus(harness.client, instanceId, 'COMPLETED');
  const kept = await snapshot(harness, instanceId);
  assert.deepEqual(JSON.parse(kept.output), { kept: KEEPER_INPUT });
  return kept;
}

/** Asserts the keeper instance is exactly as snapshotted: same status, payloads and history. */
export async function assertKeeperIntact(harness: SidecarHarness, before: KeeperSnapshot): Promise<void> {
  assert.deepEqual(await snapshot(harness, before.instanceId), before, 'the keeper instance is intact');
}
