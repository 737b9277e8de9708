/**
 * Compatibility runner for Dapr's JavaScript SDK (@dapr/dapr): hosts its own workflows and
 * activities with the SDK's WorkflowRuntime, drives them with its DaprWorkflowClient (gRPC) and,
 * for the HTTP scenario, with DaprClient's `workflow` API; prints one JSON line per scenario of
 * ../scenarios.json: {scenario, status: "pass"|"fail"|"unsupported", detail}. The sidecar comes
 * from DAPR_GRPC_ENDPOINT and DAPR_HTTP_PORT, which the SDK reads itself.
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  CommunicationProtocolEnum,
  DaprClient,
  DaprWorkflowClient,
  WorkflowRuntime,
  WorkflowRuntimeStatus,
  type WorkflowActivityContext,
  type WorkflowContext,
  type WorkflowState,
} from '@dapr/dapr';

const SDK_VERSION = (createRequire(import.meta.url)('@dapr/dapr/package.json') as { version: string }).version;
const DEADLINE_MS = Number(process.env.COMPAT_SCENARIO_DEADLINE_S ?? '30') * 1000;
const TERMINAL = new Set([WorkflowRuntimeStatus.COMPLETED, WorkflowRuntimeStatus.FAILED, WorkflowRuntimeStatus.TERMINATED]);

/** The SDK has no API for the scenario; the message names what is missing. */
class Unsupported extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- workflows and activities -----------------------------------------------------------

const append = async (_: WorkflowActivityContext, input: { text: string; suffix: string }) => `${input.text}${input.suffix}`;
const square = async (_: WorkflowActivityContext, n: number) => n * n;
const double = async (_: WorkflowActivityContext, n: number) => n * 2;
const echo = async (_: WorkflowActivityContext, value: unknown) => value;
const explode = async (_: WorkflowActivityContext, n: number) => {
  throw new Error(`boom ${n}`);
};

const chain = async function* (ctx: WorkflowContext, text: string): any {
  for (const suffix of ['1', '2', '3']) text = yield ctx.callActivity(append, { text, suffix });
  return text;
};

const fanOut = async function* (ctx: WorkflowContext, count: number): any {
  const tasks = [];
  for (let n = 1; n <= count; n++) tasks.push(ctx.callActivity(square, n));
  const results: number[] = yield ctx.whenAll(tasks);
  return results.reduce((a, b) => a + b, 0);
};

const childDouble = async function* (ctx: WorkflowContext, n: number): any {
  return yield ctx.callActivity(double, n);
};

const parentOfChild = async function* (ctx: WorkflowContext, n: number): any {
  const result: number = yield ctx.callChildWorkflow(childDouble, n, `${ctx.getWorkflowInstanceId()}-child`);
  return result + 1;
};

const lateWaiter = async function* (ctx: WorkflowContext): any {
  yield ctx.createTimer(1);
  return yield ctx.waitForExternalEvent('Approval');
};

const sleeper = async function* (ctx: WorkflowContext): any {
  const before = ctx.getCurrentUtcDateTime().getTime();
  yield ctx.createTimer(1);
  return (ctx.getCurrentUtcDateTime().getTime() - before) / 1000;
};

const race = async function* (ctx: WorkflowContext, seconds: number): any {
  const event = ctx.waitForExternalEvent('go');
  const timer = ctx.createTimer(seconds);
  const winner = yield ctx.whenAny([event, timer]);
  return winner === event ? `event:${event.getResult()}` : 'timer';
};

const waiter = async function* (ctx: WorkflowContext): any {
  return yield ctx.waitForExternalEvent('proceed');
};

const parentOfWaiter = async function* (ctx: WorkflowContext): any {
  return yield ctx.callChildWorkflow(waiter, null, `${ctx.getWorkflowInstanceId()}-child`);
};

const collector = async function* (ctx: WorkflowContext, state: { items: number[] }): any {
  if (state.items.length === 0) yield ctx.createTimer(1);
  const item: number = yield ctx.waitForExternalEvent('item');
  const items = [...state.items, item];
  if (items.length < 3) {
    ctx.continueAsNew({ items }, true);
    return undefined;
  }
  return items;
};

const failing = async function* (ctx: WorkflowContext): any {
  yield ctx.callActivity(explode, 42);
  return 'unreachable';
};

const statusSetter = async function* (ctx: WorkflowContext): any {
  ctx.setCustomStatus('stage-1');
  yield ctx.waitForExternalEvent('next');
  ctx.setCustomStatus('stage-2');
  return 'done';
};

