/**
 * The engine core: implements WorkflowEngine over a Backend. It validates requests, commits
 * every change through the backend before acting on it, and dispatches work to connected
 * workers: a queue of instances with deliverable events, a queue of activity tasks, durable
 * timers, at most one orchestrator turn in flight per instance and a bounded number of items
 * in flight per worker. Dispatch is event-driven (a commit, a completion, a connection or a
 * due timer wakes it); nothing polls.
 */
import { randomUUID } from 'node:crypto';
import type { ActivityTask, Backend, InstanceRecord, InstanceUpdate } from '../backend.js';
import { retentionFor, type RetentionPolicy } from '../config/retention-policy.js';
import { EngineClosedError, FailedPreconditionError, InstanceNotFoundError, InvalidArgumentError, isTerminalStatus, type ActivityResult, type ChangesPage, type HistoryEvent, type InstanceQuery, type InstanceState, type OrchestratorResult, type Page, type PurgeFilter, type RerunRequest, type StartRequest, type WorkerOptions } from '../../model/index.js';
import type { WorkerConnection, WorkerSink, WorkflowEngine } from '../engine.js';
import { activityResultEvent } from '../state/activity-result.js';
import { applyOrchestratorTurn } from '../state/apply-turn.js';
import { toInstanceState } from '../state/instance-view.js';
import { deliverableWhile, resumeInstance, suspendInstance, terminateInstance } from '../state/lifecycle.js';
import { buildNewInstance } from '../state/new-instance.js';
import { buildRerun } from '../state/rerun.js';
import { versionInfoOf, type HistoryVersionInfo } from '../state/stall.js';
import { isActivityNotRegistered, isWorkflowNotRegistered } from '../state/not-registered.js';
import { canPurge, canResume, canSuspend, hasStarted } from '../state/status.js';
import { validateInstanceId, validatePayload, validateTags, validateWorkflowName } from '../state/validation.js';
import { FifoQueue } from './fifo-queue.js';
import { TimerQueue } from './timer-queue.js';
import { WaiterRegistry } from './waiters.js';
import { WorkerPool, type ConnectedWorker } from './worker-pool.js';

/** How the engine reports what it does. */
export type EngineLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

/** Options of the engine core. */
export interface EngineCoreOptions {
  readonly backend: Backend;
  readonly log?: EngineLog;
  /** The most work items one worker has in flight (the SDK runs 10 and queues 100). Default 50. */
  readonly maxInFlightPerWorker?: number;
  /** The clock (tests may pass their own). */
  readonly now?: () => number;
  /** Makes unique IDs (instance and execution IDs). */
  readonly newId?: () => string;
  /** Dapr's state retention policy: finished instances are purged that long after they finish. */
  readonly retention?: RetentionPolicy;
}

/** An orchestrator turn a worker holds. */
interface OrchestratorFlight {
  readonly workerId: string;
  readonly name: string;
  readonly executionId: string;
  readonly newEvents: readonly HistoryEvent[];
  readonly inboxSeqs: readonly number[];
  /** What the history the worker was sent records about versions and patches. */
  readonly historyVersion: HistoryVersionInfo;
  readonly lastEvent?: HistoryEvent;
  /** Events arrived for the instance while the turn ran: dispatch again after it. */
  hasMore: boolean;
}

/** An activity call a worker holds. */
interface ActivityFlight {
  readonly workerId: string;
  readonly task: ActivityTask;
}

const DEFAULT_MAX_IN_FLIGHT_PER_WORKER = 50;
/** Instances removed per retention batch; the next batch runs after other work had a turn. */
const RETENTION_BATCH = 500;
/** Pages given back to the file system per slice after a purge (a few ms each). */
const RECLAIM_PAGES_PER_SLICE = 500;
/** The longest delay setTimeout accepts. */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

function activityKey(instanceId: string, taskId: number): string {
  return `${instanceId}\u0000${taskId}`;
}

function notFound(instanceId: string): InstanceNotFoundError {
  return new InstanceNotFoundError(`No workflow instance with the ID "${instanceId}" exists.`);
}

