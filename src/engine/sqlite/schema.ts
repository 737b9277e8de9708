/**
 * The SQLite schema of the embedded sidecar's store. One table per concept of the storage
 * contract (instances, history, inbox, activity tasks); events are JSON text of the domain
 * types. `SCHEMA_VERSION` is kept in `PRAGMA user_version`.
 */

/** The schema version this code writes and reads. */
export const SCHEMA_VERSION = 2;

/**
 * Statements that create the schema when it is missing (idempotent).
 *
 * Every instance has an integer key (in creation order) besides its ID; the history, inbox
 * and activity rows are keyed by it, so the rows of the instances that are busy now sit
 * together at the end of each B-tree and a commit touches few pages.
 */
export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS instances (
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
  parent_task_id     INTEGER,
  version            TEXT,
  tags               TEXT
);
CREATE INDEX IF NOT EXISTS instances_by_created ON instances (created_at DESC, instance_id DESC);
CREATE INDEX IF NOT EXISTS instances_by_parent ON instances (parent_instance_id) WHERE parent_instance_id IS NOT NULL;

-- One row per write (an orchestrator turn, a termination): a JSON array of the events it
-- appended, in order. Reading a history concatenates the rows in seq order.
CREATE TABLE IF NOT EXISTS history (
  instance_key INTEGER NOT NULL,
  seq          INTEGER NOT NULL,
  events       TEXT NOT NULL,
  PRIMARY KEY (instance_key, seq)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS inbox (
  seq          INTEGER PRIMARY KEY,
  instance_key INTEGER NOT NULL,
  instance_id  TEXT NOT NULL,
  kind         TEXT NOT NULL,
  event        TEXT NOT NULL,
  visible_at   INTEGER
);
CREATE INDEX IF NOT EXISTS inbox_by_instance ON inbox (instance_key, seq);
CREATE INDEX IF NOT EXISTS inbox_by_visible_at ON inbox (visible_at) WHERE visible_at IS NOT NULL;

CREATE TABLE IF NOT EXISTS activities (
  seq          INTEGER PRIMARY KEY,
  instance_key INTEGER NOT NULL,
  instance_id  TEXT NOT NULL,
  execution_id TEXT NOT NULL,
  task_id      INTEGER NOT NULL,
  name         TEXT NOT NULL,
  input        TEXT
);
CREATE INDEX IF NOT EXISTS activities_by_task ON activities (instance_key, task_id);
`;

/**
 * Instance columns added after the first release of schema 2, with their SQL types. A store
 * made before them gets them at open (ALTER TABLE ... ADD COLUMN; existing rows read NULL).
 * `tags` holds a JSON object of strings.
 */
export const ADDED_COLUMNS: readonly (readonly [column: string, type: string])[] = [
  ['version', 'TEXT'],
  ['tags', 'TEXT'],
];

/** The statuses stored for finished instances, as an SQL list. */
export const TERMINAL_STATUSES_SQL = `('COMPLETED','FAILED','TERMINATED','CANCELED')`;
