/**
 * Brings a store to the schema this program writes: a new file gets every step (and
 * incremental auto-vacuum, so purges can give space back); an older store gets the steps it
 * lacks, each in its own transaction, so a crash mid-way leaves a store at a known version;
 * a newer or unknown store is refused with one sentence and left untouched.
 */
import type { Database } from 'better-sqlite3';
import { OLDEST_MIGRATABLE_VERSION, SCHEMA_STEPS, SCHEMA_VERSION } from './schema.js';
import { StoreVersionError } from './store-errors.js';

/** SQLite's value of `PRAGMA auto_vacuum` for INCREMENTAL. */
const AUTO_VACUUM_INCREMENTAL = 2;

/** What migrateStore did, for the log. */
export interface MigrationReport {
  readonly fromVersion: number;
  readonly toVersion: number;
  /** Descriptions of the steps applied to an existing store (empty for a new one). */
  readonly applied: readonly string[];
}

/** Migrates `db` (the store file `file`) to SCHEMA_VERSION; throws StoreVersionError when it cannot. */
export function migrateStore(db: Database, file: string): MigrationReport {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new StoreVersionError(
      `The store ${file} was written by a newer version of dapr-workflow-tui (schema ${version}; this one reads up to ${SCHEMA_VERSION}); upgrade, or choose another --data-dir.`,
    );
  }
  const isNew = version === 0;
  if (isNew) {
    const tables = db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
    if (tables.n > 0) {
      throw new StoreVersionError(`The file ${file} is an SQLite database but not a workflow store; choose another --data-dir.`);
    }
    // Must be chosen before the first table exists.
    db.pragma('auto_vacuum = INCREMENTAL');
  } else if (version < OLDEST_MIGRATABLE_VERSION) {
    throw new StoreVersionError(
      `The store ${file} has the layout of an early development build (schema ${version}); move it away or delete it to start afresh.`,
    );
  }
  const applied: string[] = [];
  for (const step of SCHEMA_STEPS) {
    if (step.version <= version) continue;
    db.transaction(() => {
      step.up(db);
      db.pragma(`user_version = ${step.version}`);
    }).immediate();
    if (!isNew) applied.push(`${step.version}: ${step.description}`);
  }
  if ((db.pragma('auto_vacuum', { simple: true }) as number) !== AUTO_VACUUM_INCREMENTAL) {
    // A store made before incremental vacuum: one rebuild switches it on.
    db.pragma('auto_vacuum = INCREMENTAL');
    db.exec('VACUUM');
    applied.push('incremental vacuum switched on');
  }
  return { fromVersion: version, toVersion: SCHEMA_VERSION, applied };
}
