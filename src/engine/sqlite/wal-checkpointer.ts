/**
 * Moves WAL checkpoints of a file store off the main thread. A checkpoint copies the WAL into
 * the database file and waits for the disk (fsync); done by the connection that writes, it
 * would stall every dispatch behind it. A worker thread with its own connection runs passive
 * checkpoints (they never block the writer) a few times a second instead.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints. */
const CHECKPOINT_INTERVAL_MS = 200;

// Plain CommonJS run by the worker thread (no TypeScript loader needed there).
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
db.pragma('synchronous = NORMAL');
let stopped = false;
const checkpoint = () => {
  if (stopped) return;
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  stopped = true;
  clearInterval(timer);
  try { db.close(); } catch {}
  parentPort.close();
});
`;

/** A running background checkpointer. */
export interface WalCheckpointer {
  /** Stops the thread (its connection closes); the writer checkpoints on its own afterwards. */
  stop(): void;
}

/** Starts checkpointing `file` (a WAL-mode database that exists) from a worker thread. */
export function startWalCheckpointer(file: string, onError: (message: string) => void): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, driver, intervalMs: CHECKPOINT_INTERVAL_MS },
  });
  worker.unref();
  worker.on('message', (message: { error?: string }) => {
    if (message.error) onError(message.error);
  });
  worker.on('error', (error) => onError(error.message));
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      worker.postMessage('stop');
    },
  };
}
