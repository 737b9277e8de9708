/**
 * One process per store: a lock file beside the database (`<file>.lock`) holds the owner's
 * PID, its command line and when it took the lock. A second process is refused with one
 * sentence naming the first; a lock left behind by a process that no longer runs (a crash,
 * kill -9) is taken over. The lock is created atomically (O_EXCL), so two processes that
 * start at once cannot both win.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { StoreLockedError } from './store-errors.js';

/** A held lock. */
export interface StoreLock {
  /** The lock file's path. */
  readonly path: string;
  /** Records where the owner can be reached (shown to a refused second process). */
  describeOwner(address: string): void;
  /** Removes the lock file when it is still ours. Safe to call twice. */
  release(): void;
}

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  readonly since: string;
  readonly address?: string;
}

/** Locks held by this process, by path: a second open in the same process is refused too. */
const heldHere = new Set<string>();

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof value.pid !== 'number' || !Number.isInteger(value.pid) || value.pid <= 0) return undefined;
    return {
      pid: value.pid,
      host: String(value.host ?? ''),
      command: String(value.command ?? ''),
      since: String(value.since ?? ''),
      ...(typeof value.address === 'string' && { address: value.address }),
    };
  } catch {
    return undefined;
  }
}

function ownerText(owner: LockOwner): string {
  const what = owner.command ? ` (${owner.command})` : '';
  const where = owner.address ? `, serving on ${owner.address}` : '';
  const since = owner.since ? ` since ${owner.since}` : '';
  return `process ${owner.pid}${what}${since}${where}`;
}

function commandLine(): string {
  const args = process.argv.slice(2).join(' ');
  return `${process.argv[1]?.split('/').pop() ?? 'node'}${args ? ` ${args}` : ''}`.slice(0, 200);
}

function writeOwner(fd: number, owner: LockOwner): void {
  writeSync(fd, `${JSON.stringify(owner)}\n`);
}

/**
 * Takes the lock of the store `databaseFile`; throws StoreLockedError naming the owner when
 * another running process (or this one) holds it.
 */
export function lockStore(databaseFile: string): StoreLock {
  const path = `${databaseFile}.lock`;
  if (heldHere.has(path)) {
    throw new StoreLockedError(`The store ${databaseFile} is already open in this process (${process.pid}).`);
  }
  const owner: LockOwner = { pid: process.pid, host: hostname(), command: commandLine(), since: new Date().toISOString() };
  for (let attempt = 0; ; attempt += 1) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw error;
      const current = readOwner(path);
      if (current && current.host === owner.host && isRunning(current.pid) && current.pid !== process.pid) {
        throw new StoreLockedError(
          `The store ${databaseFile} is in use by ${ownerText(current)}; stop it, or attach to it with --sidecar instead of opening the store twice.`,
        );
      }
      // Left behind by a process that has ended (or unreadable): take it over.
      rmSync(path, { force: true });
      continue;
    }
    try {
      writeOwner(fd, owner);
    } finally {
      closeSync(fd);
    }
    break;
  }
  heldHere.add(path);
  let isReleased = false;
  return {
    path,
    describeOwner(address: string) {
      if (isReleased) return;
      const current = readOwner(path);
      if (current?.pid !== process.pid) return;
      try {
        const fd = openSync(path, 'w');
        try {
          writeOwner(fd, { ...current, address });
        } finally {
          closeSync(fd);
        }
      } catch {
        // The lock still holds without the address.
      }
    },
    release() {
      if (isReleased) return;
      isReleased = true;
      heldHere.delete(path);
      if (readOwner(path)?.pid === process.pid) rmSync(path, { force: true });
    },
  };
}