const falsyChild = async function* (_: WorkflowContext, value: unknown): any {
  return value;
};

const falsy = async function* (ctx: WorkflowContext, input: unknown): any {
  const activities = [];
  for (const item of [0, false, '', null]) activities.push(yield ctx.callActivity(echo, item));
  const children = [];
  for (const item of [0, false, '']) children.push(yield ctx.callChildWorkflow(falsyChild, item));
  const event = yield ctx.waitForExternalEvent('falsy');
  return { input, activities, children, event };
};

// The long-running HTTP scenario's workflow: waits for an event, then returns it.
const httpWaiter = async function* (ctx: WorkflowContext): any {
  return yield ctx.waitForExternalEvent('proceed');
};

// ---- helpers ----------------------------------------------------------------------------

let client: DaprWorkflowClient;

const newId = (scenario: string) => `js-${scenario}-${randomUUID().slice(0, 8)}`;

async function start(workflow: any, scenario: string, input?: unknown): Promise<string> {
  return client.scheduleNewWorkflow(workflow, input, newId(scenario));
}

const stateOf = (id: string) => client.getWorkflowState(id, true);
const statusName = (state: WorkflowState | undefined) => (state ? WorkflowRuntimeStatus[state.runtimeStatus] : 'not found');

async function waitUntil(id: string, what: string, ok: (state: WorkflowState | undefined) => boolean): Promise<WorkflowState | undefined> {
  const end = Date.now() + DEADLINE_MS;
  let last: WorkflowState | undefined;
  while (Date.now() < end) {
    last = await stateOf(id);
    if (ok(last)) return last;
    await sleep(100);
  }
  throw new Error(`${id}: ${what} not reached within ${DEADLINE_MS / 1000}s (last: ${statusName(last)})`);
}

const waitStatus = (id: string, status: WorkflowRuntimeStatus) =>
  waitUntil(id, WorkflowRuntimeStatus[status], (s) => s?.runtimeStatus === status) as Promise<WorkflowState>;

const finish = (id: string) => waitUntil(id, 'a terminal state', (s) => s !== undefined && TERMINAL.has(s.runtimeStatus)) as Promise<WorkflowState>;

async function completedOutput(id: string): Promise<unknown> {
  const state = await finish(id);
  if (state.runtimeStatus !== WorkflowRuntimeStatus.COMPLETED) {
    throw new Error(`${id} ended ${statusName(state)} ${state.workflowFailureDetails?.getErrorMessage() ?? ''}`.trim());
  }
  return state.serializedOutput ? JSON.parse(state.serializedOutput) : null;
}

