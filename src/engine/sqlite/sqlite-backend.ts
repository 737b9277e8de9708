/**
 * The SQLite implementation of the storage contract (../backend.ts), on better-sqlite3.
 * A file store runs in WAL mode with synchronous=NORMAL: a committed transaction survives a
 * crash of the process; WAL checkpoints run on a background thread (./wal-checkpointer.ts).
 * Every write method is one transaction (or savepoint) over prepared statements. A file
 * store is locked to one process (./store-lock.ts) and migrated on open (./migrate.ts);
 * SQLite's failures leave as the typed errors of ./store-errors.ts.
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase, Statement, Transaction } from 'better-sqlite3';
import type {
  ActivityTask,
  Backend,
  InboxEntry,
  InstanceRecord,
  InstanceUpdate,
  NewInboxEvent,
  OutgoingMessage,
  PendingWork,
  RunStatus,
  TurnCommit,
  TurnCommitResult,
} from '../backend.js';
import { InstanceExistsError, isTerminalStatus, type ChangesPage, type HistoryEvent, type InstanceQuery, type Page, type PurgeFilter, type RuntimeStatus } from '../../model/index.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.js';
import { migrateStore } from './migrate.js';
import { TERMINAL_STATUSES_SQL } from './schema.js';
import { storeErrorOf, unopenableStoreError } from './store-errors.js';
import { lockStore, type StoreLock } from './store-lock.js';

/** Where the store lives: a file path, or ':memory:' for a store that ends with the process. */
export interface SqliteBackendOptions {
  readonly file: string;
  /** Where problems of the background checkpointer are reported. */
  readonly onWarning?: (message: string) => void;
  /** Where notable events (a migration) are reported. */
  readonly onInfo?: (message: string) => void;
}

/** Removals remembered for the change feed; a reader further behind re-reads everything. */
const KEPT_TOMBSTONES = 10_000;
/** Free pages from which reclaimSpace gives space back to the file system. */
const RECLAIM_AFTER_FREE_PAGES = 256;
/** From this many instances removed at once (and half the store), history is rebuilt rather than deleted from. */
const REBUILD_HISTORY_AT_LEAST = 5000;

/** WAL pages after which the writer checkpoints by itself (when the background thread falls behind). */
const WRITER_CHECKPOINT_PAGES = 20_000;
/** The WAL file is cut back to this size after it restarts. */
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/** The default and the largest page size of queries and ID listings. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** Inbox event kinds a new run (continue-as-new) keeps from the old run's undelivered inbox. */
const CARRIED_KINDS = new Set(['EventRaised', 'ExecutionSuspended', 'ExecutionResumed']);

interface InstanceRow {
  instance_id: string;
  name: string;
  status: string;
  execution_id: string;
  created_at: number;
  last_updated_at: number;
  completed_at: number | null;
  scheduled_start_at: number | null;
  input: string | null;
  output: string | null;
  custom_status: string | null;
  failure: string | null;
  parent_instance_id: string | null;
  parent_name: string | null;
  parent_task_id: number | null;
  purge_at: number | null;
  version: string | null;
  tags: string | null;
}

interface InboxRow {
  seq: number;
  instance_id: string;
  kind: string;
  event: string;
  visible_at: number | null;
}

interface ActivityRow {
  instance_id: string;
  execution_id: string;
  task_id: number;
  name: string;
  input: string | null;
}

function toRecord(row: InstanceRow): InstanceRecord {
  return {
    instanceId: row.instance_id,
    name: row.name,
    status: row.status as RuntimeStatus,
    executionId: row.execution_id,
    createdAt: row.created_at,
    lastUpdatedAt: row.last_updated_at,
    ...(row.completed_at !== null && { completedAt: row.completed_at }),
    ...(row.scheduled_start_at !== null && { scheduledStartAt: row.scheduled_start_at }),
    ...(row.purge_at !== null && row.purge_at !== undefined && { purgeAt: row.purge_at }),
    ...(row.input !== null && { input: row.input }),
    ...(row.output !== null && { output: row.output }),
    ...(row.custom_status !== null && { customStatus: row.custom_status }),
    ...(row.failure !== null && { failure: JSON.parse(row.failure) }),
    ...(row.parent_instance_id !== null && {
      parentInstanceId: row.parent_instance_id,
      parent: { instanceId: row.parent_instance_id, name: row.parent_name ?? '', taskScheduledId: row.parent_task_id ?? -1 },
    }),
    ...(row.version !== null && { version: row.version }),
    ...(row.tags !== null && { tags: JSON.parse(row.tags) as Record<string, string> }),
  };
}