/** The embedded sidecar's engine over a storage backend. */
export class EngineCore implements WorkflowEngine {
  private readonly backend: Backend;
  private readonly log: EngineLog;
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly workers: WorkerPool;
  private readonly waiters = new WaiterRegistry();
  private readonly timers: TimerQueue;
  /** Instances that may have deliverable inbox events, in the order they became ready. */
  private readonly ready = new Set<string>();
  private readonly activityQueue = new FifoQueue<ActivityTask>();
  private readonly orchestratorFlights = new Map<string, OrchestratorFlight>();
  private readonly activityFlights = new Map<string, ActivityFlight>();
  /** Tasks of a newer run whose task ID is still in flight for an older run, by that key. */
  private readonly activitiesBehindFlight = new Map<string, ActivityTask>();
  /** Items no connected worker can take, by workflow / activity name, until a worker connects. */
  private readonly parkedInstances = new Map<string, Set<string>>();
  private readonly parkedActivities = new Map<string, ActivityTask[]>();
  private readonly reportedMissing = new Set<string>();
  /** Instances changed by writes not yet committed; their waiters are told after the commit. */
  private readonly changed = new Set<string>();
  private readonly retention: RetentionPolicy | undefined;
  private retentionTimer: NodeJS.Timeout | undefined;
  private retentionDueAt = Infinity;
  private reclaimTimer: NodeJS.Timeout | undefined;
  private pumping = false;
  private pumpAgain = false;
  private pumpScheduled = false;
  private closed = false;

  constructor(options: EngineCoreOptions) {
    this.backend = options.backend;
    this.log = options.log ?? (() => {});
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? randomUUID;
    this.workers = new WorkerPool(options.maxInFlightPerWorker ?? DEFAULT_MAX_IN_FLIGHT_PER_WORKER);
    this.retention = options.retention;
    this.timers = new TimerQueue((instanceIds) => {
      for (const instanceId of instanceIds) this.markReady(instanceId);
      this.pump();
    }, this.now);

    const pending = this.backend.loadPendingWork(this.now());
    for (const instanceId of pending.readyInstanceIds) this.ready.add(instanceId);
    for (const timer of pending.timers) this.timers.add(timer.visibleAt, timer.instanceId);
    for (const task of pending.activities) this.activityQueue.push(task);
    const nextPurge = this.backend.nextPurgeAt();
    if (nextPurge !== undefined) this.scheduleRetention(nextPurge);
    // Space a purge freed before the last stop and not yet given back.
    this.reclaimSpaceSoon();
    if (pending.readyInstanceIds.length + pending.timers.length + pending.activities.length > 0) {
      this.log(
        'info',
        `Resuming stored work: ${pending.readyInstanceIds.length} instance(s) ready, ` +
          `${pending.activities.length} activity call(s), ${pending.timers.length} timer(s).`,
      );
    }
  }

  // ---- client calls -------------------------------------------------------------------

  startInstance(request: StartRequest): string {
    this.assertOpen();
    validateWorkflowName(request.name);
    const instanceId = request.instanceId || this.newId();
    validateInstanceId(instanceId);
    validatePayload('workflow input', request.input);
    if (request.scheduledStartAt !== undefined && !Number.isFinite(request.scheduledStartAt)) {
      throw new InvalidArgumentError('The scheduled start time is not a valid time.');
    }
    validateTags(request.tags);
    if (request.version !== undefined) validatePayload('workflow version', request.version);
    const start = buildNewInstance({
      instanceId,
      name: request.name,
      executionId: request.executionId || this.newId(),
      now: this.now(),
      ...(request.input !== undefined && { input: request.input }),
      ...(request.scheduledStartAt !== undefined && { scheduledStartAt: request.scheduledStartAt }),
      ...(request.version !== undefined && { version: request.version }),
      ...(request.tags !== undefined && { tags: request.tags }),
      ...(request.trace !== undefined && { trace: request.trace }),
    });
    this.backend.createInstance(start.record, start.startEvent);
    this.wakeFor(instanceId, start.startEvent.visibleAt);
    this.pump();
    return instanceId;
  }

