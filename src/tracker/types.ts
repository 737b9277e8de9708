/**
 * The tracker's contract: which instances the console shows, how fresh they are, and
 * whether the sidecar answers. The UI subscribes to it and renders `snapshot()`; nothing
 * here knows about React or the terminal.
 */
import type { SidecarClient, WorkflowInstance } from '../client/types.js';

/** How the tracker reaches the sidecar right now. */
export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

/** The connection as the header shows it. */
export interface ConnectionState {
  readonly status: ConnectionStatus;
  /** The last error that made the tracker give up a refresh (raw; the UI describes it). */
  readonly error?: unknown;
  /** When disconnected: when the next attempt is due (ms since the epoch). */
  readonly retryAt?: number;
  /** How many refreshes in a row failed. */
  readonly failures: number;
}

/**
 * One tracked instance as the table shows it: the state without payloads, plus a short raw
 * preview (custom status, else output, else failure message) kept from the last time its
 * payloads were fetched, dropped as soon as the instance changes without a new fetch.
 */
export interface TrackedInstance extends WorkflowInstance {
  readonly preview?: string;
}

/**
 * How the tracker keeps rows fresh: 'change-feed' reads only what changed (the embedded
 * sidecar); 'polling' re-reads rows on screen every refresh and the rest in a slower sweep.
 */
export type RefreshMode = 'change-feed' | 'polling';

/** Everything the UI needs to draw the instance list, as one immutable value. */
export interface TrackerSnapshot {
  /** Tracked instances without payloads, newest first (createdAt, then instance ID). */
  readonly instances: readonly TrackedInstance[];
  /** The instance chosen with `select`, if any. */
  readonly selectedId?: string;
  /** The selected instance with payloads, once fetched (may lag one refresh behind). */
  readonly selected?: WorkflowInstance;
  readonly connection: ConnectionState;
  /**
   * True when the sidecar lists every instance (ListInstanceIDs works), false when it does
   * not (only the instances started or watched here are shown), undefined until known.
   */
  readonly listsAllInstances?: boolean;
  /** When the last successful refresh finished (ms since the epoch). */
  readonly lastRefreshAt?: number;
  /** How long the last successful refresh took, in ms. */
  readonly lastRefreshMs?: number;
  /** How rows are kept fresh; undefined until the first refresh. */
  readonly refreshMode?: RefreshMode;
  /** Polling: about how long until every unfinished row off screen is re-read. */
  readonly sweepMs?: number;
  /** Grows by one with every change; equal versions mean equal snapshots. */
  readonly version: number;
}

/** Options of `createTracker`. */
export interface TrackerOptions {
  readonly client: SidecarClient;
  /** Poll interval in ms. */
  readonly refreshMs: number;
  /** JSON file keeping the started and watched instance IDs across restarts. */
  readonly storeFile?: string;
  /** Clock, for tests. */
  readonly now?: () => number;
  /** At most this many get-state calls at once (default 8). */
  readonly concurrency?: number;
  /** A finished instance is re-checked at most this often (default 60 s, never below refreshMs). */
  readonly finishedRecheckMs?: number;
  /** At most this many finished instances are re-checked in one refresh (default 50). */
  readonly finishedRechecksPerRefresh?: number;
  /** Longest wait between attempts while disconnected (default 30 s). */
  readonly maxBackoffMs?: number;
  /**
   * At most this many unfinished instances that are not on screen are re-polled per refresh
   * (default 500; the longest unchecked first), so thousands of running instances cost a
   * bounded amount per tick. Instances on screen (see `prioritize`) are polled every time.
   */
  readonly unfinishedPerRefresh?: number;
  /**
   * Polling a long list (over 2000 IDs): the list of IDs is re-read at most this often
   * (default 15 s, never below refreshMs); a short one every refresh.
   */
  readonly listEveryMs?: number;
}

/** The live registry of instances shown by the console. */
export interface InstanceTracker {
  /** Starts polling (the first refresh runs at once). Calling it twice does nothing. */
  start(): void;
  /** Stops polling; an in-flight refresh finishes but notifies nobody. Idempotent. */
  stop(): void;
  /** Calls `listener` after every change of the snapshot; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** The current state; the same object until something changes. */
  snapshot(): TrackerSnapshot;
  /** Adds an instance the console started; it is fetched at the next refresh, which runs soon. */
  track(instanceId: string): void;
  /**
   * Looks the instance up once and, when it exists, keeps it tracked. Resolves to the
   * instance, or undefined when the sidecar does not know it (then nothing is added);
   * rejects with the client's error when the sidecar cannot answer.
   */
  watch(instanceId: string): Promise<WorkflowInstance | undefined>;
  /** Names the instances on screen: they are re-polled every refresh while unfinished. */
  prioritize(instanceIds: readonly string[]): void;
  /**
   * Chooses the instance whose payloads are fetched (only that one); undefined for none.
   * Listeners are told when the payloads arrive, not on the choice itself.
   */
  select(instanceId: string | undefined): void;
  /**
   * Refreshes as soon as no other refresh runs (never two at once), re-checking the given
   * instances even when they are finished. Resolves after that refresh.
   */
  refreshNow(recheckIds?: readonly string[]): Promise<void>;
}