function toActivity(row: ActivityRow): ActivityTask {
  return {
    instanceId: row.instance_id,
    executionId: row.execution_id,
    taskId: row.task_id,
    name: row.name,
    ...(row.input !== null && { input: row.input }),
  };
}

function pageSizeOf(requested: number | undefined): number {
  if (!requested || requested <= 0) return DEFAULT_PAGE_SIZE;
  return Math.min(Math.floor(requested), MAX_PAGE_SIZE);
}

/**
 * Opens (creating when missing, migrating when older) a SQLite store. Throws a
 * StoreOpenError with one sentence when another process holds it, it was written by a newer
 * version, or the file is not a usable store.
 */
export function openSqliteBackend(options: SqliteBackendOptions): Backend {
  const backend = new SqliteBackend(options.file, options.onWarning ?? (() => {}), options.onInfo ?? (() => {}));
  return withStoreErrors(backend, options.file);
}

/** Every method of `backend` with SQLite's storage failures turned into typed errors. */
function withStoreErrors(backend: SqliteBackend, file: string): Backend {
  const wrapped = {} as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(SqliteBackend.prototype)) {
    const method = (backend as unknown as Record<string, unknown>)[name];
    if (name === 'constructor' || typeof method !== 'function') continue;
    wrapped[name] = (...args: unknown[]) => {
      try {
        return (method as (...a: unknown[]) => unknown).apply(backend, args);
      } catch (error) {
        throw storeErrorOf(error, file);
      }
    };
  }
  return wrapped as unknown as Backend;
}

class SqliteBackend implements Backend {
  private readonly db: SqliteDatabase;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly dynamicStatements = new Map<string, Statement>();
  private readonly runAtomically: Transaction<(work: () => unknown) => unknown>;
  private readonly lock: StoreLock | undefined;
  /** This store's identity (in change-feed cursors). */
  private readonly storeId: string;
  /** The last number of the change sequence handed out. */
  private lastChangeSeq: number;

  private checkpointer: WalCheckpointer | undefined;

