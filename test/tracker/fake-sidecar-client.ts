/**
 * An in-memory SidecarClient for the tracker and UI tests, with controllable answers: it can
 * be made unreachable, can refuse ListInstanceIDs and history like an older daprd, can hold
 * calls until released, and records every call with the highest number of concurrent gets.
 * It stands in for the sidecar only; the engine's own tests drive the real one.
 */
import {
  ConflictError,
  InstanceNotFoundError,
  SidecarUnreachableError,
  UnsupportedBySidecarError,
  WaitTimeoutError,
} from '../../src/client/errors.js';
import type { HistoryEvent, RerunRequest, SidecarClient, StartOptions, WorkflowInstance } from '../../src/client/types.js';
import { isTerminalStatus, type RuntimeStatus } from '../../src/model/index.js';

/** One call the fake received. */
export interface FakeCall {
  readonly method: string;
  readonly args: readonly unknown[];
}

/** A stored instance of the fake (payloads included). */
export type FakeInstance = { -readonly [K in keyof WorkflowInstance]: WorkflowInstance[K] };

/** The fake client; its fields are the test's controls. */
export class FakeSidecarClient implements SidecarClient {
  readonly address = '127.0.0.1:50001';
  readonly instances = new Map<string, FakeInstance>();
  readonly histories = new Map<string, HistoryEvent[]>();
  readonly calls: FakeCall[] = [];
  /** Every call throws SidecarUnreachableError while true. */
  isUnreachable = false;
  /** ListInstanceIDs throws UnsupportedBySidecarError while false. */
  canList = true;
  /** History throws UnsupportedBySidecarError while false. */
  hasHistory = true;
  /** While set, get and list calls wait for this promise first. */
  hold: Promise<void> | undefined;
  /** get calls in flight now, and the most seen at once. */
  getsInFlight = 0;
  maxGetsInFlight = 0;
  /** listInstanceIds calls in flight now, and the most seen at once. */
  listsInFlight = 0;
  maxListsInFlight = 0;
  private clock: () => number;
  private counter = 0;

  constructor(clock: () => number = Date.now) {
    this.clock = clock;
  }

  /** Adds an instance directly (as if another app started it). */
  add(instance: Partial<FakeInstance> & { instanceId: string }): FakeInstance {
    const now = this.clock();
    const stored: FakeInstance = {
      name: 'order',
      status: 'RUNNING',
      createdAt: now,
      lastUpdatedAt: now,
      ...instance,
    };
    this.instances.set(stored.instanceId, stored);
    return stored;
  }

  /** Changes an instance's status (and its last-updated time). */
  setStatus(instanceId: string, status: RuntimeStatus, extra: Partial<FakeInstance> = {}): void {
    const instance = this.instances.get(instanceId);
    if (!instance) throw new Error(`no fake instance ${instanceId}`);
    Object.assign(instance, { status, lastUpdatedAt: Math.max(this.clock(), instance.lastUpdatedAt + 1) }, extra);
  }