  getInstance(instanceId: string, includePayloads: boolean): InstanceState | undefined {
    this.assertOpen();
    const record = this.backend.getInstance(instanceId);
    return record && toInstanceState(record, includePayloads);
  }

  waitForStart(instanceId: string, signal: AbortSignal, includePayloads: boolean): Promise<InstanceState | undefined> {
    return this.waitFor(instanceId, signal, includePayloads, (record) => hasStarted(record.status));
  }

  waitForCompletion(instanceId: string, signal: AbortSignal, includePayloads: boolean): Promise<InstanceState | undefined> {
    return this.waitFor(instanceId, signal, includePayloads, (record) => isTerminalStatus(record.status));
  }

  raiseEvent(instanceId: string, eventName: string, input?: string): void {
    this.assertOpen();
    if (!eventName) throw new InvalidArgumentError('An event name is required to raise an event.');
    validatePayload(`data of event "${eventName}"`, input);
    const event: HistoryEvent = {
      eventId: -1,
      timestamp: this.now(),
      kind: 'EventRaised',
      name: eventName,
      ...(input !== undefined && { input }),
    };
    if (this.backend.appendInbox(instanceId, { event })) {
      this.markReady(instanceId);
      this.pump();
      return;
    }
    // As daprd: an event to a finished instance is accepted and dropped, to a missing one refused.
    if (!this.backend.getInstance(instanceId)) throw notFound(instanceId);
  }

  terminate(instanceId: string, options: { output?: string; recursive?: boolean } = {}): void {
    this.assertOpen();
    validatePayload('terminate output', options.output);
    const record = this.backend.getInstance(instanceId);
    if (!record) throw notFound(instanceId);
    if (isTerminalStatus(record.status)) return;
    this.terminateTree(record, options.output, options.recursive ?? true);
    this.pump();
  }

  suspend(instanceId: string, reason?: string): void {
    this.assertOpen();
    const record = this.backend.getInstance(instanceId);
    if (!record) throw notFound(instanceId);
    if (!canSuspend(record.status)) {
      throw new FailedPreconditionError(
        `The instance "${instanceId}" is ${record.status}; only RUNNING or PENDING instances can be suspended.`,
      );
    }
    const outcome = suspendInstance(record, reason, this.now());
    if (this.backend.appendInbox(instanceId, outcome.inbox, outcome.update)) {
      this.instanceChanged(instanceId);
      // The suspension goes into history on a turn of its own, as in Dapr.
      this.markReady(instanceId);
    }
    this.pump();
  }

  resume(instanceId: string, reason?: string): void {
    this.assertOpen();
    const record = this.backend.getInstance(instanceId);
    if (!record) throw notFound(instanceId);
    if (!canResume(record.status)) {
      throw new FailedPreconditionError(`The instance "${instanceId}" is ${record.status}; only SUSPENDED instances can be resumed.`);
    }
    const outcome = resumeInstance(record, reason, this.now());
    if (this.backend.appendInbox(instanceId, outcome.inbox, outcome.update)) {
      this.instanceChanged(instanceId);
      this.markReady(instanceId);
      this.pump();
    }
  }

  queryInstances(query: InstanceQuery): Page<InstanceState> {
    this.assertOpen();
    const page = this.backend.queryInstances(query);
    const includePayloads = query.includePayloads ?? false;
    return {
      items: page.items.map((record) => toInstanceState(record, includePayloads)),
      ...(page.continuationToken !== undefined && { continuationToken: page.continuationToken }),
    };
  }

  purgeInstance(instanceId: string, options: { recursive?: boolean } = {}): number {
    this.assertOpen();
    const record = this.backend.getInstance(instanceId);
    if (!record) throw notFound(instanceId);
    if (!canPurge(record.status)) {
      throw new FailedPreconditionError(
        `The instance "${instanceId}" is ${record.status}; only finished instances (COMPLETED, FAILED, TERMINATED) can be purged.`,
      );
    }
    const count = this.backend.purgeInstance(instanceId, options.recursive ?? true);
    this.reclaimSpaceSoon();
    this.pump();
    this.waiters.check(instanceId, undefined);
    return count;
  }

