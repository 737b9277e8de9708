/**
 * The SQLite implementation of the storage contract (../backend.ts), on better-sqlite3.
 * A file store runs in WAL mode with synchronous=NORMAL: a committed transaction survives a
 * crash of the process; WAL checkpoints run on a background thread (./wal-checkpointer.ts).
 * Every write method is one transaction (or savepoint) over prepared statements.
 */
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
import { InstanceExistsError, isTerminalStatus, type HistoryEvent, type InstanceQuery, type Page, type PurgeFilter, type RuntimeStatus } from '../../model/index.js';
import { decodePageToken, encodePageToken } from './page-token.js';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer.js';
import { ADDED_COLUMNS, SCHEMA_SQL, SCHEMA_VERSION, TERMINAL_STATUSES_SQL } from './schema.js';

/** Where the store lives: a file path, or ':memory:' for a store that ends with the process. */
export interface SqliteBackendOptions {
  readonly file: string;
  /** Where problems of the background checkpointer are reported. */
  readonly onWarning?: (message: string) => void;
}

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

/** Opens (creating when missing) a SQLite store. */
export function openSqliteBackend(options: SqliteBackendOptions): Backend {
  return new SqliteBackend(options.file, options.onWarning ?? (() => {}));
}

class SqliteBackend implements Backend {
  private readonly db: SqliteDatabase;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly dynamicStatements = new Map<string, Statement>();
  private readonly runAtomically: Transaction<(work: () => unknown) => unknown>;

  private checkpointer: WalCheckpointer | undefined;

  constructor(file: string, onWarning: (message: string) => void) {
    this.db = new Database(file);
    const isFile = file !== ':memory:';
    if (isFile) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('busy_timeout = 5000');
      this.db.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES}`);
      this.db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    }
    this.db.pragma('foreign_keys = OFF');
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      this.db.close();
      throw new Error(`The database ${file} was written by a newer version (schema ${version}); this version reads schema ${SCHEMA_VERSION}.`);
    }
    if (version !== 0 && version < SCHEMA_VERSION) {
      this.db.close();
      throw new Error(
        `The database ${file} has the layout of an early development build (schema ${version}); move it away or delete it to start afresh.`,
      );
    }
    this.db.transaction(() => {
      this.db.exec(SCHEMA_SQL);
      addMissingColumns(this.db);
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
    this.statements = prepareStatements(this.db);
    this.runAtomically = this.db.transaction((work: () => unknown) => work());
    if (isFile) {
      this.checkpointer = startWalCheckpointer(file, (message) => onWarning(`Background checkpoint of ${file} failed: ${message}`));
    }
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
    const select = this.dynamic(`SELECT instance_id FROM instances WHERE ${conditions.join(' AND ')}`);
    return this.transaction(() => {
      const ids = (select.all(...params) as { instance_id: string }[]).map((row) => row.instance_id);
      let count = 0;
      for (const id of ids) {
        const descendants = recursive
          ? (this.statements.getTerminalDescendants.all(id) as { instance_id: string }[]).map((row) => row.instance_id)
          : [];
        for (const member of [id, ...descendants]) count += this.deleteInstance(member);
      }
      return count;
    });
  }

  loadPendingWork(now: number): PendingWork {
    const s = this.statements;
    const ready = (s.getReadyInstanceIds.all(now) as { instance_id: string }[]).map((row) => row.instance_id);
    const timers = (s.getFutureInbox.all(now) as { instance_id: string; at: number }[]).map((row) => ({
      instanceId: row.instance_id,
      visibleAt: row.at,
    }));
    const activities = (s.getAllActivities.all() as ActivityRow[]).map(toActivity);
    return { readyInstanceIds: ready, timers, activities };
  }

  close(): void {
    if (!this.db.open) return;
    this.checkpointer?.stop();
    this.checkpointer = undefined;
    this.commitGroup();
    this.db.close();
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
    return s.deleteInstance.run(instanceId).changes;
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

/** Adds the columns of ADDED_COLUMNS a store made before them lacks (additive; old rows read as NULL). */
function addMissingColumns(db: SqliteDatabase): void {
  const present = new Set((db.pragma('table_info(instances)') as { name: string }[]).map((column) => column.name));
  for (const [column, type] of ADDED_COLUMNS) {
    if (!present.has(column)) db.exec(`ALTER TABLE instances ADD COLUMN ${column} ${type}`);
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
         scheduled_start_at, input, output, custom_status, failure, parent_instance_id, parent_name, parent_task_id, version, tags)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    updateInstance: db.prepare(
      `UPDATE instances SET status = ?, execution_id = ?, last_updated_at = ?, completed_at = ?, input = ?, output = ?,
         custom_status = ?, failure = ? WHERE instance_id = ?`,
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
  };
}
