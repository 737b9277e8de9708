/**
 * The instance tracker: a poller outside the UI that keeps the set of instances the console
 * shows fresh. One refresh at a time (requests during a refresh are merged into the next
 * one), payloads for the selected instance (and, when polling, for changed rows on screen),
 * and exponential backoff while the sidecar does not answer. Listeners are told after every
 * change.
 *
 * Where the sidecar has a change feed (the embedded one), a refresh reads only what changed
 * since the last one: its cost does not grow with the store. Elsewhere (daprd) it polls:
 * rows on screen every refresh, other unfinished instances in a bounded sweep, finished ones
 * on rare re-checks, a bounded number of get-state calls in flight, and the list of IDs
 * itself less often once it is long. As daprd's GetInstance without payloads carries neither
 * the custom status nor the failure details, a row on screen whose state changed since its
 * payloads were last read is read once more with payloads, so its CUSTOM STATUS / OUTPUT
 * cell fills in; rows off screen and unchanged rows cost nothing extra.
 */
import {
  InstanceNotFoundError,
  SidecarUnreachableError,
  UnauthorizedError,
  UnsupportedBySidecarError,
} from '../client/errors.js';
import type { SidecarClient, WorkflowInstance } from '../client/types.js';
import { isTerminalStatus, type RuntimeStatus } from '../model/index.js';
import { backoffDelay } from './backoff.js';
import { ChangeFeedFollower } from './change-feed-follower.js';
import { boundedMap } from './bounded-map.js';
import { planRefresh, type PlanEntry } from './refresh-plan.js';
import { TrackedIdStore } from './tracked-id-store.js';
import type {
  ConnectionState,
  InstanceTracker,
  RefreshMode,
  TrackedInstance,
  TrackerOptions,
  TrackerSnapshot,
} from './types.js';

/** Longest raw preview kept per instance (the table shows far less). */
const PREVIEW_CHARS = 200;
/** While a refresh runs, what it found so far is published at most this often. */
const PROGRESS_NOTIFY_MS = 150;
/** Quiet time after `select` before the selected instance's payloads are fetched. */
const SELECT_DEBOUNCE_MS = 60;
/** From this many due instances on, one bulk read (QueryInstances) replaces one get each. */
const BULK_READ_THRESHOLD = 64;
/** Polling: up to this many listed IDs the list is read every refresh; beyond, at most every listEveryMs. */
const LIST_EVERY_REFRESH_UP_TO = 2000;
/**
 * Polling: at most this many rows on screen are read with payloads in one refresh (more than
 * a terminal shows); each such read is up to the sidecar's message limit (4 MiB).
 */
const PAYLOAD_ROWS_PER_REFRESH = 100;

interface Entry extends PlanEntry {
  instance?: TrackedInstance;
  checkedAt: number;
  status?: RuntimeStatus;
  /** The state (see stateKey) the payloads were last read at; undefined when never. */
  payloadsOf?: string;
}

/** What identifies one state of an instance: its status and last update. */
function stateKey(instance: WorkflowInstance): string {
  return `${instance.status}@${instance.lastUpdatedAt}`;
}

interface QueuedRefresh {
  readonly recheck: Set<string>;
  readonly waiters: (() => void)[];
}

/** The short raw preview of an instance fetched with payloads. */
export function previewOf(instance: WorkflowInstance): string | undefined {
  const text = instance.customStatus ?? instance.output ?? instance.failure?.errorMessage;
  if (text === undefined || text === '') return undefined;
  return text.length > PREVIEW_CHARS ? text.slice(0, PREVIEW_CHARS) : text;
}

function withoutPayloads(instance: WorkflowInstance, preview: string | undefined): TrackedInstance {
  const { input: _input, output: _output, customStatus: _customStatus, ...rest } = instance;
  return preview === undefined ? rest : { ...rest, preview };
}