  /** How many calls of `method` were made (optionally for one instance ID). */
  count(method: string, instanceId?: string): number {
    return this.calls.filter((call) => call.method === method && (instanceId === undefined || call.args[0] === instanceId)).length;
  }

  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
    if (this.isUnreachable) throw new SidecarUnreachableError('Nothing answers at 127.0.0.1:50001.');
  }

  private find(instanceId: string): FakeInstance {
    const instance = this.instances.get(instanceId);
    if (!instance) throw new InstanceNotFoundError(`No instance ${instanceId}.`);
    return instance;
  }

  async start(workflowName: string, options: StartOptions = {}): Promise<string> {
    this.record('start', workflowName, options);
    const instanceId = options.instanceId ?? `fake-${++this.counter}`;
    const existing = this.instances.get(instanceId);
    if (existing && !isTerminalStatus(existing.status)) throw new ConflictError(`An instance ${instanceId} is already running.`);
    this.add({ instanceId, name: workflowName, input: options.input });
    return instanceId;
  }

  async get(instanceId: string, includePayloads: boolean): Promise<WorkflowInstance | undefined> {
    this.getsInFlight += 1;
    this.maxGetsInFlight = Math.max(this.maxGetsInFlight, this.getsInFlight);
    try {
      if (this.hold) await this.hold;
      await Promise.resolve();
      this.record('get', instanceId, includePayloads);
      const instance = this.instances.get(instanceId);
      if (!instance) return undefined;
      if (includePayloads) return { ...instance };
      const { input: _input, output: _output, customStatus: _customStatus, ...rest } = instance;
      return rest;
    } finally {
      this.getsInFlight -= 1;
    }
  }

  async listInstanceIds(): Promise<string[]> {
    this.listsInFlight += 1;
    this.maxListsInFlight = Math.max(this.maxListsInFlight, this.listsInFlight);
    try {
      if (this.hold) await this.hold;
      this.record('listInstanceIds');
      if (!this.canList) throw new UnsupportedBySidecarError('This sidecar cannot list instances.');
      return [...this.instances.keys()];
    } finally {
      this.listsInFlight -= 1;
    }
  }

  async history(instanceId: string): Promise<HistoryEvent[]> {
    this.record('history', instanceId);
    if (!this.hasHistory) throw new UnsupportedBySidecarError('This sidecar does not serve instance history.');
    this.find(instanceId);
    return this.histories.get(instanceId) ?? [];
  }

  async suspend(instanceId: string, reason?: string): Promise<void> {
    this.record('suspend', instanceId, reason);
    const instance = this.find(instanceId);
    if (instance.status !== 'RUNNING') throw new ConflictError(`Instance ${instanceId} is not running.`);
    this.setStatus(instanceId, 'SUSPENDED');
  }

  async resume(instanceId: string, reason?: string): Promise<void> {
    this.record('resume', instanceId, reason);
    const instance = this.find(instanceId);
    if (instance.status !== 'SUSPENDED') throw new ConflictError(`Instance ${instanceId} is not suspended.`);
    this.setStatus(instanceId, 'RUNNING');
  }

  async terminate(instanceId: string, output?: string): Promise<void> {
    this.record('terminate', instanceId, output);
    const instance = this.find(instanceId);
    if (!isTerminalStatus(instance.status)) this.setStatus(instanceId, 'TERMINATED', { output });
  }

  async purge(instanceId: string): Promise<void> {
    this.record('purge', instanceId);
    const instance = this.find(instanceId);
    if (!isTerminalStatus(instance.status)) throw new ConflictError(`Instance ${instanceId} is not finished.`);
    this.instances.delete(instanceId);
  }

  /** Records the call and starts a RUNNING copy of the (finished) source under the new ID. */
  async rerunWorkflowFromEvent(request: RerunRequest): Promise<string> {
    this.record('rerunWorkflowFromEvent', request);
    const source = this.find(request.sourceInstanceId);
    if (!isTerminalStatus(source.status)) throw new ConflictError(`Instance ${request.sourceInstanceId} is not finished.`);
    const newId = request.newInstanceId ?? `${request.sourceInstanceId}-rerun`;
    const now = Date.now();
    this.instances.set(newId, { instanceId: newId, name: source.name, status: 'RUNNING', createdAt: now, lastUpdatedAt: now });
    return newId;
  }

  async raiseEvent(instanceId: string, eventName: string, payload?: string): Promise<void> {
    this.record('raiseEvent', instanceId, eventName, payload);
  }

  async waitForCompletion(instanceId: string, timeoutMs: number, signal?: AbortSignal): Promise<WorkflowInstance> {
    this.record('waitForCompletion', instanceId, timeoutMs);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const instance = this.find(instanceId);
      if (isTerminalStatus(instance.status)) return { ...instance };
      if (signal?.aborted) throw Object.assign(new Error('The wait was stopped.'), { name: 'AbortError' });
      if (Date.now() >= deadline) throw new WaitTimeoutError(`Instance ${instanceId} did not finish within ${timeoutMs} ms.`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async close(): Promise<void> {
    this.record('close');
  }
}

/** A promise with its resolve function, to hold the fake's calls. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Polls `condition` every few ms until it holds; fails after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