  purgeInstances(filter: PurgeFilter, options: { recursive?: boolean } = {}): number {
    this.assertOpen();
    const count = this.backend.purgeInstances(filter, options.recursive ?? false);
    if (count > 0) this.reclaimSpaceSoon();
    this.pump();
    return count;
  }

  readChanges(cursor: string | undefined, limit: number, includePayloads: boolean): ChangesPage<InstanceState> {
    this.assertOpen();
    const page = this.backend.readChanges(cursor, limit);
    return { ...page, changed: page.changed.map((record) => toInstanceState(record, includePayloads)) };
  }

  rerunFromEvent(request: RerunRequest): string {
    this.assertOpen();
    const source = this.backend.getInstance(request.sourceInstanceId);
    if (!source) throw notFound(request.sourceInstanceId);
    const newInstanceId = request.newInstanceId || this.newId();
    validateInstanceId(newInstanceId);
    if (request.overwriteInput) validatePayload('rerun input', request.input);
    const now = this.now();
    const rerun = buildRerun({
      source,
      history: this.backend.getHistory(source.instanceId),
      request,
      newInstanceId,
      executionId: this.newId(),
      newIdTaken: this.backend.getRunStatus(newInstanceId) !== undefined,
      now,
    });
    // Created with its first event queued, then that event consumed by a commit that writes the
    // copied history: both in one write group, durable together.
    this.backend.beginGroup();
    const first = rerun.history[0]!;
    this.backend.createInstance(rerun.record, { event: first });
    const queued = this.backend.getDeliverableInbox(newInstanceId, now);
    this.backend.commitTurn({
      instanceId: newInstanceId,
      executionId: rerun.record.executionId,
      consumedInboxSeqs: queued.map((entry) => entry.seq),
      resetHistory: false,
      historyAppend: rerun.history,
      update: {
        status: 'RUNNING',
        executionId: rerun.record.executionId,
        lastUpdatedAt: now,
        ...(rerun.record.input !== undefined && { input: rerun.record.input }),
      },
      activities: rerun.activities,
      selfInbox: rerun.timers,
      carryUndeliveredEvents: false,
      dropPendingWork: false,
      childStarts: [],
      messages: [],
    });
    for (const task of rerun.activities) this.activityQueue.push(task);
    for (const timer of rerun.timers) this.wakeFor(newInstanceId, timer.visibleAt);
    this.pump();
    return newInstanceId;
  }

  listInstanceIds(pageSize?: number, continuationToken?: string): Page<string> {
    this.assertOpen();
    return this.backend.listInstanceIds(pageSize ?? 0, continuationToken);
  }

  getHistory(instanceId: string): readonly HistoryEvent[] {
    this.assertOpen();
    if (!this.backend.getInstance(instanceId)) throw notFound(instanceId);
    return this.backend.getHistory(instanceId);
  }

  // ---- workers --------------------------------------------------------------------------

  connectWorker(sink: WorkerSink, options: WorkerOptions = { historyStreaming: false }): WorkerConnection {
    this.assertOpen();
    const worker = this.workers.add(sink);
    this.log(
      'debug',
      `Worker ${worker.workerId} connected (${this.workers.size} connected)` +
        (options.historyStreaming ? '; it can stream history, but is sent full histories, which every worker accepts.' : '.'),
    );
    this.unparkAll();
    this.pump();
    return { workerId: worker.workerId, close: () => this.disconnectWorker(worker.workerId) };
  }

  connectedWorkerCount(): number {
    return this.workers.size;
  }

  completeOrchestratorTask(result: OrchestratorResult): void {
    this.assertOpen();
    const instanceId = result.instanceId;
    const flight = this.orchestratorFlights.get(instanceId);
    if (!flight) {
      throw new InstanceNotFoundError(`No orchestrator work item for the instance "${instanceId}" is in flight.`);
    }
    this.orchestratorFlights.delete(instanceId);
    const worker = this.workers.get(flight.workerId);
    worker?.orchestrators.delete(instanceId);
    this.backend.beginGroup();
    try {
      if (isWorkflowNotRegistered(result)) {
        worker?.lacksWorkflows.add(flight.name);
        this.ready.add(instanceId);
        return;
      }
      this.applyTurn(instanceId, flight, result);
    } finally {
      this.schedulePump();
    }
  }

