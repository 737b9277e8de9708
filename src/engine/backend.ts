/**
 * The storage contract of the embedded sidecar: everything the engine core persists, as one
 * interface. Only src/engine/sqlite knows how it is stored (SQL); the core speaks in the
 * domain types of ./types.ts. Every method is synchronous and every write method is one
 * atomic transaction, so the core can commit a turn before it dispatches anything that
 * depends on it, and a crash never leaves half a turn behind.
 *
 * Words used below:
 * - history: the events of an instance's current run, in order.
 * - inbox: events waiting to be delivered to the instance's next orchestrator turn, in
 *   arrival order. An inbox event may carry a visible-at time (a durable timer or a
 *   scheduled start); it is not deliverable before then.
 * - activity task: an activity call a turn scheduled and no worker has answered yet.
 */
import type { ChangesPage, PurgeFilter, InstanceQuery, Page, HistoryEvent, InstanceState, ParentInstance, RuntimeStatus, FailureDetails } from '../model/index.js';

/** Everything stored about one instance (payloads always included). */
export interface InstanceRecord extends InstanceState {
  /** Set for child workflows: who to notify when this instance finishes. */
  readonly parent?: ParentInstance;
  /** When the instance reached a terminal status. */
  readonly completedAt?: number;
  /** When a retention policy purges the (finished) instance. */
  readonly purgeAt?: number;
}

/** What the dispatcher needs to know of an instance. */
export interface RunStatus {
  readonly name: string;
  readonly status: RuntimeStatus;
  readonly executionId: string;
}

/** One stored inbox event. `seq` grows in arrival order and identifies the event. */
export interface InboxEntry {
  readonly seq: number;
  readonly instanceId: string;
  readonly event: HistoryEvent;
  /** Not deliverable before this time (timers, scheduled starts). */
  readonly visibleAt?: number;
}

/** An event to add to an inbox. */
export interface NewInboxEvent {
  readonly event: HistoryEvent;
  readonly visibleAt?: number;
}

/** An activity call waiting for a worker's answer. */
export interface ActivityTask {
  readonly instanceId: string;
  /** The run that scheduled it; results for another run are dropped. */
  readonly executionId: string;
  readonly taskId: number;
  readonly name: string;
  readonly input?: string;
  /** From the ScheduleTask action, handed to the worker in ActivityRequest as daprd does. */
  readonly version?: string;
  /** From the ScheduleTask action: handed to the worker, and put on the TaskCompleted / TaskFailed it answers with. */
  readonly taskExecutionId?: string;
}

/** A child instance a turn starts, with its first inbox event (ExecutionStarted). */
export interface ChildStart {
  readonly record: InstanceRecord;
  readonly startEvent: NewInboxEvent;
}

/** A message from a turn to another instance's inbox (sent events, parent notifications). */
export interface OutgoingMessage {
  readonly instanceId: string;
  readonly event: HistoryEvent;
}

/** The instance columns a turn or a control call rewrites. Absent optional fields are cleared. */
export interface InstanceUpdate {
  readonly status: RuntimeStatus;
  readonly executionId: string;
  readonly lastUpdatedAt: number;
  readonly input?: string;
  readonly output?: string;
  readonly customStatus?: string;
  readonly failure?: FailureDetails;
  readonly completedAt?: number;
  /** When a retention policy purges the instance (set with a terminal status only). */
  readonly purgeAt?: number;
}

/** Everything one orchestrator turn changes, committed as one transaction. */
export interface TurnCommit {
  readonly instanceId: string;
  /** The run the turn belonged to; the commit is refused when the stored run differs. */
  readonly executionId: string;
  /** The inbox events the turn delivered (now consumed). */
  readonly consumedInboxSeqs: readonly number[];
  /** When true the stored history is dropped first (continue-as-new). */
  readonly resetHistory: boolean;
  /** Appended to the history, in order. */
  readonly historyAppend: readonly HistoryEvent[];
  readonly update: InstanceUpdate;
  /** Activity tasks to add. */
  readonly activities: readonly ActivityTask[];
  /** Events for this instance's own inbox (timers, a new run's first events). */
  readonly selfInbox: readonly NewInboxEvent[];
  /**
   * Continue-as-new: the instance's undelivered inbox events that still mean something to a
   * new run (EventRaised, ExecutionSuspended, ExecutionResumed) are moved after `selfInbox`,
   * the rest of its inbox (timers, results of the old run) and its activity tasks are dropped.
   */
  readonly carryUndeliveredEvents: boolean;
  /** Terminal status reached: the instance's remaining inbox events and activity tasks are dropped. */
  readonly dropPendingWork: boolean;
  /** Child instances to create (an existing terminal instance of the same ID is replaced). */
  readonly childStarts: readonly ChildStart[];
  /** Events for other instances; delivered only to instances that exist and are not terminal. */
  readonly messages: readonly OutgoingMessage[];
}

/** What a committed turn did beyond the instance itself. */
export interface TurnCommitResult {
  /** IDs of the instances whose inbox received a message or a start event. */
  readonly notifiedInstanceIds: readonly string[];
}