function expect(actual: unknown, expected: unknown, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

async function startParentWithWaitingChild(scenario: string): Promise<[string, string]> {
  const parent = await start(parentOfWaiter, scenario);
  const child = `${parent}-child`;
  await waitStatus(child, WorkflowRuntimeStatus.RUNNING);
  return [parent, child];
}

// ---- scenarios --------------------------------------------------------------------------

const scenarios: Record<string, () => Promise<string>> = {
  'activity-chain': async () => {
    expect(await completedOutput(await start(chain, 'chain', 'a')), 'a123', 'output');
    return 'a -> a1 -> a12 -> a123';
  },
  'fan-out-fan-in': async () => {
    expect(await completedOutput(await start(fanOut, 'fan', 5)), 55, 'sum of squares 1..5');
    return 'five activities in parallel, sum 55';
  },
  'child-workflow': async () => {
    const parent = await start(parentOfChild, 'child', 5);
    expect(await completedOutput(parent), 11, 'output');
    expect(statusName(await stateOf(`${parent}-child`)), 'COMPLETED', 'child status');
    return 'child doubled 5, parent added 1';
  },
  'early-event-any-case': async () => {
    const id = await start(lateWaiter, 'early');
    await client.raiseEvent(id, 'APPROVAL', { ok: true });
    expect(await completedOutput(id), { ok: true }, 'output');
    return "raised 'APPROVAL' before the wait for 'Approval'; delivered";
  },
  'durable-timer': async () => {
    const began = Date.now();
    const slept = (await completedOutput(await start(sleeper, 'timer'))) as number;
    if (slept < 1 || Date.now() - began < 1000) throw new Error(`timer fired early: workflow clock ${slept}s, wall clock ${Date.now() - began} ms`);
    return `workflow clock advanced ${slept}s`;
  },
  'when-any-timer-event': async () => {
    const byEvent = await start(race, 'race-event', 30);
    await waitStatus(byEvent, WorkflowRuntimeStatus.RUNNING);
    await client.raiseEvent(byEvent, 'go', 'now');
    expect(await completedOutput(byEvent), 'event:now', 'event won');
    expect(await completedOutput(await start(race, 'race-timer', 1)), 'timer', 'timer won');
    return 'event beat a 30 s timer; a 1 s timer beat a missing event';
  },
  'suspend-resume-events': async () => {
    const id = await start(waiter, 'suspend');
    await waitStatus(id, WorkflowRuntimeStatus.RUNNING);
    await client.suspendWorkflow(id);
    await waitStatus(id, WorkflowRuntimeStatus.SUSPENDED);
    await client.raiseEvent(id, 'proceed', 'held');
    await sleep(1000);
    expect(statusName(await stateOf(id)), 'SUSPENDED', 'status while suspended with an event');
    await client.resumeWorkflow(id);
    expect(await completedOutput(id), 'held', 'output after resume');
    return 'event held while SUSPENDED, delivered after resume';
  },
  'terminate-recursive': async () => {
    throw new Unsupported(`DaprWorkflowClient.terminateWorkflow of @dapr/dapr ${SDK_VERSION} has no recursive option (it sends recursive=false)`);
  },
  'terminate-non-recursive': async () => {
    const [parent, child] = await startParentWithWaitingChild('term-flat');
    await client.terminateWorkflow(parent, undefined);
    await waitStatus(parent, WorkflowRuntimeStatus.TERMINATED);
    await sleep(1000);
    const status = statusName(await stateOf(child));
    await client.terminateWorkflow(child, undefined);
    expect(status, 'RUNNING', 'child status after terminateWorkflow (which sends recursive=false)');
    return 'parent TERMINATED, child still RUNNING';
  },
  'purge-recursive': async () => {
    throw new Unsupported(`DaprWorkflowClient.purgeWorkflow of @dapr/dapr ${SDK_VERSION} has no recursive option (it sends recursive=false)`);
  },
  'purge-non-recursive': async () => {
    const parent = await start(parentOfChild, 'purge-flat', 1);
    await completedOutput(parent);
    const child = `${parent}-child`;
    await client.purgeWorkflow(parent);
    expect(statusName(await stateOf(parent)), 'not found', 'parent after purge');
    if (!(await stateOf(child))) throw new Error('child was purged by purgeWorkflow (which sends recursive=false)');
    await client.purgeWorkflow(child);
    return 'parent purged, child kept';
  },
  'continue-as-new-events': async () => {
    const id = await start(collector, 'can', { items: [] });
    for (const n of [1, 2, 3]) await client.raiseEvent(id, 'item', n);
    expect(await completedOutput(id), [1, 2, 3], 'items collected over three generations');
    return 'three events raised at once, consumed across three generations';
  },
  'failure-details': async () => {
    const state = await finish(await start(failing, 'fail'));
    expect(statusName(state), 'FAILED', 'status');
    const details = state.workflowFailureDetails;
    if (!details || !details.getErrorMessage().includes('boom 42') || !details.getErrorType()) {
      throw new Error(`failure details lack the error: ${JSON.stringify(details)}`);
    }
    return `FAILED, ${details.getErrorType()}: ${details.getErrorMessage().slice(0, 80)}`;
  },
  'custom-status': async () => {
    const id = await start(statusSetter, 'status');
    const running = await waitUntil(id, 'a custom status', (s) => Boolean(s?.customStatus));
    // The SDK sends a string custom status as it is.
    expect(running!.customStatus, 'stage-1', 'custom status while running');
    await client.raiseEvent(id, 'next');
    await completedOutput(id);
    expect((await stateOf(id))!.customStatus, 'stage-2', 'custom status after completion');
    return 'stage-1 while running, stage-2 after completion';
  },
  'retry-policy': async () => {
    throw new Unsupported(`WorkflowContext.callActivity of @dapr/dapr ${SDK_VERSION} takes no retry policy`);
  },
  versioning: async () => {
    throw new Unsupported(`@dapr/dapr ${SDK_VERSION} has no workflow versioning or patching API (no versioned registration, no isPatched)`);
  },
  'stalled-patch-mismatch': async () => {
    throw new Unsupported(`@dapr/dapr ${SDK_VERSION} has no patching API (no isPatched), so its code cannot disagree with a history about patches`);
  },
  'rerun-from-event': async () => {
    throw new Unsupported(`DaprWorkflowClient of @dapr/dapr ${SDK_VERSION} has no rerun-from-event method`);
  },
  tags: async () => {
    throw new Unsupported(`DaprWorkflowClient.scheduleNewWorkflow of @dapr/dapr ${SDK_VERSION} takes no tags`);
  },
  'falsy-values': async () => {
    const id = await start(falsy, 'falsy', 0);
    await waitStatus(id, WorkflowRuntimeStatus.RUNNING);
    await client.raiseEvent(id, 'falsy', false);
    const output = await completedOutput(id);
    const expected = { input: 0, activities: [0, false, '', null], children: [0, false, ''], event: false };
    // @dapr/dapr 3.18 leaves out a falsy activity or child input (its callActivity and
    // callChildWorkflow only set the input when it is truthy), so 0, false and "" arrive as null.
    // The cell records what happens; it passes once the values round-trip.
    const sdkBugShape = { input: 0, activities: [null, null, null, null], children: [null, null, null], event: false };
    if (JSON.stringify(output) === JSON.stringify(sdkBugShape)) {
      throw new Error(`falsy activity and child-workflow inputs arrived as null, got ${JSON.stringify(output)}: @dapr/dapr ${SDK_VERSION} leaves out a falsy input (an SDK bug); workflow input and event data round-tripped`);
    }
    expect(output, expected, 'output');
    return 'input 0, activities 0/false/""/null, children 0/false/"", event false';
  },
  'http-client-api': async () => {
    const http = new DaprClient({ communicationProtocol: CommunicationProtocolEnum.HTTP });
    const id = newId('http');
    try {
      const started = await http.workflow.start('httpWaiter', { n: 1 }, id);
      expect(started, id, 'instance ID from start');
      const ready = Date.now() + DEADLINE_MS;
      while (String((await http.workflow.get(id)).runtimeStatus).toUpperCase() !== 'RUNNING') {
        if (Date.now() > ready) throw new Error(`${id} not RUNNING through workflow.get`);
        await sleep(100);
      }
      await http.workflow.pause(id);
      expect(String((await http.workflow.get(id)).runtimeStatus).toUpperCase(), 'SUSPENDED', 'status after pause');
      await http.workflow.resume(id);
      expect(String((await http.workflow.get(id)).runtimeStatus).toUpperCase(), 'RUNNING', 'status after resume');
      await http.workflow.raise(id, 'proceed', { ok: 1 });
      await waitStatus(id, WorkflowRuntimeStatus.COMPLETED);
      const second = await http.workflow.start('httpWaiter', null, `${id}-t`);
      await waitStatus(second, WorkflowRuntimeStatus.RUNNING);
      await http.workflow.terminate(second);
      expect(String((await http.workflow.get(second)).runtimeStatus).toUpperCase(), 'TERMINATED', 'status after terminate');
      await http.workflow.purge(id);
      await http.workflow.purge(second);
      expect(statusName(await stateOf(id)), 'not found', 'after purge');
      return 'start, get, pause, resume, raise, terminate and purge over HTTP';
    } finally {
      await http.stop().catch(() => undefined);
    }
  },
};

function emit(line: object): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function main(): Promise<void> {
  const list = JSON.parse(readFileSync(new URL('../scenarios.json', import.meta.url), 'utf8')) as { scenarios: { id: string }[] };
  emit({ runner: 'js', sdk: `@dapr/dapr ${SDK_VERSION}` });
  const runtime = new WorkflowRuntime();
  for (const [name, wf] of Object.entries({
    chain, fanOut, childDouble, parentOfChild, lateWaiter, sleeper, race, waiter, parentOfWaiter, collector, failing, statusSetter, falsyChild, falsy, httpWaiter,
  })) {
    runtime.registerWorkflowWithName(name, wf);
  }
  for (const [name, fn] of Object.entries({ append, square, double, echo, explode })) runtime.registerActivityWithName(name, fn);
  await runtime.start();
  client = new DaprWorkflowClient();
  const only = process.env.COMPAT_ONLY?.split(',');
  // Scenarios are independent (each uses its own instance IDs): they run at once, and each line
  // is printed as its scenario ends.
  await Promise.all(
    list.scenarios
      .filter((s) => !only || only.includes(s.id))
      .map(async ({ id }) => {
        const run = scenarios[id];
        try {
          if (!run) throw new Error('this runner has no implementation of the scenario');
          emit({ scenario: id, status: 'pass', detail: await run() });
        } catch (error) {
          if (error instanceof Unsupported) emit({ scenario: id, status: 'unsupported', detail: error.message });
          else emit({ scenario: id, status: 'fail', detail: String((error as Error).message ?? error).slice(0, 500) });
        }
      }),
  );
  await client.stop();
  await runtime.stop();
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