function sameRow(a: TrackedInstance | undefined, b: TrackedInstance): boolean {
  return (
    a !== undefined &&
    a.status === b.status &&
    a.lastUpdatedAt === b.lastUpdatedAt &&
    a.createdAt === b.createdAt &&
    a.name === b.name &&
    a.preview === b.preview &&
    a.failure?.errorMessage === b.failure?.errorMessage
  );
}

function newestFirst(a: TrackedInstance, b: TrackedInstance): number {
  if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
  return a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : 0;
}

/** Errors that say the sidecar as a whole cannot be used right now. */
function isConnectionError(error: unknown): boolean {
  return error instanceof SidecarUnreachableError || error instanceof UnauthorizedError;
}

/** The InstanceTracker implementation behind `createTracker`. */
export class PollingInstanceTracker implements InstanceTracker {
  private readonly client: SidecarClient;
  private readonly refreshMs: number;
  private readonly now: () => number;
  private readonly concurrency: number;
  private readonly finishedRecheckMs: number;
  private readonly finishedRechecksPerRefresh: number;
  private readonly maxBackoffMs: number;
  private readonly unfinishedPerRefresh: number;
  private readonly listEveryMs: number;
  private readonly feed: ChangeFeedFollower;
  private refreshMode: RefreshMode | undefined;
  private sweepMs: number | undefined;
  private listedAt = 0;
  private priority: ReadonlySet<string> = new Set();
  private readonly store: TrackedIdStore;

  private readonly entries = new Map<string, Entry>();
  private readonly started = new Set<string>();
  private readonly watched = new Set<string>();
  private listed: Set<string> | undefined;
  private listsAllInstances: boolean | undefined;
  /** Whether the sidecar serves QueryInstances; undefined until tried. */
  private canQuery: boolean | undefined;
  private selectedId: string | undefined;
  private selected: WorkflowInstance | undefined;
  private connection: ConnectionState = { status: 'connecting', failures: 0 };
  private lastRefreshAt: number | undefined;
  private lastRefreshMs: number | undefined;

  private readonly listeners = new Set<() => void>();
  private version = 0;
  private rows: readonly TrackedInstance[] = [];
  private rowsStale = false;
  private cached: TrackerSnapshot | undefined;

  private isRunning = false;
  private isStopped = false;
  private inFlight: Promise<void> | undefined;
  private queued: QueuedRefresh | undefined;
  private timer: NodeJS.Timeout | undefined;
  private selectTimer: NodeJS.Timeout | undefined;
  private selectFetch: Promise<void> | undefined;

  constructor(options: TrackerOptions) {
    this.client = options.client;
    this.refreshMs = Math.max(1, options.refreshMs);
    this.now = options.now ?? Date.now;
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.finishedRecheckMs = Math.max(this.refreshMs, options.finishedRecheckMs ?? 60_000);
    this.finishedRechecksPerRefresh = Math.max(0, options.finishedRechecksPerRefresh ?? 50);
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.unfinishedPerRefresh = Math.max(0, options.unfinishedPerRefresh ?? 500);
    this.listEveryMs = Math.max(this.refreshMs, options.listEveryMs ?? 15_000);
    this.feed = new ChangeFeedFollower(this.client);
    this.store = new TrackedIdStore(options.storeFile);
    const saved = this.store.load();
    for (const id of saved.started) this.keep(this.started, id);
    for (const id of saved.watched) this.keep(this.watched, id);
  }

  start(): void {
    if (this.isRunning || this.isStopped) return;
    this.isRunning = true;
    void this.requestRefresh(new Set());
  }

