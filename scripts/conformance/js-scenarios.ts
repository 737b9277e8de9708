/**
 * The conformance corpus as played by Dapr's JS SDK (@dapr/dapr's WorkflowRuntime hosting the
 * workflows below, its DaprWorkflowClient driving them) and by the HTTP workflow API, against
 * one sidecar. Each scenario returns what a user can observe; the runner compares the
 * observations of daprd and of the embedded sidecar.
 */
import { DaprWorkflowClient, WorkflowRuntime, type WorkflowState } from '@dapr/dapr';
import type { SidecarConnection } from '../../src/client/grpc-client.js';
import { attempt, eventually, firstLine, pause, shorten, type Observation, type Scenario } from './observe.js';

/** One sidecar with the JS SDK's client and worker and the console's client connected to it. */
export interface JsTarget {
  readonly sdk: DaprWorkflowClient;
  readonly client: SidecarConnection;
  /** Base URL of the sidecar's HTTP API (`http://127.0.0.1:PORT`). */
  readonly httpBase: string;
}

type Workflow = (ctx: any, input: any) => AsyncGenerator<unknown, unknown, any>;

/** The workflows the JS worker hosts, by name. */
export const conformanceWorkflows: Record<string, Workflow> = {
  async *Chain(ctx, text: string) {
    let value = text;
    for (const suffix of ['1', '2', '3']) value = yield ctx.callActivity('append', { text: value, suffix });
    return value;
  },
  async *FanOut(ctx, count: number) {
    const tasks = Array.from({ length: count }, (_, index) => ctx.callActivity('square', index + 1));
    const results: number[] = yield ctx.whenAll(tasks);
    return results.reduce((sum, value) => sum + value, 0);
  },
  async *Approval(ctx) {
    const decision = yield ctx.waitForExternalEvent('Approval');
    return { decision };
  },
  async *Failing(ctx) {
    yield ctx.callActivity('explode', 'card-1');
    return 'unreachable';
  },
  async *Staged(ctx) {
    ctx.setCustomStatus({ stage: 'waiting for go' });
    yield ctx.waitForExternalEvent('Go');
    ctx.setCustomStatus({ stage: 'done' });
    return 'done';
  },
  async *Parent(ctx, n: number) {
    const doubled: number = yield ctx.callChildWorkflow('Child', n, `${ctx.getWorkflowInstanceId()}-child`);
    return doubled + 1;
  },
  async *Child(ctx, n: number) {
    return yield ctx.callActivity('double', n);
  },
  async *Sleeper(ctx) {
    yield ctx.createTimer(1);
    return 'woke';
  },
  async *Counter(ctx, n: number) {
    if (n < 3) {
      yield ctx.callActivity('double', n);
      ctx.continueAsNew(n + 1, false);
      return undefined;
    }
    return n;
  },
  async *Echo(_ctx, input: unknown) {
    return typeof input === 'string' ? input.length : input;
  },
};

/** The activities the JS worker hosts, by name. */
export const conformanceActivities: Record<string, (ctx: any, input: any) => unknown> = {
  append: (_ctx, input: { text: string; suffix: string }) => `${input.text}${input.suffix}`,
  square: (_ctx, n: number) => n * n,
  double: (_ctx, n: number) => n * 2,
  explode: (_ctx, card: string) => {
    throw new Error(`card ${card} was declined`);
  },
};

/** Registers the corpus's workflows and activities on a JS SDK worker. */
export function registerConformanceWorkflows(runtime: WorkflowRuntime): void {
  for (const [name, workflow] of Object.entries(conformanceWorkflows)) runtime.registerWorkflowWithName(name, workflow);
  for (const [name, activity] of Object.entries(conformanceActivities)) runtime.registerActivityWithName(name, activity);
}

/** What a user sees of a state: status, output, custom status, failure type and message. */
function stateOf(state: WorkflowState | undefined): unknown {
  if (!state) return 'no such instance';
  const failure = state.workflowFailureDetails;
  return {
    status: statusName(state.runtimeStatus),
    ...(state.serializedOutput !== undefined && state.serializedOutput !== '' && { output: state.serializedOutput }),
    ...(state.serializedCustomStatus !== undefined && state.serializedCustomStatus !== '' && { customStatus: state.serializedCustomStatus }),
    ...(failure && { failure: { type: failure.errorType, message: firstLine(failure.errorMessage ?? '') } }),
  };
}