  completeActivityTask(result: ActivityResult): void {
    this.assertOpen();
    const key = activityKey(result.instanceId, result.taskId);
    const flight = this.activityFlights.get(key);
    if (!flight) {
      throw new InstanceNotFoundError(
        `No activity work item with task ID ${result.taskId} of the instance "${result.instanceId}" is in flight.`,
      );
    }
    this.endActivityFlight(key);
    const worker = this.workers.get(flight.workerId);
    worker?.activities.delete(key);
    this.backend.beginGroup();
    try {
      if (isActivityNotRegistered(result)) {
        worker?.lacksActivities.add(flight.task.name);
        this.activityQueue.unshift(flight.task);
        return;
      }
      const task = flight.task;
      const event = activityResultEvent(task, result, this.now());
      if (this.backend.completeActivity(task.instanceId, task.executionId, task.taskId, event)) {
        this.markReady(task.instanceId);
      }
    } finally {
      this.schedulePump();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.timers.close();
    clearTimeout(this.retentionTimer);
    this.retentionTimer = undefined;
    clearTimeout(this.reclaimTimer);
    this.reclaimTimer = undefined;
    this.waiters.rejectAll(new EngineClosedError('The workflow engine is shutting down.'));
    this.backend.close();
  }

  // ---- internals ------------------------------------------------------------------------

  private assertOpen(): void {
    if (this.closed) throw new EngineClosedError('The workflow engine is shutting down.');
  }

  private async waitFor(
    instanceId: string,
    signal: AbortSignal,
    includePayloads: boolean,
    isMet: (record: InstanceRecord) => boolean,
  ): Promise<InstanceState | undefined> {
    this.assertOpen();
    const record = this.backend.getInstance(instanceId);
    if (!record) return undefined;
    if (isMet(record)) return toInstanceState(record, includePayloads);
    const reached = await this.waiters.wait(instanceId, signal, isMet);
    return reached && toInstanceState(reached, includePayloads);
  }

  /** The update with its retention time when it ends the instance and the policy keeps it for a while only. */
  private withRetention(update: InstanceUpdate): InstanceUpdate {
    const keepMs = retentionFor(this.retention, update.status);
    if (keepMs === undefined) return update;
    const purgeAt = (update.completedAt ?? update.lastUpdatedAt) + keepMs;
    this.scheduleRetention(purgeAt);
    return { ...update, purgeAt };
  }

  /** Arms the retention timer for `at` unless it is armed for an earlier time. */
  private scheduleRetention(at: number): void {
    if (this.closed || at >= this.retentionDueAt) return;
    clearTimeout(this.retentionTimer);
    this.retentionDueAt = at;
    const delay = Math.min(Math.max(0, at - this.now()), MAX_TIMER_DELAY_MS);
    this.retentionTimer = setTimeout(() => this.purgeExpired(), delay);
    this.retentionTimer.unref?.();
  }

  /** Purges one batch of instances whose retention time has come, then re-arms for the next. */
  private purgeExpired(): void {
    this.retentionTimer = undefined;
    this.retentionDueAt = Infinity;
    if (this.closed) return;
    let removed = 0;
    try {
      removed = this.backend.purgeExpired(this.now(), RETENTION_BATCH);
    } catch (error) {
      this.log('warn', `Purging instances past their retention time failed: ${(error as Error).message}`);
      this.scheduleRetention(this.now() + 60_000);
      return;
    }
    if (removed > 0) {
      this.log('debug', `Retention policy: purged ${removed} finished instance(s).`);
      this.reclaimSpaceSoon();
    }
    const next = removed >= RETENTION_BATCH ? this.now() : this.backend.nextPurgeAt();
    if (next !== undefined) this.scheduleRetention(Math.max(next, this.now()));
  }

  /** Gives the space purges freed back to the file system, a slice at a time between other work. */
  private reclaimSpaceSoon(): void {
    if (this.reclaimTimer !== undefined || this.closed) return;
    this.reclaimTimer = setTimeout(() => {
      this.reclaimTimer = undefined;
      if (this.closed) return;
      let hasMore: boolean;
      try {
        hasMore = this.backend.reclaimSpace(RECLAIM_PAGES_PER_SLICE);
      } catch (error) {
        this.log('warn', `Giving purged space back to the file system failed: ${(error as Error).message}`);
        return;
      }
      if (hasMore) this.reclaimSpaceSoon();
    }, 1);
    this.reclaimTimer.unref?.();
  }

  /** Notes a change of the instance; its waiters are told once the change is committed. */
  private instanceChanged(instanceId: string): void {
    if (this.waiters.has(instanceId)) this.changed.add(instanceId);
  }

  /** Commits the open write group, then tells the waiters of the instances it changed. */
  private commit(): void {
    this.backend.commitGroup();
    if (this.changed.size === 0) return;
    const changed = [...this.changed];
    this.changed.clear();
    for (const instanceId of changed) this.waiters.check(instanceId, this.backend.getInstance(instanceId));
  }

  /**
   * Pumps once the current burst of I/O callbacks is handled: worker answers that arrive
   * together are committed in one transaction before anything depending on them is sent.
   */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /** The instance may have deliverable events: queue it (or note it for after its current turn). */
  private markReady(instanceId: string): void {
    const flight = this.orchestratorFlights.get(instanceId);
    if (flight) flight.hasMore = true;
    else this.ready.add(instanceId);
  }

  /** Queues the instance now, or at `visibleAt` when that is later. */
  private wakeFor(instanceId: string, visibleAt: number | undefined): void {
    if (visibleAt !== undefined && visibleAt > this.now()) this.timers.add(visibleAt, instanceId);
    else this.markReady(instanceId);
  }

  private terminateTree(record: InstanceRecord, output: string | undefined, recursive: boolean): void {
    const outcome = terminateInstance(record, output, recursive, this.now());
    const result = this.backend.finishInstance(
      record.instanceId,
      outcome.historyAppend,
      this.withRetention(outcome.update),
      outcome.messages,
    );
    if (!result) return;
    this.ready.delete(record.instanceId);
    this.instanceChanged(record.instanceId);
    if (recursive) {
      for (const childId of this.backend.getActiveChildIds(record.instanceId)) {
        const child = this.backend.getInstance(childId);
        if (child && !isTerminalStatus(child.status)) this.terminateTree(child, output, true);
      }
    }
    for (const notified of result.notifiedInstanceIds) this.markReady(notified);
  }

  private applyTurn(instanceId: string, flight: OrchestratorFlight, result: OrchestratorResult): void {
    const record = this.backend.getInstance(instanceId);
    // A turn of an instance terminated, purged or restarted meanwhile is dropped.
    if (!record || isTerminalStatus(record.status) || record.executionId !== flight.executionId) {
      if (flight.hasMore) this.ready.add(instanceId);
      return;
    }
    const now = this.now();
    const outcome = applyOrchestratorTurn({
      instance: record,
      delivered: flight.newEvents,
      deliveredInboxSeqs: flight.inboxSeqs,
      result,
      now,
      newId: this.newId,
      isActiveInstance: (id) => {
        const other = this.backend.getRunStatus(id);
        return other !== undefined && !isTerminalStatus(other.status);
      },
      historyVersion: flight.historyVersion,
      ...(flight.lastEvent !== undefined && { lastEvent: flight.lastEvent }),
    });
    const commit = isTerminalStatus(outcome.commit.update.status)
      ? { ...outcome.commit, update: this.withRetention(outcome.commit.update) }
      : outcome.commit;
    const committed = this.backend.commitTurn(commit);
    if (!committed) return;

    // Written (durable when the write group commits, which pump does before any dispatch): queue what follows from it.
    for (const task of commit.activities) this.activityQueue.push(task);
    let selfReady = flight.hasMore;
    for (const entry of commit.selfInbox) {
      if (entry.visibleAt !== undefined && entry.visibleAt > now) this.timers.add(entry.visibleAt, instanceId);
      else selfReady = true;
    }
    if (outcome.status === 'STALLED') {
      // As daprd holds a stalled workflow: it waits for a worker that can run it (a new connection).
      if (record.status !== 'STALLED') this.log('warn', `Instance ${instanceId} is STALLED: it waits for a worker whose code matches its history.`);
      this.parkInstance(record.name, instanceId);
    } else if (selfReady && !isTerminalStatus(outcome.status)) this.ready.add(instanceId);
    for (const child of commit.childStarts) this.wakeFor(child.record.instanceId, child.startEvent.visibleAt);
    for (const notified of committed.notifiedInstanceIds) {
      if (!commit.childStarts.some((child) => child.record.instanceId === notified)) this.markReady(notified);
    }
    if (record.status !== outcome.status || isTerminalStatus(outcome.status)) this.instanceChanged(instanceId);
  }

  private disconnectWorker(workerId: string): void {
    const worker = this.workers.remove(workerId);
    if (!worker) return;
    for (const instanceId of worker.orchestrators) {
      const flight = this.orchestratorFlights.get(instanceId);
      if (flight?.workerId === workerId) {
        this.orchestratorFlights.delete(instanceId);
        this.ready.add(instanceId);
      }
    }
    const returned: ActivityTask[] = [];
    for (const key of worker.activities) {
      const flight = this.activityFlights.get(key);
      if (flight?.workerId === workerId) {
        this.endActivityFlight(key);
        returned.push(flight.task);
      }
    }
    for (const task of returned.reverse()) this.activityQueue.unshift(task);
    this.log(
      'debug',
      `Worker ${workerId} disconnected; ${worker.orchestrators.size + returned.length} in-flight item(s) requeued.`,
    );
    if (!this.closed) this.pump();
  }

  /** Forgets an activity flight; a newer run's task waiting on its key is queued. */
  private endActivityFlight(key: string): void {
    this.activityFlights.delete(key);
    const waiting = this.activitiesBehindFlight.get(key);
    if (waiting) {
      this.activitiesBehindFlight.delete(key);
      this.activityQueue.push(waiting);
    }
  }

  private unparkAll(): void {
    for (const ids of this.parkedInstances.values()) for (const id of ids) this.ready.add(id);
    this.parkedInstances.clear();
    for (const tasks of this.parkedActivities.values()) for (const task of tasks) this.activityQueue.push(task);
    this.parkedActivities.clear();
  }

  private reportMissing(kind: 'workflow' | 'activity', name: string, instanceId: string): void {
    const key = `${kind}\u0000${name}`;
    if (this.reportedMissing.has(key)) return;
    this.reportedMissing.add(key);
    this.log(
      'warn',
      kind === 'workflow'
        ? `No connected worker has the workflow "${name}"; instance ${instanceId} waits until one connects.`
        : `No connected worker has the activity "${name}"; calls from instance ${instanceId} wait until one connects.`,
    );
  }

  /** Commits pending writes, then sends queued work to workers with room until one side runs out. */
  private pump(): void {
    if (this.closed) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      this.commit();
      // The dispatch loop only reads; one transaction around it saves a lock round per read.
      this.backend.beginGroup();
      do {
        this.pumpAgain = false;
        let progress = true;
        while (progress && this.workers.hasRoom()) {
          progress = this.dispatchOrchestrator();
          if (this.workers.hasRoom() && this.dispatchActivity()) progress = true;
        }
      } while (this.pumpAgain && !this.closed);
      this.backend.commitGroup();
    } catch (error) {
      this.log('error', `The dispatcher stopped on an error: ${(error as Error).message}`);
    } finally {
      this.pumping = false;
    }
  }

