/**
 * What can go wrong with the store, as typed errors with one sentence each: another process
 * holds it, a newer program wrote it, the disk is full, the file is damaged. SQLite's own
 * error codes are turned into these here and nowhere else.
 */
import { StoreDamagedError, StoreFullError } from '../../model/index.js';

/** The store cannot be opened now; the message says why, in one sentence. */
export class StoreOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Another process (named in the message) has the store open. */
export class StoreLockedError extends StoreOpenError {}

/** The store was written by a newer version of the program, or has a layout this one does not know. */
export class StoreVersionError extends StoreOpenError {}

function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** True for SQLite's "the disk (or the store's size limit) is full" errors, and ENOSPC. */
function isFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC';
}

function isDamaged(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== undefined && /^SQLITE_(CORRUPT|NOTADB|IOERR)/.test(code);
}

/**
 * The typed error for a storage failure of `file` (StoreFullError, StoreDamagedError), or
 * `error` itself when it is not one.
 */
export function storeErrorOf(error: unknown, file: string): unknown {
  if (error instanceof StoreFullError || error instanceof StoreDamagedError) return error;
  if (isFull(error)) {
    return new StoreFullError(
      `The workflow store ${file} is full (no space left on its disk); the call was not applied and stored instances are unchanged — free some space, or purge finished instances.`,
    );
  }
  if (isDamaged(error)) {
    return new StoreDamagedError(
      `The workflow store ${file} cannot be read or written (${(error as Error).message}); stop the sidecar and check or restore the file.`,
    );
  }
  return error;
}

/** The sentence for a store that cannot be opened because the file is not a usable database. */
export function unopenableStoreError(error: unknown, file: string): unknown {
  const code = sqliteCode(error);
  if (code !== undefined && /^SQLITE_(CORRUPT|NOTADB)/.test(code)) {
    return new StoreOpenError(
      `The file ${file} is not a readable workflow store (${(error as Error).message}); move it away to start afresh, or restore it from a backup.`,
    );
  }
  if (isFull(error)) {
    return new StoreOpenError(`The workflow store ${file} cannot be opened: its disk is full; free some space and start again.`);
  }
  return error;
}
