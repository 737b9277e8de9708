/**
 * A store that lasts: migration of a store written by the first released layout, refusal of
 * a newer or foreign one, one process per store (a second one is told who holds it; a lock
 * left by a killed process is taken over), a damaged file, a full disk (a real tmpfs, which
 * needs root: CI runs as root), purge by filter giving space back, and the change feed.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { Backend, InstanceRecord, NewInboxEvent } from '../../../src/engine/backend.js';
import { StoreFullError } from '../../../src/model/index.js';
import { BASELINE_SCHEMA_SQL, SCHEMA_VERSION } from '../../../src/engine/sqlite/schema.js';
import { openSqliteBackend } from '../../../src/engine/sqlite/sqlite-backend.js';
import { StoreLockedError, StoreOpenError, StoreVersionError } from '../../../src/engine/sqlite/store-errors.js';

const FIXTURE = new URL('../../fixtures/stores/schema-2.db', import.meta.url).pathname;
const T0 = 1_700_000_000_000;

function record(instanceId: string, overrides: Partial<InstanceRecord> = {}): InstanceRecord {
  return { instanceId, name: 'flow', status: 'PENDING', executionId: `${instanceId}-e1`, createdAt: T0, lastUpdatedAt: T0, ...overrides };
}

function started(instanceId: string, input?: string): NewInboxEvent {
  return { event: { eventId: -1, timestamp: T0, kind: 'ExecutionStarted', name: 'flow', executionId: `${instanceId}-e1`, ...(input !== undefined && { input }) } };
}

function finish(backend: Backend, instanceId: string, status: 'COMPLETED' | 'FAILED', output?: string): void {
  const at = T0 + 10;
  backend.finishInstance(
    instanceId,
    [{ eventId: -1, timestamp: at, kind: 'ExecutionCompleted', status, ...(output !== undefined && { result: output }) } as never],
    { status, executionId: `${instanceId}-e1`, lastUpdatedAt: at, completedAt: at, ...(output !== undefined && { output }) },
    [],
  );
}

function isOneSentence(text: string): boolean {
  return !text.includes('\n') && !/\bat .+:\d+:\d+/.test(text) && /[.!]$/.test(text);
}

describe('store lifecycle', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dwt-store-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates a store written by schema 2 and keeps every instance, history, inbox and activity call', () => {
    const file = join(dir, 'workflows.db');
    copyFileSync(FIXTURE, file);
    const infos: string[] = [];
    const backend = openSqliteBackend({ file, onInfo: (message) => infos.push(message) });
    try {
      assert.match(infos.join('\n'), new RegExp(`from schema 2 to ${SCHEMA_VERSION}`));
      const completed = backend.getInstance('order-1');
      assert.equal(completed?.status, 'COMPLETED');
      assert.equal(completed?.output, '"done"');
      assert.equal(backend.getHistory('order-1').length, 2);
      assert.equal(backend.getInstance('order-2')?.customStatus, '"waiting"');
      const pending = backend.loadPendingWork(T0 + 100);
      assert.deepEqual(pending.readyInstanceIds, ['approval-1']);
      assert.deepEqual(pending.activities.map((task) => task.name), ['ChargeCard']);
      // New features work on the migrated store.
      const head = backend.readChanges(undefined, 10);
      backend.createInstance(record('after-migration'), started('after-migration'));
      const changes = backend.readChanges(head.cursor, 10);
      assert.deepEqual(changes.changed.map((item) => item.instanceId), ['after-migration']);
      assert.equal(backend.purgeInstances({ statuses: ['COMPLETED'] }), 1);
    } finally {
      backend.close();
    }
    const db = new Database(file, { readonly: true });
    try {
      assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
      assert.equal(db.pragma('auto_vacuum', { simple: true }), 2, 'incremental vacuum is on after the migration');
    } finally {
      db.close();
    }
    // Opening again applies nothing more.
    const again: string[] = [];
    openSqliteBackend({ file, onInfo: (message) => again.push(message) }).close();
    assert.deepEqual(again, []);
  });

  it('migrates a schema 2 store that already has the version and tags columns (added in place by later schema 2 builds)', () => {
    const file = join(dir, 'workflows.db');
    const db = new Database(file);
    db.exec(BASELINE_SCHEMA_SQL);
    db.exec('ALTER TABLE instances ADD COLUMN version TEXT; ALTER TABLE instances ADD COLUMN tags TEXT');
    db.prepare(
      `INSERT INTO instances (instance_id, name, status, execution_id, created_at, last_updated_at, version, tags)
       VALUES ('tagged', 'flow', 'COMPLETED', 'e1', ?, ?, 'v2', '{"team":"a"}')`,
    ).run(T0, T0);
    db.pragma('user_version = 2');
    db.close();
    const backend = openSqliteBackend({ file });
    try {
      const stored = backend.getInstance('tagged');
      assert.equal(stored?.version, 'v2');
      assert.deepEqual(stored?.tags, { team: 'a' });
    } finally {
      backend.close();
    }
  });

  it('refuses a store of a newer schema, and an SQLite file that is not a store, with one sentence and without touching them', () => {
    const newer = join(dir, 'newer.db');
    const db = new Database(newer);
    db.exec('CREATE TABLE future (x)');
    db.pragma('user_version = 99');
    db.close();
    assert.throws(
      () => openSqliteBackend({ file: newer }),
      (error: unknown) => error instanceof StoreVersionError && /newer version/.test(error.message) && isOneSentence(error.message),
    );
    const check = new Database(newer, { readonly: true });
    assert.equal(check.pragma('user_version', { simple: true }), 99);
    check.close();

    const foreign = join(dir, 'foreign.db');
    const other = new Database(foreign);
    other.exec('CREATE TABLE notes (text)');
    other.close();
    assert.throws(
      () => openSqliteBackend({ file: foreign }),
      (error: unknown) => error instanceof StoreVersionError && /not a workflow store/.test(error.message),
    );
    // The refused stores left no lock behind: a good store opens in the same directory.
    openSqliteBackend({ file: join(dir, 'fine.db') }).close();
  });

  it('refuses a damaged file with one sentence', () => {
    const file = join(dir, 'workflows.db');
    writeFileSync(file, Buffer.alloc(8192, 0x5a));
    assert.throws(
      () => openSqliteBackend({ file }),
      (error: unknown) => error instanceof StoreOpenError && /not a readable workflow store/.test(error.message) && isOneSentence(error.message),
    );
  });

  it('refuses a second process with a sentence naming the first, and takes over the lock of a killed one', async () => {
    const file = join(dir, 'workflows.db');
    openSqliteBackend({ file }).close();
    const holder = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { openSqliteBackend } = await import(${JSON.stringify(new URL('../../../src/engine/sqlite/sqlite-backend.ts', import.meta.url).pathname)});
         const store = openSqliteBackend({ file: ${JSON.stringify(file)} });
         store.describeOwner('127.0.0.1:45678');
         process.stdout.write('open\\n');
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('open') && resolve());
        holder.once('exit', (code) => reject(new Error(`the holder exited early (${code})`)));
      });
      assert.throws(
        () => openSqliteBackend({ file }),
        (error: unknown) =>
          error instanceof StoreLockedError &&
          error.message.includes(`process ${holder.pid}`) &&
          error.message.includes('127.0.0.1:45678') &&
          isOneSentence(error.message),
      );
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => (holder.exitCode !== null || holder.signalCode !== null ? resolve(undefined) : holder.once('exit', resolve)));
    }
    // The holder died without releasing the lock: the next process takes it over.
    const backend = openSqliteBackend({ file });
    assert.throws(() => openSqliteBackend({ file }), StoreLockedError, 'a second open in the same process is refused too');
    backend.close();
  });

  for (const count of [3000, 6000]) {
    it(`gives freed space back after a purge by filter of ${count * 0.9} of ${count} instances, keeping the others whole`, () => {
      const file = join(dir, 'workflows.db');
      const backend = openSqliteBackend({ file });
      const payload = JSON.stringify('x'.repeat(2000));
      const kept: string[] = [];
      backend.beginGroup();
      for (let i = 0; i < count; i += 1) {
        const id = `i-${i}`;
        backend.createInstance(record(id, { createdAt: T0 + i, input: payload }), started(id, payload));
        if (i % 10 === 0) {
          backend.commitTurn({
            instanceId: id,
            executionId: `${id}-e1`,
            consumedInboxSeqs: backend.getDeliverableInbox(id, T0).map((entry) => entry.seq),
            resetHistory: false,
            historyAppend: [{ eventId: -1, timestamp: T0, kind: 'OrchestratorStarted' }],
            update: { status: 'RUNNING', executionId: `${id}-e1`, lastUpdatedAt: T0 },
            activities: [],
            selfInbox: [],
            carryUndeliveredEvents: false,
            dropPendingWork: false,
            childStarts: [],
            messages: [],
          });
          kept.push(id);
        } else {
          finish(backend, id, 'COMPLETED', payload);
        }
      }
      backend.commitGroup();
      // The backend's own checkpointer may hold the WAL at that moment: retry until one completes.
      const checkpoint = () => {
        const db = new Database(file);
        db.pragma('busy_timeout = 5000');
        const deadline = Date.now() + 10_000;
        while ((db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[])[0]!.busy !== 0) {
          assert.ok(Date.now() < deadline, 'a checkpoint completes within 10 s');
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
        }
        db.close();
      };
      checkpoint();
      const before = statSync(file).size;
      const startedAt = performance.now();
      assert.equal(backend.purgeInstances({ statuses: ['COMPLETED'] }), count * 0.9);
      const purgeMs = performance.now() - startedAt;
      let slices = 0;
      while (backend.reclaimSpace(500)) slices += 1;
      assert.ok(slices > 0, 'the space comes back in slices');
      checkpoint();
      const after = statSync(file).size;
      for (const id of kept) assert.equal(backend.getHistory(id).length, 1, `${id} keeps its history`);
      assert.equal(backend.getInstance('i-1'), undefined);
      assert.deepEqual(backend.getHistory('i-1'), []);
      backend.close();
      assert.ok(after < before / 4, `the file shrank from ${before} to ${after} bytes`);
      assert.ok(purgeMs < 5000, `${count * 0.9} instances purged in ${purgeMs.toFixed(0)} ms`);
    });
  }

  it('reads what changed since a cursor: writes in order, removals, and a reset for a stale or foreign cursor', () => {
    const backend = openSqliteBackend({ file: ':memory:' });
    try {
      const head = backend.readChanges(undefined, 100);
      assert.equal(head.reset, true);
      backend.createInstance(record('a'), started('a'));
      backend.createInstance(record('b'), started('b'));
      const first = backend.readChanges(head.cursor, 1);
      assert.deepEqual(first.changed.map((item) => item.instanceId), ['a']);
      assert.equal(first.hasMore, true);
      const second = backend.readChanges(first.cursor, 100);
      assert.deepEqual(second.changed.map((item) => item.instanceId), ['b']);
      assert.equal(second.hasMore, false);
      assert.deepEqual(backend.readChanges(second.cursor, 100).changed, [], 'nothing changed: nothing read');

      finish(backend, 'a', 'COMPLETED');
      assert.equal(backend.purgeInstance('a', true), 1);
      finish(backend, 'b', 'FAILED');
      const third = backend.readChanges(second.cursor, 100);
      assert.deepEqual(third.removedIds, ['a']);
      assert.deepEqual(third.changed.map((item) => [item.instanceId, item.status]), [['b', 'FAILED']]);

      assert.equal(backend.readChanges('another-store.5', 100).reset, true);
    } finally {
      backend.close();
    }
  });
});

describe('store on a full disk', () => {
  const mountPoint = mkdtempSync(join(tmpdir(), 'dwt-full-'));
  let mounted = false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountPoint], { stdio: 'ignore' });
    mounted = true;
  } catch (error) {
    const reason = `mounting a 3 MiB tmpfs failed (${(error as Error).message.split('\n')[0]}); this test needs root, as CI has`;
    process.stderr.write(`\n*** SKIPPED: store on a full disk: ${reason} ***\n\n`);
    if (process.env.CI) throw new Error(`CI must run the full-disk test: ${reason}`);
  }

  it('refuses writes with one sentence and keeps every instance stored before', { skip: !mounted && 'needs root to mount a tmpfs' }, () => {
    const storeDir = join(mountPoint, 'data');
    mkdirSync(storeDir);
    const file = join(storeDir, 'workflows.db');
    let backend = openSqliteBackend({ file });
    try {
      for (let i = 0; i < 50; i += 1) backend.createInstance(record(`kept-${i}`), started(`kept-${i}`, '"small"'));
      // Fill the disk.
      const filler = join(mountPoint, 'filler');
      try {
        writeFileSync(filler, Buffer.alloc(8 * 1024 * 1024));
      } catch {
        // ENOSPC: the file takes what was left.
      }
      const big = JSON.stringify('y'.repeat(512 * 1024));
      let failure: unknown;
      for (let i = 0; i < 20 && failure === undefined; i += 1) {
        try {
          backend.createInstance(record(`late-${i}`, { input: big }), started(`late-${i}`, big));
        } catch (error) {
          failure = error;
        }
      }
      assert.ok(failure instanceof StoreFullError, `a write on a full disk fails with StoreFullError, not ${String(failure)}`);
      assert.ok(isOneSentence(failure.message), failure.message);
      for (let i = 0; i < 50; i += 1) assert.equal(backend.getInstance(`kept-${i}`)?.status, 'PENDING');
      rmSync(filler, { force: true });
      backend.createInstance(record('after-space-freed'), started('after-space-freed'));
      backend.close();
      backend = openSqliteBackend({ file });
      for (let i = 0; i < 50; i += 1) assert.ok(backend.getInstance(`kept-${i}`), `kept-${i} survived`);
      assert.ok(backend.getInstance('after-space-freed'));
    } finally {
      backend.close();
      if (mounted) execFileSync('umount', [mountPoint]);
      rmSync(mountPoint, { recursive: true, force: true });
    }
  });
});