  stop(): void {
    this.isRunning = false;
    this.isStopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.selectTimer);
    this.timer = undefined;
    this.selectTimer = undefined;
    this.store.flushSync();
    const waiters = this.queued?.waiters ?? [];
    this.queued = undefined;
    for (const wake of waiters) wake();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  snapshot(): TrackerSnapshot {
    if (this.cached) return this.cached;
    if (this.rowsStale) {
      const rows: TrackedInstance[] = [];
      for (const entry of this.entries.values()) if (entry.instance) rows.push(entry.instance);
      rows.sort(newestFirst);
      this.rows = rows;
      this.rowsStale = false;
    }
    this.cached = {
      instances: this.rows,
      selectedId: this.selectedId,
      selected: this.selected,
      connection: this.connection,
      listsAllInstances: this.listsAllInstances,
      lastRefreshAt: this.lastRefreshAt,
      lastRefreshMs: this.lastRefreshMs,
      ...(this.refreshMode !== undefined && { refreshMode: this.refreshMode }),
      ...(this.sweepMs !== undefined && { sweepMs: this.sweepMs }),
      version: this.version,
    };
    return this.cached;
  }

  track(instanceId: string): void {
    if (this.isStopped) return;
    this.keep(this.started, instanceId);
    this.persist();
    void this.requestRefresh(new Set([instanceId]));
  }

  async watch(instanceId: string): Promise<WorkflowInstance | undefined> {
    let found: WorkflowInstance | undefined;
    try {
      found = await this.client.get(instanceId, instanceId === this.selectedId);
    } catch (error) {
      if (error instanceof InstanceNotFoundError) return undefined;
      throw error;
    }
    if (!found || this.isStopped) return found;
    this.keep(this.watched, instanceId);
    this.persist();
    this.apply(instanceId, found, instanceId === this.selectedId);
    this.changed();
    return found;
  }

  prioritize(instanceIds: readonly string[]): void {
    this.priority = new Set(instanceIds);
  }

  select(instanceId: string | undefined): void {
    if (instanceId === this.selectedId) return;
    this.selectedId = instanceId;
    if (this.selected?.instanceId !== instanceId) this.selected = undefined;
    // No notification: nothing drawn changes until the payloads arrive (that notifies), and
    // a cursor move then costs one frame instead of two.
    this.version += 1;
    this.cached = undefined;
    clearTimeout(this.selectTimer);
    this.selectTimer = undefined;
    if (instanceId === undefined || this.isStopped) return;
    this.selectTimer = setTimeout(() => {
      this.selectTimer = undefined;
      void this.fetchSelected();
    }, SELECT_DEBOUNCE_MS);
    this.selectTimer.unref?.();
  }

  refreshNow(recheckIds: readonly string[] = []): Promise<void> {
    return this.requestRefresh(new Set(recheckIds));
  }

  /** Resolves when pending writes of the tracked-ID file are done (for tests and shutdown). */
  async settled(): Promise<void> {
    while (this.inFlight || this.selectFetch) {
      await this.inFlight;
      await this.selectFetch;
    }
    await this.store.settled();
  }

  private keep(set: Set<string>, id: string): void {
    set.add(id);
    if (!this.entries.has(id)) this.entries.set(id, { checkedAt: 0 });
  }

  private persist(): void {
    this.store.save({ started: [...this.started], watched: [...this.watched] });
  }

  private changed(): void {
    this.version += 1;
    this.cached = undefined;
    if (this.isStopped) return;
    for (const listener of [...this.listeners]) listener();
  }