  constructor(file: string, onWarning: (message: string) => void, onInfo: (message: string) => void) {
    const isFile = file !== ':memory:';
    this.lock = isFile ? lockStore(file) : undefined;
    let db: SqliteDatabase | undefined;
    try {
      db = new Database(file);
      if (isFile) {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma('busy_timeout = 5000');
        db.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES}`);
        db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
      }
      db.pragma('foreign_keys = OFF');
      const report = migrateStore(db, file);
      if (report.applied.length > 0) {
        onInfo(`Store ${file} migrated from schema ${report.fromVersion} to ${report.toVersion} (${report.applied.join('; ')}).`);
      }
      db.exec('CREATE TEMP TABLE doomed (instance_key INTEGER PRIMARY KEY, instance_id TEXT NOT NULL)');
    } catch (error) {
      db?.close();
      this.lock?.release();
      throw unopenableStoreError(error, file);
    }
    this.db = db;
    this.statements = prepareStatements(this.db);
    this.runAtomically = this.db.transaction((work: () => unknown) => work());
    this.storeId = this.setting('store_id') ?? this.saveSetting('store_id', randomUUID());
    const last = this.statements.lastChangeSeq.get() as { last: number | null };
    this.lastChangeSeq = Math.max(last.last ?? 0, Number(this.setting('removed_horizon') ?? 0));
    if (isFile) {
      this.checkpointer = startWalCheckpointer(file, (message) => onWarning(`Background checkpoint of ${file} failed: ${message}`));
    }
  }

  /** Records where this store is served, for a second process that finds it locked. */
  describeOwner(address: string): void {
    this.lock?.describeOwner(address);
  }

  beginGroup(): void {
    if (!this.db.inTransaction) this.statements.beginImmediate.run();
  }

  commitGroup(): void {
    if (this.db.inTransaction) this.statements.commit.run();
  }

  createInstance(record: InstanceRecord, startEvent: NewInboxEvent): void {
    this.transaction(() => {
      this.insertInstance(record, startEvent);
    });
  }

  getInstance(instanceId: string): InstanceRecord | undefined {
    const row = this.statements.getInstance.get(instanceId) as InstanceRow | undefined;
    return row && toRecord(row);
  }

  getRunStatus(instanceId: string): RunStatus | undefined {
    const row = this.statements.getRunStatus.get(instanceId) as { name: string; status: string; execution_id: string } | undefined;
    return row && { name: row.name, status: row.status as RuntimeStatus, executionId: row.execution_id };
  }

  getHistory(instanceId: string): HistoryEvent[] {
    const rows = this.statements.getHistory.all(instanceId) as { events: string }[];
    if (rows.length === 1) return JSON.parse(rows[0]!.events) as HistoryEvent[];
    return rows.flatMap((row) => JSON.parse(row.events) as HistoryEvent[]);
  }

  getDeliverableInbox(instanceId: string, now: number): InboxEntry[] {
    const rows = this.statements.getDeliverableInbox.all(instanceId, now) as InboxRow[];
    return rows.map((row) => ({
      seq: row.seq,
      instanceId: row.instance_id,
      event: JSON.parse(row.event) as HistoryEvent,
      ...(row.visible_at !== null && { visibleAt: row.visible_at }),
    }));
  }

  commitTurn(commit: TurnCommit): TurnCommitResult | undefined {
    return this.transaction(() => {
      const s = this.statements;
      const row = s.getStatusAndExecution.get(commit.instanceId) as { status: string; execution_id: string } | undefined;
      if (!row || row.execution_id !== commit.executionId || isTerminalStatus(row.status as RuntimeStatus)) return undefined;
      const id = commit.instanceId;
      for (const seq of commit.consumedInboxSeqs) s.deleteInboxEntry.run(seq);
      if (commit.resetHistory) s.deleteHistory.run(id);
      this.appendHistory(id, commit.historyAppend);
      this.updateInstance(id, commit.update);

      let carried: InboxRow[] = [];
      if (commit.carryUndeliveredEvents) {
        carried = (s.getAllInbox.all(id) as InboxRow[]).filter((entry) => CARRIED_KINDS.has(entry.kind));
        s.deleteInbox.run(id);
        s.deleteActivities.run(id);
      }
      if (commit.dropPendingWork) {
        s.deleteInbox.run(id);
        s.deleteActivities.run(id);
      }
      for (const entry of commit.selfInbox) this.insertInbox(id, entry);
      for (const entry of carried) s.insertInbox.run(entry.kind, entry.event, entry.visible_at, id);
      for (const task of commit.activities) {
        s.insertActivity.run(task.executionId, task.taskId, task.name, task.input ?? null, task.instanceId);
      }

      const notified: string[] = [];
      for (const child of commit.childStarts) {
        this.insertInstance(child.record, child.startEvent);
        notified.push(child.record.instanceId);
      }
      notified.push(...this.deliverMessages(commit.messages));
      return { notifiedInstanceIds: notified };
    });
  }

  completeActivity(instanceId: string, executionId: string, taskId: number, resultEvent: HistoryEvent): boolean {
    return this.transaction(() => {
      const removed = this.statements.deleteActivity.run(instanceId, taskId, executionId).changes;
      if (removed === 0) return false;
      this.insertInbox(instanceId, { event: resultEvent });
      return true;
    });
  }

  hasActivityTask(instanceId: string, executionId: string, taskId: number): boolean {
    return this.statements.hasActivity.get(instanceId, taskId, executionId) !== undefined;
  }

  appendInbox(instanceId: string, entry: NewInboxEvent, update?: InstanceUpdate): boolean {
    return this.transaction(() => {
      const row = this.statements.getStatusAndExecution.get(instanceId) as { status: string } | undefined;
      if (!row || isTerminalStatus(row.status as RuntimeStatus)) return false;
      this.insertInbox(instanceId, entry);
      if (update) this.updateInstance(instanceId, update);
      return true;
    });
  }

  finishInstance(
    instanceId: string,
    historyAppend: readonly HistoryEvent[],
    update: InstanceUpdate,
    messages: readonly OutgoingMessage[],
  ): TurnCommitResult | undefined {
    return this.transaction(() => {
      const s = this.statements;
      const row = s.getStatusAndExecution.get(instanceId) as { status: string } | undefined;
      if (!row || isTerminalStatus(row.status as RuntimeStatus)) return undefined;
      this.appendHistory(instanceId, historyAppend);
      this.updateInstance(instanceId, update);
      s.deleteInbox.run(instanceId);
      s.deleteActivities.run(instanceId);
      return { notifiedInstanceIds: this.deliverMessages(messages) };
    });
  }

  getActiveChildIds(instanceId: string): string[] {
    return (this.statements.getActiveChildIds.all(instanceId) as { instance_id: string }[]).map((row) => row.instance_id);
  }

  queryInstances(query: InstanceQuery): Page<InstanceRecord> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (query.statuses && query.statuses.length > 0) {
      conditions.push(`status IN (${query.statuses.map(() => '?').join(',')})`);
      params.push(...query.statuses);
    }
    if (query.createdFrom !== undefined) {
      conditions.push('created_at >= ?');
      params.push(query.createdFrom);
    }
    if (query.createdTo !== undefined) {
      conditions.push('created_at <= ?');
      params.push(query.createdTo);
    }
    if (query.instanceIdPrefix) {
      conditions.push('substr(instance_id, 1, length(?)) = ?');
      params.push(query.instanceIdPrefix, query.instanceIdPrefix);
    }
    const size = pageSizeOf(query.maxInstanceCount);
    const rows = this.pageOf<InstanceRow>('*', conditions, params, size, query.continuationToken);
    return this.toPage(rows, size, toRecord);
  }

  listInstanceIds(pageSize: number, continuationToken?: string): Page<string> {
    const size = pageSizeOf(pageSize);
    const rows = this.pageOf<InstanceRow>('instance_id, created_at', [], [], size, continuationToken);
    return this.toPage(rows, size, (row) => row.instance_id);
  }

  purgeInstance(instanceId: string, recursive: boolean): number {
    return this.transaction(() => {
      const ids = recursive
        ? (this.statements.getTerminalDescendants.all(instanceId) as { instance_id: string }[]).map((r) => r.instance_id)
        : [];
      if (!this.statements.getStatusAndExecution.get(instanceId)) return 0;
      let count = 0;
      for (const id of [instanceId, ...ids]) count += this.deleteInstance(id);
      return count;
    });
  }

  purgeInstances(filter: PurgeFilter, recursive = false): number {
    const conditions = [`status IN ${TERMINAL_STATUSES_SQL}`];
    const params: unknown[] = [];
    if (filter.statuses && filter.statuses.length > 0) {
      conditions.push(`status IN (${filter.statuses.map(() => '?').join(',')})`);
      params.push(...filter.statuses);
    }
    if (filter.createdFrom !== undefined) {
      conditions.push('created_at >= ?');
      params.push(filter.createdFrom);
    }
    if (filter.createdTo !== undefined) {
      conditions.push('created_at <= ?');
      params.push(filter.createdTo);
    }
    const select = this.dynamic(
      `INSERT INTO temp.doomed (instance_key, instance_id) SELECT instance_key, instance_id FROM instances WHERE ${conditions.join(' AND ')}`,
    );
    return this.transaction(() => {
      this.statements.clearDoomed.run();
      select.run(...params);
      if (recursive) this.statements.addDoomedDescendants.run();
      return this.removeDoomed();
    });
  }

  purgeExpired(now: number, limit: number): number {
    return this.transaction(() => {
      this.statements.clearDoomed.run();
      this.statements.selectExpired.run(now, Math.max(1, Math.floor(limit)));
      return this.removeDoomed();
    });
  }

  nextPurgeAt(): number | undefined {
    const row = this.statements.nextPurgeAt.get() as { at: number | null };
    return row.at ?? undefined;
  }

  readChanges(cursor: string | undefined, limit: number): ChangesPage<InstanceRecord> {
    const head = this.encodeCursor(this.lastChangeSeq);
    const since = cursor === undefined ? undefined : this.decodeCursor(cursor);
    const horizon = Number(this.setting('removed_horizon') ?? 0);
    if (since === undefined || since < horizon || since > this.lastChangeSeq) {
      return { cursor: head, reset: true, changed: [], removedIds: [], hasMore: false };
    }
    const size = Math.max(1, Math.min(Math.floor(limit), MAX_PAGE_SIZE));
    const rows = this.statements.readChanges.all(since, since, size + 1) as { change_seq: number; instance_id: string; removed: number }[];
    const page = rows.slice(0, size);
    const changed: InstanceRecord[] = [];
    const removedIds: string[] = [];
    for (const row of page) {
      if (row.removed) {
        removedIds.push(row.instance_id);
      } else {
        const instance = this.statements.getInstance.get(row.instance_id) as InstanceRow | undefined;
        if (instance) changed.push(toRecord(instance));
      }
    }
    const last = page.length > 0 ? page[page.length - 1]!.change_seq : since;
    return { cursor: this.encodeCursor(last), reset: false, changed, removedIds, hasMore: rows.length > size };
  }

  loadPendingWork(now: number): PendingWork {
    const s = this.statements;
    const ready = (s.getReadyInstanceIds.all(now) as { instance_id: string }[]).map((row) => row.instance_id);
    const timers = (s.getFutureInbox.all(now) as { instance_id: string; at: number }[]).map((row) => ({
      instanceId: row.instance_id,
      visibleAt: row.at,
    }));
    const activities = this.withScheduledFields((s.getAllActivities.all() as ActivityRow[]).map(toActivity));
    return { readyInstanceIds: ready, timers, activities };
  }

  /**
   * The activity tasks with the version and execution ID of their TaskScheduled events: an
   * activity row keeps only what the worker needs to run it, and those two live in the history.
   */
  private withScheduledFields(tasks: readonly ActivityTask[]): ActivityTask[] {
    const scheduledByInstance = new Map<string, Map<number, HistoryEvent>>();
    return tasks.map((task) => {
      let scheduled = scheduledByInstance.get(task.instanceId);
      if (!scheduled) {
        scheduled = new Map(
          this.getHistory(task.instanceId)
            .filter((event) => event.kind === 'TaskScheduled')
            .map((event) => [event.eventId, event] as const),
        );
        scheduledByInstance.set(task.instanceId, scheduled);
      }
      const event = scheduled.get(task.taskId);
      if (event?.kind !== 'TaskScheduled') return task;
      return {
        ...task,
        ...(event.version !== undefined && { version: event.version }),
        ...(event.taskExecutionId !== undefined && { taskExecutionId: event.taskExecutionId }),
      };
    });
  }

  close(): void {
    if (!this.db.open) return;
    this.checkpointer?.stop();
    this.checkpointer = undefined;
    this.commitGroup();
    this.db.close();
    this.lock?.release();
  }

  /** Runs `work` atomically: its own transaction, or a savepoint inside an open group. */
  private transaction<T>(work: () => T): T {
    return this.runAtomically.immediate(work) as T;
  }

  private insertInstance(record: InstanceRecord, startEvent: NewInboxEvent): void {
    const existing = this.statements.getStatusAndExecution.get(record.instanceId) as { status: string } | undefined;
    if (existing) {
      if (!isTerminalStatus(existing.status as RuntimeStatus)) {
        throw new InstanceExistsError(`An instance with the ID "${record.instanceId}" already exists and is ${existing.status}.`);
      }
      this.deleteInstance(record.instanceId);
    }
    this.statements.insertInstance.run(
      record.instanceId,
      record.name,
      record.status,
      record.executionId,
      record.createdAt,
      record.lastUpdatedAt,
      record.completedAt ?? null,
      record.scheduledStartAt ?? null,
      record.input ?? null,
      record.output ?? null,
      record.customStatus ?? null,
      record.failure ? JSON.stringify(record.failure) : null,
      record.parent?.instanceId ?? null,
      record.parent?.name ?? null,
      record.parent?.taskScheduledId ?? null,
      record.version ?? null,
      record.tags ? JSON.stringify(record.tags) : null,
      record.purgeAt ?? null,
      this.nextChangeSeq(),
    );
    this.insertInbox(record.instanceId, startEvent);
  }

  private updateInstance(instanceId: string, update: InstanceUpdate): void {
    this.statements.updateInstance.run(
      update.status,
      update.executionId,
      update.lastUpdatedAt,
      update.completedAt ?? null,
      update.input ?? null,
      update.output ?? null,
      update.customStatus ?? null,
      update.failure ? JSON.stringify(update.failure) : null,
      update.purgeAt ?? null,
      this.nextChangeSeq(),
      instanceId,
    );
  }

  private appendHistory(instanceId: string, events: readonly HistoryEvent[]): void {
    if (events.length === 0) return;
    const row = this.statements.lastHistorySeq.get(instanceId) as { last: number | null };
    this.statements.insertHistory.run(instanceId, (row.last ?? -1) + 1, JSON.stringify(events));
  }

  private insertInbox(instanceId: string, entry: NewInboxEvent): void {
    this.statements.insertInbox.run(entry.event.kind, JSON.stringify(entry.event), entry.visibleAt ?? null, instanceId);
  }

  private deliverMessages(messages: readonly OutgoingMessage[]): string[] {
    const delivered: string[] = [];
    for (const message of messages) {
      const target = this.statements.getStatusAndExecution.get(message.instanceId) as { status: string } | undefined;
      if (!target || isTerminalStatus(target.status as RuntimeStatus)) continue;
      this.insertInbox(message.instanceId, { event: message.event });
      delivered.push(message.instanceId);
    }
    return delivered;
  }

  private deleteInstance(instanceId: string): number {
    const s = this.statements;
    s.deleteHistory.run(instanceId);
    s.deleteInbox.run(instanceId);
    s.deleteActivities.run(instanceId);
    const removed = s.deleteInstance.run(instanceId).changes;
    if (removed > 0) this.addTombstone(instanceId);
    return removed;
  }

  /** Removes every instance listed in temp.doomed with its rows, in a few statements; returns the count. */
  private removeDoomed(): number {
    const s = this.statements;
    const count = (s.countDoomed.get() as { n: number }).n;
    if (count === 0) return 0;
    this.removeDoomedHistory(count);
    s.deleteDoomedInbox.run();
    s.deleteDoomedActivities.run();
    s.deleteDoomedInstances.run();
    if (count > KEPT_TOMBSTONES) {
      // Too many to remember one by one: readers behind this point re-read everything.
      this.lastChangeSeq += 1;
      this.saveSetting('removed_horizon', String(this.lastChangeSeq));
      s.clearTombstones.run();
    } else {
      s.insertDoomedTombstones.run(this.lastChangeSeq);
      this.lastChangeSeq += count;
      this.pruneTombstones();
    }
    return count;
  }

  private addTombstone(instanceId: string): void {
    this.statements.insertTombstone.run(this.nextChangeSeq(), instanceId);
    this.pruneTombstones();
  }

  /** Keeps the newest KEPT_TOMBSTONES removals; older readers get a reset. */
  private pruneTombstones(): void {
    const s = this.statements;
    const cut = s.tombstoneCut.get(KEPT_TOMBSTONES) as { seq: number } | undefined;
    if (!cut) return;
    s.deleteTombstonesUpTo.run(cut.seq);
    this.saveSetting('removed_horizon', String(cut.seq));
  }

  private nextChangeSeq(): number {
    this.lastChangeSeq += 1;
    return this.lastChangeSeq;
  }

  private encodeCursor(seq: number): string {
    return `${this.storeId}.${seq}`;
  }

  /** The sequence number of a cursor of this store; undefined for anything else (a reset follows). */
  private decodeCursor(cursor: string): number | undefined {
    const dot = cursor.lastIndexOf('.');
    if (dot < 0 || cursor.slice(0, dot) !== this.storeId) return undefined;
    const seq = Number(cursor.slice(dot + 1));
    return Number.isSafeInteger(seq) && seq >= 0 ? seq : undefined;
  }

  private setting(name: string): string | undefined {
    return (this.statements.getSetting.get(name) as { value: string } | undefined)?.value;
  }

  private saveSetting(name: string, value: string): string {
    this.statements.saveSetting.run(name, value);
    return value;
  }

  reclaimSpace(maxPages: number): boolean {
    // Not inside a write group: the caller tries again once it is committed.
    if (this.db.inTransaction) return true;
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    if (free < RECLAIM_AFTER_FREE_PAGES) return false;
    const pages = Math.max(1, Math.floor(maxPages));
    this.db.pragma(`incremental_vacuum(${pages})`);
    return free - pages >= RECLAIM_AFTER_FREE_PAGES;
  }

  /**
   * Removes the history rows of the doomed instances. When they are most of the store, the
   * rows that stay are copied into a new table that replaces the old one: dropping a table
   * frees its pages without rewriting each, where deleting row by row rewrites every page.
   */
  private removeDoomedHistory(doomed: number): void {
    const s = this.statements;
    const total = (s.countInstances.get() as { n: number }).n;
    if (doomed < REBUILD_HISTORY_AT_LEAST || doomed * 2 < total) {
      s.deleteDoomedHistory.run();
      return;
    }
    const definition = (s.tableDefinition.get('history') as { sql: string } | undefined)?.sql;
    const indexes = (s.indexCount.get('history') as { n: number }).n;
    if (definition === undefined || indexes > 0 || !/^CREATE TABLE "?history"?\s*\(/i.test(definition)) {
      s.deleteDoomedHistory.run();
      return;
    }
    this.db.exec(definition.replace(/^CREATE TABLE "?history"?/i, 'CREATE TABLE history_kept'));
    this.db.exec('INSERT INTO history_kept SELECT * FROM history WHERE instance_key NOT IN (SELECT instance_key FROM temp.doomed)');
    this.db.exec('DROP TABLE history');
    this.db.exec('ALTER TABLE history_kept RENAME TO history');
  }

  private pageOf<Row extends { created_at: number; instance_id: string }>(
    columns: string,
    conditions: string[],
    params: unknown[],
    size: number,
    token: string | undefined,
  ): Row[] {
    const where = [...conditions];
    const args = [...params];
    if (token) {
      const position = decodePageToken(token);
      where.push('(created_at < ? OR (created_at = ? AND instance_id < ?))');
      args.push(position.createdAt, position.createdAt, position.instanceId);
    }
    const sql =
      `SELECT ${columns} FROM instances` +
      (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
      ' ORDER BY created_at DESC, instance_id DESC LIMIT ?';
    return this.dynamic(sql).all(...args, size + 1) as Row[];
  }

  private toPage<Row extends { created_at: number; instance_id: string }, T>(
    rows: Row[],
    size: number,
    map: (row: Row) => T,
  ): Page<T> {
    if (rows.length <= size) return { items: rows.map(map) };
    const items = rows.slice(0, size);
    const last = items[items.length - 1]!;
    return {
      items: items.map(map),
      continuationToken: encodePageToken({ createdAt: last.created_at, instanceId: last.instance_id }),
    };
  }

  private dynamic(sql: string): Statement {
    let statement = this.dynamicStatements.get(sql);
    if (!statement) {
      if (this.dynamicStatements.size >= 200) this.dynamicStatements.clear();
      statement = this.db.prepare(sql);
      this.dynamicStatements.set(sql, statement);
    }
    return statement;
  }
}

function prepareStatements(db: SqliteDatabase) {
  return {
    beginImmediate: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    getInstance: db.prepare('SELECT * FROM instances WHERE instance_id = ?'),
    getRunStatus: db.prepare('SELECT name, status, execution_id FROM instances WHERE instance_id = ?'),
    getStatusAndExecution: db.prepare('SELECT status, execution_id FROM instances WHERE instance_id = ?'),
    insertInstance: db.prepare(
      `INSERT INTO instances (instance_id, name, status, execution_id, created_at, last_updated_at, completed_at,
         scheduled_start_at, input, output, custom_status, failure, parent_instance_id, parent_name, parent_task_id,
         version, tags, purge_at, change_seq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    updateInstance: db.prepare(
      `UPDATE instances SET status = ?, execution_id = ?, last_updated_at = ?, completed_at = ?, input = ?, output = ?,
         custom_status = ?, failure = ?, purge_at = ?, change_seq = ? WHERE instance_id = ?`,
    ),
    deleteInstance: db.prepare('DELETE FROM instances WHERE instance_id = ?'),
    getActiveChildIds: db.prepare(
      `SELECT instance_id FROM instances WHERE parent_instance_id = ? AND status NOT IN ${TERMINAL_STATUSES_SQL}`,
    ),
    getTerminalDescendants: db.prepare(
      `WITH RECURSIVE tree(id) AS (
         SELECT instance_id FROM instances WHERE parent_instance_id = ?
         UNION SELECT i.instance_id FROM instances i JOIN tree ON i.parent_instance_id = tree.id
       )
       SELECT instance_id FROM instances WHERE instance_id IN (SELECT id FROM tree) AND status IN ${TERMINAL_STATUSES_SQL}`,
    ),
    getHistory: db.prepare('SELECT events FROM history WHERE instance_key = (SELECT instance_key FROM instances WHERE instance_id = ?) ORDER BY seq'),
    lastHistorySeq: db.prepare('SELECT MAX(seq) AS last FROM history WHERE instance_key = (SELECT instance_key FROM instances WHERE instance_id = ?)'),
    insertHistory: db.prepare('INSERT INTO history (instance_key, seq, events) VALUES ((SELECT instance_key FROM instances WHERE instance_id = ?), ?, ?)'),
    deleteHistory: db.prepare('DELETE FROM history WHERE instance_key = (SELECT instance_key FROM instances WHERE instance_id = ?)'),
    getDeliverableInbox: db.prepare(
      'SELECT * FROM inbox WHERE instance_key = (SELECT instance_key FROM instances WHERE instance_id = ?) AND (visible_at IS NULL OR visible_at <= ?) ORDER BY seq',
    ),
    getAllInbox: db.prepare('SELECT * FROM inbox WHERE instance_key = (SELECT instance_key FROM instances WHERE instance_id = ?) ORDER BY seq'),
    insertInbox: db.prepare(
      'INSERT INTO inbox (instance_key, instance_id, kind, event, visible_at) SELECT instance_key, instance_id, ?, ?, ? FROM instances WHERE instance_id = ?',
    ),
    deleteInboxEntry: db.prepare('DELETE FROM inbox WHERE seq = ?'),
    deleteInbox: db.prepare('DELETE FROM inbox WHERE instance_key = (SELECT instance_key FROM instances WHERE instance_id = ?)'),
    getReadyInstanceIds: db.prepare(
      `SELECT instance_id FROM inbox WHERE visible_at IS NULL OR visible_at <= ?
       GROUP BY instance_id ORDER BY MIN(seq)`,
    ),
    getFutureInbox: db.prepare(
      'SELECT instance_id, visible_at AS at FROM inbox WHERE visible_at > ? ORDER BY visible_at',
    ),
    insertActivity: db.prepare(
      `INSERT INTO activities (instance_key, instance_id, execution_id, task_id, name, input)
       SELECT instance_key, instance_id, ?, ?, ?, ? FROM instances WHERE instance_id = ?`,
    ),
    deleteActivity: db.prepare(
      'DELETE FROM activities WHERE instance_key = (SELECT instance_key FROM instances WHERE instance_id = ?) AND task_id = ? AND execution_id = ?',
    ),
    hasActivity: db.prepare(
      'SELECT 1 FROM activities WHERE instance_key = (SELECT instance_key FROM instances WHERE instance_id = ?) AND task_id = ? AND execution_id = ?',
    ),
    deleteActivities: db.prepare('DELETE FROM activities WHERE instance_key = (SELECT instance_key FROM instances WHERE instance_id = ?)'),
    getAllActivities: db.prepare('SELECT * FROM activities ORDER BY seq'),
    lastChangeSeq: db.prepare(
      'SELECT MAX(seq) AS last FROM (SELECT MAX(change_seq) AS seq FROM instances UNION ALL SELECT MAX(change_seq) FROM removed_instances)',
    ),
    readChanges: db.prepare(
      `SELECT change_seq, instance_id, 0 AS removed FROM instances WHERE change_seq > ?
       UNION ALL SELECT change_seq, instance_id, 1 AS removed FROM removed_instances WHERE change_seq > ?
       ORDER BY change_seq LIMIT ?`,
    ),
    insertTombstone: db.prepare('INSERT INTO removed_instances (change_seq, instance_id) VALUES (?, ?)'),
    tombstoneCut: db.prepare('SELECT change_seq AS seq FROM removed_instances ORDER BY change_seq DESC LIMIT 1 OFFSET ?'),
    deleteTombstonesUpTo: db.prepare('DELETE FROM removed_instances WHERE change_seq <= ?'),
    clearTombstones: db.prepare('DELETE FROM removed_instances'),
    getSetting: db.prepare('SELECT value FROM store_settings WHERE name = ?'),
    saveSetting: db.prepare('INSERT INTO store_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value'),
    clearDoomed: db.prepare('DELETE FROM temp.doomed'),
    addDoomedDescendants: db.prepare(
      `INSERT OR IGNORE INTO temp.doomed (instance_key, instance_id)
       WITH RECURSIVE tree(id) AS (
         SELECT instance_id FROM temp.doomed
         UNION SELECT i.instance_id FROM instances i JOIN tree ON i.parent_instance_id = tree.id
       )
       SELECT instance_key, instance_id FROM instances WHERE instance_id IN (SELECT id FROM tree) AND status IN ${TERMINAL_STATUSES_SQL}`,
    ),
    countInstances: db.prepare('SELECT COUNT(*) AS n FROM instances'),
    tableDefinition: db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?"),
    indexCount: db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL"),
    countDoomed: db.prepare('SELECT COUNT(*) AS n FROM temp.doomed'),
    selectExpired: db.prepare(
      `INSERT INTO temp.doomed (instance_key, instance_id) SELECT instance_key, instance_id FROM instances
       WHERE purge_at IS NOT NULL AND purge_at <= ? AND status IN ${TERMINAL_STATUSES_SQL} ORDER BY purge_at LIMIT ?`,
    ),
    nextPurgeAt: db.prepare('SELECT MIN(purge_at) AS at FROM instances WHERE purge_at IS NOT NULL'),
    deleteDoomedHistory: db.prepare('DELETE FROM history WHERE instance_key IN (SELECT instance_key FROM temp.doomed)'),
    deleteDoomedInbox: db.prepare('DELETE FROM inbox WHERE instance_key IN (SELECT instance_key FROM temp.doomed)'),
    deleteDoomedActivities: db.prepare('DELETE FROM activities WHERE instance_key IN (SELECT instance_key FROM temp.doomed)'),
    deleteDoomedInstances: db.prepare('DELETE FROM instances WHERE instance_key IN (SELECT instance_key FROM temp.doomed)'),
    insertDoomedTombstones: db.prepare(
      'INSERT INTO removed_instances (change_seq, instance_id) SELECT ? + ROW_NUMBER() OVER (ORDER BY instance_key), instance_id FROM temp.doomed',
    ),
  };
}