const STATUS_NAMES = ['RUNNING', 'COMPLETED', 'CONTINUED_AS_NEW', 'FAILED', 'CANCELED', 'TERMINATED', 'PENDING', 'SUSPENDED', 'STALLED'];
function statusName(value: number | undefined): string {
  return value === undefined ? 'UNKNOWN' : STATUS_NAMES[value] ?? `status ${value}`;
}

async function finished(target: JsTarget, instanceId: string): Promise<unknown> {
  return stateOf(await target.sdk.waitForWorkflowCompletion(instanceId, true, 30));
}

async function running(target: JsTarget, instanceId: string, status = 'RUNNING'): Promise<unknown> {
  return eventually(`${instanceId} to be ${status}`, async () => {
    const state = stateOf(await target.sdk.getWorkflowState(instanceId, true)) as { status?: string };
    return state.status === status ? state : undefined;
  });
}

/**
 * daprd 1.18 sometimes answers a history read that races its own state write (right after a
 * terminate, say) with "inbox key … missing from state store (transient store read failure or
 * partial save?)". That answer names itself transient: read again, a few times, before
 * recording what the user would see once daprd has settled.
 */
const DAPRD_TRANSIENT_READ = /transient store read failure|partial save/;

async function historyKinds(target: JsTarget, instanceId: string): Promise<unknown> {
  for (let tries = 1; ; tries += 1) {
    const seen = await attempt(async () => (await target.client.history(instanceId)).map((event) => event.kind));
    const message = (seen as { message?: unknown }).message;
    if (tries >= 10 || typeof message !== 'string' || !DAPRD_TRANSIENT_READ.test(message)) return seen;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const KIB = 1024;
const MIB = 1024 * KIB;

/** The JS SDK's scenarios. */
export const jsScenarios: readonly Scenario<JsTarget>[] = [
  {
    id: 'activity-chain', via: 'JS SDK', description: 'Three activities one after another, each taking the previous result.',
    async run(target) {
      const id = await target.sdk.scheduleNewWorkflow('Chain', 'a', 'js-chain');
      return { final: await finished(target, id), history: await historyKinds(target, id) };
    },
  },
  {
    id: 'fan-out-fan-in', via: 'JS SDK', description: 'Five activities at once, summed when all are done.',
    async run(target) {
      const id = await target.sdk.scheduleNewWorkflow('FanOut', 5, 'js-fan-out');
      const final = await finished(target, id);
      // Completion order of parallel activities varies between runs, and so does how many
      // completions arrive in one turn (the number of OrchestratorStarted events): compare the
      // counts of everything else.
      const kinds = (await target.client.history(id)).map((event) => event.kind).filter((kind) => kind !== 'OrchestratorStarted');
      const counts = Object.fromEntries([...new Set(kinds)].map((kind) => [kind, kinds.filter((k) => k === kind).length]));
      return { final, historyCounts: counts };
    },
  },
  {
    id: 'external-event', via: 'JS SDK', description: 'A workflow waits for an event with a JSON payload and returns it.',
    async run(target) {
      const id = await target.sdk.scheduleNewWorkflow('Approval', undefined, 'js-approval');
      const waiting = await running(target, id);
      await target.sdk.raiseEvent(id, 'Approval', { approved: true, by: 'Grace' });
      return { waiting, final: await finished(target, id), history: await historyKinds(target, id) };
    },
  },
  {
    id: 'failure-details', via: 'JS SDK', description: 'An uncaught activity failure fails the workflow with the error\'s type and message.',
    async run(target) {
      const id = await target.sdk.scheduleNewWorkflow('Failing', undefined, 'js-failing');
      return { final: await finished(target, id), history: await historyKinds(target, id) };
    },
  },
  {
    id: 'custom-status', via: 'JS SDK', description: 'The custom status is visible while the workflow runs and after it completes.',
    async run(target) {
      const id = await target.sdk.scheduleNewWorkflow('Staged', undefined, 'js-staged');
      const waiting = await eventually('the custom status', async () => {
        const state = stateOf(await target.sdk.getWorkflowState(id, true)) as { customStatus?: string };
        return state.customStatus ? state : undefined;
      });
      await target.sdk.raiseEvent(id, 'Go');
      return { waiting, final: await finished(target, id) };
    },
  },
  {
    id: 'child-workflow', via: 'JS SDK', description: 'A workflow calls a child workflow that calls an activity.',
    async run(target) {
      const id = await target.sdk.scheduleNewWorkflow('Parent', 20, 'js-parent');
      return {
        final: await finished(target, id),
        child: stateOf(await target.sdk.getWorkflowState(`${id}-child`, true)),
        history: await historyKinds(target, id),
        childHistory: await historyKinds(target, `${id}-child`),
      };
    },
  },
  {
    id: 'durable-timer', via: 'JS SDK', description: 'A one-second durable timer fires and the workflow resumes.',
    async run(target) {
      const id = await target.sdk.scheduleNewWorkflow('Sleeper', undefined, 'js-sleeper');
      return { final: await finished(target, id), history: await historyKinds(target, id) };
    },
  },
  {
    id: 'continue-as-new', via: 'JS SDK', description: 'A workflow continues as new three times, then completes.',
    async run(target) {
      const id = await target.sdk.scheduleNewWorkflow('Counter', 0, 'js-counter');
      return { final: await finished(target, id), history: await historyKinds(target, id) };
    },
  },
  {
    id: 'suspend-resume-events', via: 'JS SDK', description: 'A suspended workflow holds an event raised meanwhile and receives it once resumed.',
    async run(target) {
      const id = await target.sdk.scheduleNewWorkflow('Approval', undefined, 'js-suspended');
      await running(target, id);
      await target.sdk.suspendWorkflow(id);
      const suspended = await running(target, id, 'SUSPENDED');
      await target.sdk.raiseEvent(id, 'Approval', 'held');
      await pause(500);
      const stillSuspended = stateOf(await target.sdk.getWorkflowState(id, true));
      await target.sdk.resumeWorkflow(id);
      return { suspended, stillSuspended, final: await finished(target, id), history: await historyKinds(target, id) };
    },
  },
  {
    id: 'terminate', via: 'JS SDK', description: 'Terminating a waiting workflow with an output; terminating it again.',
    async run(target) {
      const id = await target.sdk.scheduleNewWorkflow('Approval', undefined, 'js-terminated');
      await running(target, id);
      await target.client.terminate(id, '{"by":"conformance"}');
      const final = await finished(target, id);
      return { final, again: await attempt(() => target.sdk.terminateWorkflow(id, undefined)), history: await historyKinds(target, id) };
    },
  },
  {
    id: 'purge', via: 'JS SDK', description: 'Purging a finished instance removes it; purging it again removes nothing.',
    async run(target) {
      const id = await target.sdk.scheduleNewWorkflow('Chain', 'p', 'js-purged');
      await finished(target, id);
      return {
        purged: await attempt(() => target.sdk.purgeWorkflow(id)),
        after: stateOf(await target.sdk.getWorkflowState(id, false)),
        again: await attempt(() => target.sdk.purgeWorkflow(id)),
      };
    },
  },
  {
    id: 'unknown-instance', via: 'JS SDK', description: 'Get, suspend, resume, terminate, raise-event, purge and history of an ID that does not exist.',
    async run(target) {
      const id = 'js-missing';
      return {
        get: stateOf(await target.sdk.getWorkflowState(id, true)),
        suspend: await attempt(() => target.sdk.suspendWorkflow(id)),
        resume: await attempt(() => target.sdk.resumeWorkflow(id)),
        terminate: await attempt(() => target.sdk.terminateWorkflow(id, undefined)),
        raiseEvent: await attempt(() => target.sdk.raiseEvent(id, 'Approval', 1)),
        purge: await attempt(() => target.sdk.purgeWorkflow(id)),
        history: await historyKinds(target, id),
      };
    },
  },
  {
    id: 'duplicate-id', via: 'JS SDK', description: 'Scheduling a second instance under the ID of a running one, then of a finished one.',
    async run(target) {
      const id = await target.sdk.scheduleNewWorkflow('Approval', undefined, 'js-duplicate');
      await running(target, id);
      const whileRunning = await attempt(() => target.sdk.scheduleNewWorkflow('Approval', undefined, id));
      await target.sdk.raiseEvent(id, 'Approval', 'first');
      await finished(target, id);
      const whenFinished = await attempt(() => target.sdk.scheduleNewWorkflow('Chain', 'x', id));
      const final = whenFinished && 'ok' in (whenFinished as object) ? await finished(target, id) : stateOf(await target.sdk.getWorkflowState(id, true));
      return { whileRunning, whenFinished, final };
    },
  },
  {
    id: 'purge-running', via: 'JS SDK', description: 'Purging an instance that is still running.',
    async run(target) {
      const id = await target.sdk.scheduleNewWorkflow('Approval', undefined, 'js-purge-running');
      await running(target, id);
      const purge = await attempt(() => target.sdk.purgeWorkflow(id));
      const after = stateOf(await target.sdk.getWorkflowState(id, false));
      await target.sdk.terminateWorkflow(id, undefined);
      await finished(target, id);
      return { purge, after };
    },
  },
  {
    id: 'events-to-finished', via: 'JS SDK', description: 'Raising an event to a completed instance.',
    async run(target) {
      const id = await target.sdk.scheduleNewWorkflow('Chain', 'e', 'js-events-finished');
      await finished(target, id);
      const raise = await attempt(() => target.sdk.raiseEvent(id, 'Approval', 'late'));
      await pause(300);
      return { raise, final: stateOf(await target.sdk.getWorkflowState(id, true)), history: await historyKinds(target, id) };
    },
  },
  {
    id: 'suspend-resume-status', via: 'JS SDK', description: 'Resuming a running instance; suspending a suspended one; suspending a finished one.',
    async run(target) {
      const id = await target.sdk.scheduleNewWorkflow('Approval', undefined, 'js-control');
      await running(target, id);
      const resumeRunning = await attempt(() => target.sdk.resumeWorkflow(id));
      await target.sdk.suspendWorkflow(id);
      await running(target, id, 'SUSPENDED');
      const suspendSuspended = await attempt(() => target.sdk.suspendWorkflow(id));
      await pause(300);
      // No resume after this: @dapr/dapr 3.18's worker loops on a resume following two suspensions.
      const history = await historyKinds(target, id);
      await target.sdk.terminateWorkflow(id, undefined);
      await finished(target, id);
      const suspendFinished = await attempt(() => target.sdk.suspendWorkflow(id));
      return { resumeRunning, suspendSuspended, history, suspendFinished };
    },
  },
  {
    id: 'payload-sizes', via: 'JS SDK', description: 'Inputs of 1 MiB, of just under 4 MiB and over 4 MiB.',
    async run(target) {
      const observe = async (id: string, bytes: number) => {
        const started = await attempt(() => target.sdk.scheduleNewWorkflow('Echo', 'x'.repeat(bytes), id));
        if (!started || !('ok' in (started as object))) return { started: shorten(started) };
        return { started: 'ok', final: await finished(target, id) };
      };
      return {
        oneMiB: await observe('js-payload-1m', MIB),
        justUnder4MiB: await observe('js-payload-under', 4 * MIB - 4 * KIB),
        over4MiB: await observe('js-payload-over', 4 * MIB + 4 * KIB),
      };
    },
  },
  {
    id: 'bad-instance-ids', via: 'JS SDK', description: 'Scheduling with instance IDs holding a space, a slash, a colon, and 300 characters.',
    async run(target) {
      const observe = async (id: string) => {
        const started = await attempt(() => target.sdk.scheduleNewWorkflow('Chain', 'b', id));
        if (started && 'ok' in (started as object)) await target.sdk.waitForWorkflowCompletion(id, false, 30).catch(() => undefined);
        return started;
      };
      return {
        space: await observe('has space'),
        slash: await observe('has/slash'),
        colon: await observe('has:colon'),
        long: shorten(await observe('L'.repeat(300))),
      };
    },
  },
  {
    id: 'unregistered-workflow', via: 'JS SDK', description: 'Scheduling a workflow no connected worker hosts.',
    async run(target) {
      const id = await target.sdk.scheduleNewWorkflow('NoSuchWorkflow', undefined, 'js-unregistered');
      await pause(3_000);
      const state = stateOf(await target.sdk.getWorkflowState(id, true));
      await attempt(() => target.sdk.terminateWorkflow(id, undefined));
      return { afterThreeSeconds: state };
    },
  },
];