  /** Sends one orchestrator turn; false when none can be sent now. */
  private dispatchOrchestrator(): boolean {
    for (const instanceId of this.ready) {
      if (this.orchestratorFlights.has(instanceId)) {
        // Its running turn will requeue it.
        this.ready.delete(instanceId);
        this.orchestratorFlights.get(instanceId)!.hasMore = true;
        continue;
      }
      const record = this.backend.getRunStatus(instanceId);
      if (!record || isTerminalStatus(record.status)) {
        this.ready.delete(instanceId);
        continue;
      }
      const choice = this.workers.pick((worker) => !worker.lacksWorkflows.has(record.name));
      if (choice === 'busy') return false;
      if (choice === 'none-accepts') {
        this.ready.delete(instanceId);
        this.parkInstance(record.name, instanceId);
        this.reportMissing('workflow', record.name, instanceId);
        continue;
      }
      const now = this.now();
      const inbox = deliverableWhile(record.status, this.backend.getDeliverableInbox(instanceId, now));
      const pastEvents = inbox.length > 0 ? this.backend.getHistory(instanceId) : [];
      // Nothing to deliver, or the run has not started yet (its start is scheduled later).
      if (inbox.length === 0 || (pastEvents.length === 0 && inbox[0]!.event.kind !== 'ExecutionStarted')) {
        this.ready.delete(instanceId);
        continue;
      }
      this.ready.delete(instanceId);
      const newEvents: HistoryEvent[] = [
        { eventId: -1, timestamp: now, kind: 'OrchestratorStarted' },
        ...inbox.map((entry) => entry.event),
      ];
      const flight: OrchestratorFlight = {
        workerId: choice.workerId,
        name: record.name,
        executionId: record.executionId,
        newEvents,
        inboxSeqs: inbox.map((entry) => entry.seq),
        historyVersion: versionInfoOf(pastEvents),
        ...(pastEvents.length > 0 && { lastEvent: pastEvents[pastEvents.length - 1]! }),
        hasMore: false,
      };
      this.orchestratorFlights.set(instanceId, flight);
      choice.orchestrators.add(instanceId);
      const sent = this.send(choice, {
        kind: 'orchestrator',
        instanceId,
        executionId: record.executionId,
        pastEvents,
        newEvents,
      });
      if (!sent) this.disconnectWorker(choice.workerId);
      return true;
    }
    return false;
  }

