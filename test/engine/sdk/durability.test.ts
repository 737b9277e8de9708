/**
 * Durability through a real crash: the sidecar runs in a child process on a data directory
 * and is SIGKILLed while an activity, a durable timer, an event wait and a scheduled start
 * are pending. Restarted on the same directory, every instance continues and completes with
 * the right output (the interrupted activity is delivered again: at-least-once).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, it } from 'node:test';
import { DaprWorkflowClient, WorkflowRuntime } from '@dapr/dapr';
import { credentials } from '@grpc/grpc-js';
import type { HistoryEvent } from '../../../src/model/index.js';
import { getInstanceHistoryMethod, historyFromPb } from '../../../src/protocol/index.js';
import { TaskHubSidecarServiceClient } from '../../helpers/sdk-proto.js';
import { deferred, quietSdkLogs, statusName, waitUntil, type TestWorkflow } from '../../helpers/sidecar-harness.js';

const FIXTURE = new URL('../../fixtures/durable-sidecar.ts', import.meta.url).pathname;

interface ChildSidecar {
  readonly port: number;
  readonly pid: number;
  readonly process: ChildProcess;
}

const children: ChildSidecar[] = [];
let dataDir: string;
let releaseConsole: () => void;

/** Starts the fixture with `npx tsx` and waits for its READY line. */
async function startChildSidecar(): Promise<ChildSidecar> {
  const child = spawn('npx', ['tsx', FIXTURE, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<ChildSidecar>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The child sidecar did not start within 30 s.')), 30_000);
    child.once('exit', (code) => reject(new Error(`The child sidecar exited early (code ${code}).`)));
    lines.on('line', (line) => {
      const match = /^READY (\d+) (\d+)$/.exec(line);
      if (!match) return;
      clearTimeout(timer);
      resolve({ port: Number(match[1]), pid: Number(match[2]), process: child });
    });
  });
  children.push(ready);
  return ready;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function kill(child: ChildSidecar, signal: NodeJS.Signals): Promise<void> {
  if (isAlive(child.pid)) process.kill(child.pid, signal);
  await waitUntil(() => !isAlive(child.pid), { timeoutMs: 10_000, what: `process ${child.pid} to exit` });
}

const firstAttempt = { started: deferred(), release: deferred<string>() };
const activityRuns: string[] = [];

const workflows: Record<string, TestWorkflow> = {
  async *withActivity(ctx) {
    const result = yield ctx.callActivity('step', 'input');
    return `activity: ${result}`;
  },
  async *withTimer(ctx, delayMs: number) {
    const fireAt = ctx.getCurrentUtcDateTime().getTime() + delayMs;
    yield ctx.createTimer(new Date(fireAt));
    return { fireAt, wokeAt: ctx.getCurrentUtcDateTime().getTime() };
  },
  async *withEvent(ctx) {
    const before = yield ctx.callActivity('quick');
    const event = yield ctx.waitForExternalEvent('go');
    return { before, event };
  },
  async *scheduled() {
    return 'ran after restart';
  },
};

/** The instance's history, read with GetInstanceHistory from the sidecar on `port`. */
async function historyAt(port: number, instanceId: string): Promise<HistoryEvent[]> {
  const client = new TaskHubSidecarServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
  try {
    const method = getInstanceHistoryMethod;
    return await new Promise((resolve, reject) =>
      client.makeUnaryRequest(method.path, method.requestSerialize, method.responseDeserialize, { instanceId }, (error, response) =>
        error ? reject(error) : resolve(historyFromPb(response!.events)),
      ),
    );
  } finally {
    client.close();
  }
}

function runtimeFor(port: number, step: () => Promise<string> | string): WorkflowRuntime {
  const runtime = new WorkflowRuntime({ daprHost: '127.0.0.1', daprPort: String(port) });
  for (const [name, workflow] of Object.entries(workflows)) runtime.registerWorkflowWithName(name, workflow);
  runtime.registerActivityWithName('step', step);
  runtime.registerActivityWithName('quick', () => 'quick done');
  return runtime;
}

before(() => {
  releaseConsole = quietSdkLogs();
  dataDir = mkdtempSync(join(tmpdir(), 'dapr-workflow-tui-durability-'));
});

after(async () => {
  firstAttempt.release.resolve('released at teardown');
  await Promise.allSettled(children.map((child) => kill(child, 'SIGKILL')));
  rmSync(dataDir, { recursive: true, force: true });
  releaseConsole();
});

it('continues every instance after the sidecar is killed with SIGKILL and restarted', async () => {
  // First life: start work and leave every kind of wait pending.
  const first = await startChildSidecar();
  const runtime1 = runtimeFor(first.port, async () => {
    activityRuns.push('first life');
    firstAttempt.started.resolve();
    return firstAttempt.release.promise;
  });
  await runtime1.start();
  const client1 = new DaprWorkflowClient({ daprHost: '127.0.0.1', daprPort: String(first.port) });

  const activityId = await client1.scheduleNewWorkflow('withActivity', undefined, 'durable-activity');
  const timerId = await client1.scheduleNewWorkflow('withTimer', 1500, 'durable-timer');
  const eventId = await client1.scheduleNewWorkflow('withEvent', undefined, 'durable-event');
  const scheduledAt = new Date(Date.now() + 1500);
  const scheduledId = await client1.scheduleNewWorkflow('scheduled', undefined, 'durable-scheduled', scheduledAt);

  await firstAttempt.started.promise;
  await waitUntil(async () => (await historyAt(first.port, timerId)).some((event) => event.kind === 'TimerCreated'), {
    what: 'the durable timer to be created',
  });
  await waitUntil(async () => (await historyAt(first.port, eventId)).some((event) => event.kind === 'TaskCompleted'), {
    what: 'the event workflow to reach its wait',
  });
  assert.deepEqual(activityRuns, ['first life']);
  assert.equal(statusName(await client1.getWorkflowState(scheduledId, false)), 'PENDING');

  // Crash.
  await kill(first, 'SIGKILL');
  firstAttempt.release.resolve('lost with the first sidecar');
  await Promise.allSettled([runtime1.stop(), client1.stop()]);

  // Second life on the same data directory: a new worker finds all the work again.
  const second = await startChildSidecar();
  const runtime2 = runtimeFor(second.port, () => {
    activityRuns.push('second life');
    return 'delivered again';
  });
  await runtime2.start();
  const client2 = new DaprWorkflowClient({ daprHost: '127.0.0.1', daprPort: String(second.port) });
  try {
    await client2.raiseEvent(eventId, 'go', 'after the crash');

    const activity = await client2.waitForWorkflowCompletion(activityId, true, 20);
    assert.equal(activity?.serializedOutput, '"activity: delivered again"');
    assert.deepEqual(activityRuns, ['first life', 'second life']);

    const timer = await client2.waitForWorkflowCompletion(timerId, true, 20);
    const { fireAt, wokeAt } = JSON.parse(timer!.serializedOutput!) as { fireAt: number; wokeAt: number };
    assert.ok(wokeAt >= fireAt, 'the timer did not fire early across the restart');

    const event = await client2.waitForWorkflowCompletion(eventId, true, 20);
    assert.deepEqual(JSON.parse(event!.serializedOutput!), { before: 'quick done', event: 'after the crash' });

    const scheduled = await client2.waitForWorkflowCompletion(scheduledId, true, 20);
    assert.equal(scheduled?.serializedOutput, '"ran after restart"');
    assert.ok(scheduled!.lastUpdatedAt.getTime() >= scheduledAt.getTime());
  } finally {
    await Promise.allSettled([runtime2.stop(), client2.stop()]);
    await kill(second, 'SIGTERM');
  }
});