/** Everything not yet done, as found at startup. */
export interface PendingWork {
  /** Instances with inbox events deliverable now. */
  readonly readyInstanceIds: readonly string[];
  /** Future inbox events (timers, scheduled starts): one entry per event, earliest first. */
  readonly timers: readonly { readonly instanceId: string; readonly visibleAt: number }[];
  /** Activity tasks not yet answered. */
  readonly activities: readonly ActivityTask[];
}

/**
 * The engine's storage. Methods throw only on storage failure unless a contract says otherwise.
 * Each write method is atomic. Writes become durable when the method returns, except inside a
 * write group (beginGroup … commitGroup): there they are visible to reads at once and become
 * durable together at commitGroup, so the caller must not act on them before.
 */
export interface Backend {
  /** Opens a write group (a no-op when one is open). */
  beginGroup(): void;

  /** Makes the open group's writes durable (a no-op without a group). */
  commitGroup(): void;

  /**
   * Creates an instance and adds its first inbox event, atomically. When an instance of the
   * same ID exists: if it is terminal it is replaced (its history, inbox and activity tasks
   * are dropped); otherwise nothing changes and InstanceExistsError is thrown.
   */
  createInstance(record: InstanceRecord, startEvent: NewInboxEvent): void;

  /** The instance, or undefined when it does not exist. */
  getInstance(instanceId: string): InstanceRecord | undefined;

  /** The instance's name, status and current run (a cheaper getInstance), or undefined. */
  getRunStatus(instanceId: string): RunStatus | undefined;

  /** The history of the instance's current run, in order ([] when unknown). */
  getHistory(instanceId: string): HistoryEvent[];

  /** The instance's inbox events deliverable at `now` (visible-at <= now), in arrival order. */
  getDeliverableInbox(instanceId: string, now: number): InboxEntry[];

  /**
   * Commits one orchestrator turn atomically (see TurnCommit). Returns undefined and changes
   * nothing when the instance no longer exists, is terminal, or runs another execution.
   */
  commitTurn(commit: TurnCommit): TurnCommitResult | undefined;

  /**
   * Answers an activity task atomically: removes the task and adds `resultEvent` to the
   * instance's inbox. Returns false and changes nothing when no such task exists for that
   * run (already answered, or the instance was terminated, purged or restarted).
   */
  completeActivity(instanceId: string, executionId: string, taskId: number, resultEvent: HistoryEvent): boolean;

  /** True while the activity task exists (not answered, and its run not ended or replaced). */
  hasActivityTask(instanceId: string, executionId: string, taskId: number): boolean;

  /**
   * Adds an event to the inbox of a non-terminal instance and, when `update` is given,
   * rewrites its status columns in the same transaction (suspend, resume). Returns false and
   * changes nothing when the instance does not exist or is terminal.
   */
  appendInbox(instanceId: string, entry: NewInboxEvent, update?: InstanceUpdate): boolean;

  /**
   * Ends a non-terminal instance in one transaction (terminate): appends `historyAppend`,
   * rewrites its columns with `update`, drops its inbox and activity tasks, and delivers
   * `messages` (e.g. the parent's notification) as commitTurn does. Returns undefined and
   * changes nothing when the instance does not exist or is already terminal.
   */
  finishInstance(
    instanceId: string,
    historyAppend: readonly HistoryEvent[],
    update: InstanceUpdate,
    messages: readonly OutgoingMessage[],
  ): TurnCommitResult | undefined;

  /** IDs of the non-terminal instances whose parent is `instanceId`. */
  getActiveChildIds(instanceId: string): string[];

  /** Instances matching the query, newest first (creation time, then ID), paged. */
  queryInstances(query: InstanceQuery): Page<InstanceRecord>;

  /** Every instance ID, newest first, paged. */
  listInstanceIds(pageSize: number, continuationToken?: string): Page<string>;

  /**
   * Removes an instance (history, inbox, activity tasks) and, when `recursive`, every
   * terminal descendant. The caller has checked the instance is terminal. Returns the count
   * of instances removed (0 when it does not exist).
   */
  purgeInstance(instanceId: string, recursive: boolean): number;

  /** Removes every terminal instance matching the filter (and, when `recursive`, their terminal descendants); returns the count removed. */
  purgeInstances(filter: PurgeFilter, recursive?: boolean): number;

  /**
   * What changed since `cursor` (see ChangesPage), at most `limit` changes (IDs written or
   * removed). Without a cursor: `reset` and the current position, nothing else.
   */
  readChanges(cursor: string | undefined, limit: number): ChangesPage<InstanceRecord>;

  /**
   * Removes up to `limit` finished instances whose retention time (`purgeAt`) is at or
   * before `now`, like purgeInstance without children; returns the count removed.
   */
  purgeExpired(now: number, limit: number): number;

  /** The earliest retention time of a stored instance, or undefined when none has one. */
  nextPurgeAt(): number | undefined;

  /**
   * Gives up to `maxPages` pages freed by purges back to the file system (a store in memory
   * just compacts); returns true while more remain. Meant to run in slices after a purge, so
   * the purge itself returns at once.
   */
  reclaimSpace(maxPages: number): boolean;

  /** Everything pending, for the core's queues at startup (`now` splits ready from future). */
  loadPendingWork(now: number): PendingWork;

  /** Records where the store is served, for the sentence a second process gets when the store is locked. Optional. */
  describeOwner?(address: string): void;

  /** Closes the store; no method may be called afterwards. */
  close(): void;
}