  /** Sends one activity call; false when none can be sent now. */
  private dispatchActivity(): boolean {
    for (;;) {
      const task = this.activityQueue.shift();
      if (!task) return false;
      const key = activityKey(task.instanceId, task.taskId);
      const running = this.activityFlights.get(key);
      if (running) {
        // The same call twice is dropped; a newer run's call with the same task ID waits for the old one.
        if (running.task.executionId !== task.executionId) this.activitiesBehindFlight.set(key, task);
        continue;
      }
      if (!this.backend.hasActivityTask(task.instanceId, task.executionId, task.taskId)) continue; // its run ended
      const choice = this.workers.pick((worker) => !worker.lacksActivities.has(task.name));
      if (choice === 'busy') {
        this.activityQueue.unshift(task);
        return false;
      }
      if (choice === 'none-accepts') {
        this.parkActivity(task);
        this.reportMissing('activity', task.name, task.instanceId);
        continue;
      }
      this.activityFlights.set(key, { workerId: choice.workerId, task });
      choice.activities.add(key);
      const sent = this.send(choice, {
        kind: 'activity',
        instanceId: task.instanceId,
        executionId: task.executionId,
        taskId: task.taskId,
        name: task.name,
        ...(task.input !== undefined && { input: task.input }),
        ...(task.version !== undefined && { version: task.version }),
        ...(task.taskExecutionId !== undefined && { taskExecutionId: task.taskExecutionId }),
      });
      if (!sent) this.disconnectWorker(choice.workerId);
      return true;
    }
  }

  /** Sends an item; a worker whose stream refuses it is treated as gone (its items are requeued). */
  private send(worker: ConnectedWorker, item: Parameters<WorkerSink['send']>[0]): boolean {
    let sent: boolean;
    try {
      sent = worker.sink.send(item);
    } catch (error) {
      this.log('warn', `Sending a work item to worker ${worker.workerId} failed: ${(error as Error).message}`);
      sent = false;
    }
    return sent;
  }

  private parkInstance(name: string, instanceId: string): void {
    const ids = this.parkedInstances.get(name);
    if (ids) ids.add(instanceId);
    else this.parkedInstances.set(name, new Set([instanceId]));
  }

  private parkActivity(task: ActivityTask): void {
    const tasks = this.parkedActivities.get(task.name);
    if (tasks) tasks.push(task);
    else this.parkedActivities.set(task.name, [task]);
  }
}
