/**
 * The SQLite schema of the embedded sidecar's store, as an ordered list of steps. One table
 * per concept of the storage contract (instances, history, inbox, activity tasks); events
 * are JSON text of the domain types. The store records the last step applied in
 * `PRAGMA user_version`: a newer program applies the steps an older store lacks, in order,
 * each in one transaction; a store with a version above the last step is refused.
 * Version 1 was a development layout that is not migrated.
 */
import type { Database } from 'better-sqlite3';

/** One step of the schema: what `up` adds to a store at version `version - 1`. */
export interface SchemaStep {
  /** The version a store has once this step is applied. */
  readonly version: number;
  /** What the step adds, in a few words (logged when it runs on an existing store). */
  readonly description: string;
  /** Applies the step (called inside a transaction). */
  readonly up: (db: Database) => void;
}

/**
 * The store as the first released layout created it (version 2).
 *
 * Every instance has an integer key (in creation order) besides its ID; the history, inbox
 * and activity rows are keyed by it, so the rows of the instances that are busy now sit
 * together at the end of each B-tree and a commit touches few pages.
 */
export const BASELINE_SCHEMA_SQL = `
CREATE TABLE instances (
  instance_key       INTEGER PRIMARY KEY,
  instance_id        TEXT NOT NULL UNIQUE,
  name               TEXT NOT NULL,
  status             TEXT NOT NULL,
  execution_id       TEXT NOT NULL,
  created_at         INTEGER NOT NULL,
  last_updated_at    INTEGER NOT NULL,
  completed_at       INTEGER,
  scheduled_start_at INTEGER,
  input              TEXT,
  output             TEXT,
  custom_status      TEXT,
  failure            TEXT,
  parent_instance_id TEXT,
  parent_name        TEXT,
  parent_task_id     INTEGER
);
CREATE INDEX instances_by_created ON instances (created_at DESC, instance_id DESC);
CREATE INDEX instances_by_parent ON instances (parent_instance_id) WHERE parent_instance_id IS NOT NULL;

-- One row per write (an orchestrator turn, a termination): a JSON array of the events it
-- appended, in order. Reading a history concatenates the rows in seq order.
CREATE TABLE history (
  instance_key INTEGER NOT NULL,
  seq          INTEGER NOT NULL,
  events       TEXT NOT NULL,
  PRIMARY KEY (instance_key, seq)
) WITHOUT ROWID;

CREATE TABLE inbox (
  seq          INTEGER PRIMARY KEY,
  instance_key INTEGER NOT NULL,
  instance_id  TEXT NOT NULL,
  kind         TEXT NOT NULL,
  event        TEXT NOT NULL,
  visible_at   INTEGER
);
CREATE INDEX inbox_by_instance ON inbox (instance_key, seq);
CREATE INDEX inbox_by_visible_at ON inbox (visible_at) WHERE visible_at IS NOT NULL;

CREATE TABLE activities (
  seq          INTEGER PRIMARY KEY,
  instance_key INTEGER NOT NULL,
  instance_id  TEXT NOT NULL,
  execution_id TEXT NOT NULL,
  task_id      INTEGER NOT NULL,
  name         TEXT NOT NULL,
  input        TEXT
);
CREATE INDEX activities_by_task ON activities (instance_key, task_id);
`;

/**
 * Version 4: the change feed and retention.
 * - `change_seq`: every write of an instance row takes the next number of one store-wide
 *   sequence, so "what changed since N" is an index range; `removed_instances` keeps the
 *   sequence numbers of recent removals (tombstones) for the same read.
 * - `purge_at`: when a retention policy purges the finished instance.
 * - `store_settings`: small named values (the store's identity, the oldest tombstone kept).
 */
const CHANGE_FEED_AND_RETENTION_SQL = `
ALTER TABLE instances ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE instances ADD COLUMN purge_at INTEGER;
UPDATE instances SET change_seq = instance_key;
CREATE INDEX instances_by_change ON instances (change_seq);
CREATE INDEX instances_by_purge_at ON instances (purge_at) WHERE purge_at IS NOT NULL;

CREATE TABLE removed_instances (
  change_seq  INTEGER PRIMARY KEY,
  instance_id TEXT NOT NULL
);

CREATE TABLE store_settings (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`;

/**
 * Version 3: an instance's workflow version and tags (`tags` holds a JSON object of strings).
 * Stores written by version 2 builds that already added these columns keep them as they are.
 */
function addVersionAndTags(db: Database): void {
  const present = new Set((db.pragma('table_info(instances)') as { name: string }[]).map((column) => column.name));
  if (!present.has('version')) db.exec('ALTER TABLE instances ADD COLUMN version TEXT');
  if (!present.has('tags')) db.exec('ALTER TABLE instances ADD COLUMN tags TEXT');
}

/** Every step, oldest first. A new layout is one more step at the end. */
export const SCHEMA_STEPS: readonly SchemaStep[] = [
  { version: 2, description: 'instances, history, inbox and activity tasks', up: (db) => db.exec(BASELINE_SCHEMA_SQL) },
  { version: 3, description: 'workflow version and tags', up: addVersionAndTags },
  { version: 4, description: 'change feed and retention', up: (db) => db.exec(CHANGE_FEED_AND_RETENTION_SQL) },
];

/** The schema version this code writes and reads: the last step's. */
export const SCHEMA_VERSION = SCHEMA_STEPS[SCHEMA_STEPS.length - 1]!.version;

/** The oldest version the steps can migrate from (0 = an empty file). */
export const OLDEST_MIGRATABLE_VERSION = SCHEMA_STEPS[0]!.version;

/** The statuses stored for finished instances, as an SQL list. */
export const TERMINAL_STATUSES_SQL = `('COMPLETED','FAILED','TERMINATED','CANCELED')`;
