/**
 * Keeps the instance IDs the console started or watched in a small JSON file, so they are
 * tracked again after a restart (a sidecar that cannot list instances would forget them).
 * Writes are coalesced and atomic (temporary file, then rename); a missing or unreadable
 * file counts as empty.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The IDs kept across restarts. */
export interface TrackedIds {
  readonly started: readonly string[];
  readonly watched: readonly string[];
}

const EMPTY: TrackedIds = { started: [], watched: [] };

function onlyStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.length > 0) : [];
}

/** Parses the file's text; anything unexpected yields the empty set. */
export function parseTrackedIds(text: string): TrackedIds {
  try {
    const data: unknown = JSON.parse(text);
    if (typeof data !== 'object' || data === null) return EMPTY;
    const record = data as Record<string, unknown>;
    return { started: onlyStrings(record['started']), watched: onlyStrings(record['watched']) };
  } catch {
    return EMPTY;
  }
}

/** Reads and writes the tracked-ID file; without a path it keeps nothing. */
export class TrackedIdStore {
  private pending: TrackedIds | undefined;
  private writing: Promise<void> | undefined;
  /** Sequence number of the newest save, and of the one on disk: an older write never lands after a newer one. */
  private sequence = 0;
  private onDisk = 0;
  /** The last write error, if the file could not be written (the console keeps working). */
  lastError: unknown;

  constructor(private readonly path: string | undefined) {}

  /** The IDs saved by an earlier run (empty when there is no file or it is unreadable). */
  load(): TrackedIds {
    if (!this.path) return EMPTY;
    try {
      return parseTrackedIds(readFileSync(this.path, 'utf8'));
    } catch {
      return EMPTY;
    }
  }

  /** Schedules a write of `ids`; later calls replace earlier unwritten ones. */
  save(ids: TrackedIds): void {
    if (!this.path) return;
    this.pending = ids;
    this.sequence += 1;
    if (!this.writing) this.writing = this.drain();
  }

  /** Resolves when every scheduled write has finished. */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** Writes what is still pending synchronously (for shutdown). */
  flushSync(): void {
    if (!this.path || !this.pending) return;
    const ids = this.pending;
    const sequence = this.sequence;
    this.pending = undefined;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      const temporary = `${this.path}.${process.pid}-${sequence}.tmp`;
      writeFileSync(temporary, serialize(ids));
      renameSync(temporary, this.path);
      this.onDisk = sequence;
    } catch (error) {
      this.lastError = error;
    }
  }

  private async drain(): Promise<void> {
    const path = this.path!;
    try {
      while (this.pending) {
        const ids = this.pending;
        const sequence = this.sequence;
        this.pending = undefined;
        try {
          await mkdir(dirname(path), { recursive: true });
          const temporary = `${path}.${process.pid}-${sequence}.tmp`;
          await writeFile(temporary, serialize(ids));
          if (sequence > this.onDisk) {
            await rename(temporary, path);
            this.onDisk = Math.max(this.onDisk, sequence);
          } else {
            await rm(temporary, { force: true });
          }
        } catch (error) {
          this.lastError = error;
        }
      }
    } finally {
      this.writing = undefined;
    }
  }
}

function serialize(ids: TrackedIds): string {
  return `${JSON.stringify({ version: 1, started: ids.started, watched: ids.watched }, null, 2)}\n`;
}