  /** Runs a refresh now, or merges the request into the one that follows the refresh in flight. */
  private requestRefresh(recheck: Set<string>): Promise<void> {
    if (this.isStopped) return Promise.resolve();
    if (this.inFlight) {
      const queued = (this.queued ??= { recheck: new Set(), waiters: [] });
      for (const id of recheck) queued.recheck.add(id);
      return new Promise((resolve) => queued.waiters.push(resolve));
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    const run = this.refreshOnce(recheck).finally(() => {
      this.inFlight = undefined;
      this.afterRefresh();
    });
    this.inFlight = run;
    return run;
  }

  private afterRefresh(): void {
    if (this.isStopped) return;
    const queued = this.queued;
    if (queued) {
      this.queued = undefined;
      void this.requestRefresh(queued.recheck).then(() => {
        for (const wake of queued.waiters) wake();
      });
      return;
    }
    if (!this.isRunning) return;
    const delay =
      this.connection.status === 'disconnected'
        ? backoffDelay(this.connection.failures, this.refreshMs, this.maxBackoffMs)
        : this.refreshMs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.requestRefresh(new Set());
    }, delay);
    this.timer.unref?.();
  }

  private async refreshOnce(recheck: Set<string>): Promise<void> {
    if (this.feed.isSupported !== false && (await this.refreshFromFeed())) return;
    const startedAt = performance.now();
    let isChanged = false;
    if (this.refreshMode !== 'polling') {
      this.refreshMode = 'polling';
      isChanged = true;
    }

    let listed: Set<string> | undefined;
    let hasAnswered = false;
    const isListDue =
      this.listed === undefined ||
      this.listed.size <= LIST_EVERY_REFRESH_UP_TO ||
      recheck.size > 0 ||
      this.now() - this.listedAt >= this.listEveryMs;
    if (this.listsAllInstances !== false && !isListDue) {
      // A long list is re-read every listEveryMs only; meanwhile the last one stands.
      listed = this.listed;
      hasAnswered = true;
    } else if (this.listsAllInstances !== false) {
      try {
        listed = new Set(await this.client.listInstanceIds());
        this.listedAt = this.now();
        hasAnswered = true;
        if (this.listsAllInstances !== true) {
          this.listsAllInstances = true;
          isChanged = true;
        }
      } catch (error) {
        if (this.isStopped) return;
        if (error instanceof UnsupportedBySidecarError) {
          hasAnswered = true;
          this.listsAllInstances = false;
          this.listed = undefined;
          isChanged = true;
        } else {
          this.fail(error);
          return;
        }
      }
    }
    if (this.isStopped) return;
    if (hasAnswered && this.connection.status !== 'connected') {
      // The sidecar answered (a list, or that it cannot list): it is reachable.
      this.connection = { status: 'connected', failures: 0 };
      isChanged = true;
    }

    const kept = new Set<string>([...this.started, ...this.watched]);
    const plan = planRefresh({
      entries: this.entries,
      kept,
      listed,
      previouslyListed: listed === this.listed ? listed : this.listed,
      recheck,
      now: this.now(),
      finishedRecheckMs: this.finishedRecheckMs,
      finishedRechecksPerRefresh: this.finishedRechecksPerRefresh,
      priority: this.selectedId === undefined ? this.priority : new Set([...this.priority, this.selectedId]),
      unfinishedPerRefresh: this.unfinishedPerRefresh,
    });
    if (listed) this.listed = listed;
    const sweepMs = this.estimateSweepMs(listed);
    if (sweepMs !== this.sweepMs) {
      this.sweepMs = sweepMs;
      isChanged = true;
    }
    for (const id of plan.drop) {
      if (this.forget(id)) isChanged = true;
    }

    const selectedId = this.selectedId;
    const fetch = [...plan.fetch];
    if (selectedId !== undefined && this.entries.has(selectedId) && !fetch.includes(selectedId)) {
      const entry = this.entries.get(selectedId)!;
      const hasPayloads = this.selected?.instanceId === selectedId;
      if (!hasPayloads || entry.status === undefined || !isTerminalStatus(entry.status)) fetch.push(selectedId);
    }

    // Results are applied as they arrive and published every PROGRESS_NOTIFY_MS, so a first
    // load of thousands of instances fills the table while it runs.
    let connectionError: unknown;
    let lastPublished = performance.now();
    const publishProgress = () => {
      if (!isChanged || performance.now() - lastPublished < PROGRESS_NOTIFY_MS) return;
      lastPublished = performance.now();
      isChanged = false;
      this.changed();
    };
    const settle = (id: string, outcome: { value: WorkflowInstance | undefined } | { error: unknown }) => {
      if ('error' in outcome) {
        if (outcome.error instanceof InstanceNotFoundError) {
          if (this.vanish(id)) isChanged = true;
        } else if (isConnectionError(outcome.error)) {
          connectionError ??= outcome.error;
        }
        // Any other error concerns this instance only: it keeps its last known state and is tried again.
      } else if (outcome.value === undefined) {
        if (this.vanish(id)) isChanged = true;
      } else {
        // A selection that changed while the call ran gets its payloads from fetchSelected.
        const hasPayloads = id === selectedId && id === this.selectedId;
        if (this.apply(id, outcome.value, hasPayloads)) isChanged = true;
      }
      publishProgress();
    };
    const remaining = await this.settleInBulk(fetch, selectedId, settle);
    if (this.isStopped) return;
    await boundedMap(
      remaining,
      this.concurrency,
      async (id) => {
        let outcome: { value: WorkflowInstance | undefined } | { error: unknown };
        try {
          outcome = { value: await this.client.get(id, id === selectedId) };
        } catch (error) {
          outcome = { error };
        }
        if (!this.isStopped) settle(id, outcome);
      },
      () => this.isStopped || connectionError !== undefined,
    );
    if (this.isStopped) return;
    if (connectionError === undefined) {
      await boundedMap(
        this.rowsWantingPayloads(),
        this.concurrency,
        async (id) => {
          let value: WorkflowInstance | undefined;
          try {
            value = await this.client.get(id, true);
          } catch (error) {
            if (isConnectionError(error)) connectionError ??= error;
            // Anything else: the row keeps what it shows and is tried at the next refresh.
            return;
          }
          if (this.isStopped || value === undefined || !this.entries.has(id)) return;
          if (this.apply(id, value, true)) isChanged = true;
          publishProgress();
        },
        () => this.isStopped || connectionError !== undefined,
      );
      if (this.isStopped) return;
    }
    const checkedAt = this.now();

    if (connectionError !== undefined) {
      this.fail(connectionError);
      return;
    }
    this.lastRefreshAt = checkedAt;
    this.lastRefreshMs = performance.now() - startedAt;
    if (this.connection.status !== 'connected') {
      this.connection = { status: 'connected', failures: 0 };
      isChanged = true;
    }
    if (isChanged) this.changed();
  }

  /**
   * Polling: the rows on screen (other than the selected one, which fetchSelected reads) whose
   * state changed since their payloads were last read, at most PAYLOAD_ROWS_PER_REFRESH.
   */
  private rowsWantingPayloads(): string[] {
    const wanted: string[] = [];
    for (const id of this.priority) {
      if (wanted.length >= PAYLOAD_ROWS_PER_REFRESH) break;
      if (id === this.selectedId) continue;
      const entry = this.entries.get(id);
      if (entry?.instance && entry.payloadsOf !== stateKey(entry.instance)) wanted.push(id);
    }
    return wanted;
  }

  /**
   * Polling: how long until every unfinished instance off screen has been re-read once (the
   * sweep), counting the slower re-listing of a long list.
   */
  private estimateSweepMs(listed: ReadonlySet<string> | undefined): number {
    let unfinished = 0;
    for (const entry of this.entries.values()) {
      if (entry.status !== undefined && !isTerminalStatus(entry.status)) unfinished += 1;
    }
    const budget = Math.max(1, this.unfinishedPerRefresh);
    const sweep = Math.max(1, Math.ceil(unfinished / budget)) * this.refreshMs;
    const listing = listed !== undefined && listed.size > LIST_EVERY_REFRESH_UP_TO ? this.listEveryMs : this.refreshMs;
    return Math.max(sweep, listing);
  }

  /**
   * One refresh through the sidecar's change feed. Returns false when the sidecar has none
   * (the caller polls instead), true when the refresh is done (or failed and was reported).
   */
  private async refreshFromFeed(): Promise<boolean> {
    const startedAt = performance.now();
    let isChanged = false;
    let lastPublished = 0;
    const publishProgress = () => {
      if (!isChanged || performance.now() - lastPublished < PROGRESS_NOTIFY_MS) return;
      lastPublished = performance.now();
      isChanged = false;
      this.markConnected();
      this.changed();
    };
    let read: Awaited<ReturnType<ChangeFeedFollower['read']>>;
    try {
      read = await this.feed.read((page) => {
        if (this.isStopped) return;
        for (const instance of page) {
          if (this.apply(instance.instanceId, instance, false)) isChanged = true;
        }
        publishProgress();
      });
    } catch (error) {
      if (!this.isStopped) this.fail(error);
      return true;
    }
    if (this.isStopped) return true;
    if (read === undefined) return false;
    if (this.refreshMode !== 'change-feed' || this.listsAllInstances !== true || this.sweepMs !== undefined) {
      this.refreshMode = 'change-feed';
      this.listsAllInstances = true;
      this.sweepMs = undefined;
      isChanged = true;
    }
    let isSelectedChanged = this.selectedId !== undefined && this.selected?.instanceId !== this.selectedId;
    if (read.kind === 'listing') {
      const kept = new Set([...this.started, ...this.watched]);
      for (const id of [...this.entries.keys()]) {
        if (!read.instanceIds.has(id) && !kept.has(id) && this.forget(id)) isChanged = true;
      }
      // The feed reports removals itself: no list of IDs is kept.
      this.listed = undefined;
      // Kept instances the listing lacks: most likely purged while nobody looked; one get each tells.
      const missing = [...kept].filter((id) => !read.instanceIds.has(id));
      await boundedMap(missing, this.concurrency, async (id) => {
        try {
          const value = await this.client.get(id, false);
          if (this.isStopped) return;
          if (value === undefined ? this.vanish(id) : this.apply(id, value, false)) isChanged = true;
        } catch {
          // Kept as it was; the feed reports it when it changes.
        }
      });
      if (this.isStopped) return true;
    } else {
      for (const id of read.removedIds) {
        if (this.vanish(id)) isChanged = true;
      }
      for (const instance of read.changed) {
        if (this.apply(instance.instanceId, instance, false)) isChanged = true;
        if (instance.instanceId === this.selectedId) isSelectedChanged = true;
      }
    }
    this.lastRefreshAt = this.now();
    this.lastRefreshMs = performance.now() - startedAt;
    if (this.markConnected()) isChanged = true;
    if (isChanged) this.changed();
    if (isSelectedChanged) void this.fetchSelected();
    if (read.kind === 'changes' && read.hasMore) this.queued ??= { recheck: new Set(), waiters: [] };
    return true;
  }

  /** Records that the sidecar answers; returns whether that is news. */
  private markConnected(): boolean {
    if (this.connection.status === 'connected') return false;
    this.connection = { status: 'connected', failures: 0 };
    return true;
  }

  /**
   * When many instances are due and the sidecar serves QueryInstances (the embedded one
   * does; daprd does not), reads every state in one paged call instead of one get each, and
   * settles the due ones from it. Returns the IDs still to fetch one by one: the selected
   * instance (it needs payloads), or all of them when no bulk read was possible.
   */
  private async settleInBulk(
    fetch: readonly string[],
    selectedId: string | undefined,
    settle: (id: string, outcome: { value: WorkflowInstance | undefined }) => void,
  ): Promise<readonly string[]> {
    const query = this.client.queryInstances?.bind(this.client);
    if (query === undefined || this.canQuery === false || fetch.length < BULK_READ_THRESHOLD) return fetch;
    let all: WorkflowInstance[];
    try {
      all = await query();
    } catch (error) {
      if (error instanceof UnsupportedBySidecarError) this.canQuery = false;
      // Anything else: the one-by-one path below meets (and reports) the same problem.
      return fetch;
    }
    if (this.isStopped) return [];
    this.canQuery = true;
    const byId = new Map(all.map((instance) => [instance.instanceId, instance]));
    const rest: string[] = [];
    for (const id of fetch) {
      if (id === selectedId) rest.push(id);
      else settle(id, { value: byId.get(id) });
    }
    return rest;
  }

  /** Records a fetched state; returns whether anything the UI shows changed. */
  private apply(id: string, value: WorkflowInstance, hasPayloads: boolean, checkedAt = this.now()): boolean {
    let entry = this.entries.get(id);
    if (!entry) {
      entry = { checkedAt: 0 };
      this.entries.set(id, entry);
    }
    const previous = entry.instance;
    let preview: string | undefined;
    if (hasPayloads) {
      preview = previewOf(value);
    } else if (previous && previous.status === value.status && previous.lastUpdatedAt === value.lastUpdatedAt) {
      preview = previous.preview;
    } else if (value.failure) {
      preview = previewOf(value);
    }
    const row = withoutPayloads(value, preview);
    entry.checkedAt = checkedAt;
    if (hasPayloads) entry.payloadsOf = stateKey(value);
    let isChanged = false;
    if (!sameRow(previous, row)) {
      entry.instance = row;
      entry.status = row.status;
      this.rowsStale = true;
      isChanged = true;
    }
    if (hasPayloads && id === this.selectedId && !sameDetail(this.selected, value)) {
      this.selected = value;
      isChanged = true;
    }
    return isChanged;
  }

  /** Forgets an entry that is no longer listed nor kept; returns whether a row disappeared. */
  private forget(id: string): boolean {
    const entry = this.entries.get(id);
    this.entries.delete(id);
    if (id === this.selectedId) this.selected = undefined;
    if (entry?.instance) {
      this.rowsStale = true;
      return true;
    }
    return false;
  }

  /** The sidecar says the instance does not exist (purged): it drops out everywhere. */
  private vanish(id: string): boolean {
    const wasStarted = this.started.delete(id);
    const wasWatched = this.watched.delete(id);
    if (wasStarted || wasWatched) this.persist();
    this.listed?.delete(id);
    return this.forget(id);
  }

  private fail(error: unknown): void {
    const failures = this.connection.status === 'disconnected' ? this.connection.failures + 1 : 1;
    const delay = backoffDelay(failures, this.refreshMs, this.maxBackoffMs);
    this.connection = { status: 'disconnected', error, failures, retryAt: this.now() + delay };
    this.changed();
  }

  private async fetchSelected(): Promise<void> {
    if (this.selectFetch) {
      // One call at a time; the running one re-checks the selection when it ends.
      return;
    }
    const run = async (): Promise<void> => {
      let id = this.selectedId;
      while (id !== undefined && !this.isStopped && this.entries.has(id)) {
        let value: WorkflowInstance | undefined;
        try {
          value = await this.client.get(id, true);
        } catch (error) {
          if (error instanceof InstanceNotFoundError) value = undefined;
          else return;
        }
        if (this.isStopped) return;
        if (id === this.selectedId) {
          const isChanged = value === undefined ? this.vanish(id) : this.apply(id, value, true);
          if (isChanged) {
            if (value === undefined) this.selected = undefined;
            this.changed();
          }
          return;
        }
        id = this.selectedId;
      }
    };
    this.selectFetch = run().finally(() => {
      this.selectFetch = undefined;
    });
    await this.selectFetch;
  }
}

function sameDetail(a: WorkflowInstance | undefined, b: WorkflowInstance): boolean {
  return (
    a !== undefined &&
    a.instanceId === b.instanceId &&
    a.status === b.status &&
    a.lastUpdatedAt === b.lastUpdatedAt &&
    a.input === b.input &&
    a.output === b.output &&
    a.customStatus === b.customStatus &&
    a.failure?.errorMessage === b.failure?.errorMessage
  );
}
