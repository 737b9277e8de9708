/**
 * The cost curve: the same figures with 1,000, 10,000 and 100,000 instances stored in the
 * embedded sidecar (`serve`, SQLite file), one in ten of them RUNNING and idle (waiting for
 * an event), the rest COMPLETED. Instances are started through the real start path (gRPC,
 * the SDK's client, 64 in flight, an app worker running them); at 100,000, 10,000 are
 * started that way and 90,000 are copies of the first 100, written straight into the store
 * (./lib/seed-store.ts), so the measured starts go into a store of 90,100. Then, against a fresh `serve`:
 * `list --json` of the real binary, the console (the real tracker and <App/>, attached)
 * until its first rows and its full listing, the CPU of console and sidecar over 10 s with
 * nothing changing (/proc/PID/stat), resident memory, bytes on disk per instance, and a
 * purge by filter of every COMPLETED instance with the file size after it.
 */
import { DaprWorkflowClient } from '@dapr/dapr';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectSidecar } from '../src/client/grpc-client.js';
import { STORE_FILE_NAME } from '../src/engine/index.js';
import { REPO_ROOT } from '../test/helpers/serve-process.js';
import { cpuSeconds, residentMiB, startAppWorker, startSidecar, type Started } from './lib/processes.js';
import { seedStore } from './lib/seed-store.js';
import { fmt } from './lib/stats.js';

/** Figures at one store size. */
export interface ScalePoint {
  readonly instances: number;
  /** Instances started through gRPC at this size, and at what rate. */
  readonly startedViaGrpc: number;
  readonly startRate: number;
  readonly listMs: number;
  readonly firstRowsMs: number;
  readonly consoleFullMs: number;
  readonly consoleIdleCpu: number;
  readonly sidecarIdleCpu: number;
  readonly consoleRssMiB: number;
  readonly sidecarRssMiB: number;
  readonly bytesPerInstance: number;
  readonly purged: number;
  readonly purgeMs: number;
  readonly fileBeforePurgeMiB: number;
  readonly fileAfterPurgeMiB: number;
}

const IDLE_SECONDS = 10;
const SIZES = [1000, 10_000, 100_000] as const;
/** Above this size, only this many are started through gRPC; the rest are seeded copies. */
const GRPC_STARTS_AT_MOST = 10_000;
/** Instances started through gRPC as the templates of the seeded copies. */
const TEMPLATE_INSTANCES = 100;

/** Starts `count` instances through gRPC (one in ten idle, the rest chains), 64 in flight; resolves to the start rate. */
async function startThroughGrpc(address: string, count: number, prefix: string): Promise<number> {
  const client = sdkClient(address);
  try {
    const startedAt = performance.now();
    await inParallel(count, 64, async (i) => {
      const isIdle = i % 10 === 0;
      await client.scheduleNewWorkflow(isIdle ? 'bench_idle' : 'bench_chain', i, `${prefix}-${isIdle ? 'idle' : 'done'}-${i}`);
    });
    return count / ((performance.now() - startedAt) / 1000);
  } finally {
    await client.stop().catch(() => {});
  }
}

/** Waits until only the idle instances (`idle` of them) are unfinished. */
async function waitForChains(address: string, idle: number): Promise<void> {
  const connection = connectSidecar({ address, useTls: false, origin: 'bench' });
  try {
    await waitFor(async () => {
      const unfinished = await connection.listInstances({ statuses: ['RUNNING', 'PENDING'] });
      return unfinished.length === idle && unfinished.every((instance) => instance.name === 'bench_idle');
    }, 'the chains to complete');
  } finally {
    await connection.close();
  }
}

function silenceConsole(): () => void {
  const saved = { log: console.log, info: console.info, debug: console.debug, warn: console.warn };
  for (const method of ['log', 'info', 'debug', 'warn'] as const) console[method] = () => {};
  return () => Object.assign(console, saved);
}

function sdkClient(address: string): DaprWorkflowClient {
  const [host, port] = address.split(':');
  return new DaprWorkflowClient({ daprHost: host!, daprPort: port! });
}

async function inParallel(total: number, lanes: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < total) await job(next++);
    }),
  );
}

/**
 * The size of the store's database file. Its write-ahead log is left out: it is scratch space
 * the sidecar reuses (up to 64 MiB), and a background thread copies it into the file several
 * times a second, so the file holds the store.
 */
function storeBytes(dataDir: string): number {
  return statSync(join(dataDir, STORE_FILE_NAME)).size;
}

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Runs the real binary's `list --json` and returns its wall time; checks the count. */
function timeList(address: string, expected: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['bin/dapr-workflow-tui.js', 'list', '--json', '--sidecar', address], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.once('close', (code) => {
      const ms = performance.now() - started;
      const listed = code === 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown[]).length : -1;
      if (listed !== expected) reject(new Error(`list exited ${code} with ${listed} of ${expected} instances`));
      else resolve(ms);
    });
  });
}

/** The console probe (real tracker and <App/>) attached to `address`, with the sidecar's CPU over the same idle window. */
function probeConsole(address: string, expected: number, sidecarPid: number) {
  return new Promise<{ firstRowsMs: number; firstFullRefreshMs: number; idleCpuPercent: number; rssMiB: number; sidecarIdleCpu: number }>(
    (resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bench/console-probe.tsx', address, String(expected), String(IDLE_SECONDS)], {
        cwd: REPO_ROOT,
        env: { ...process.env, NODE_ENV: 'production' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      let idleFrom: { cpu: number; at: number } | undefined;
      let sidecarIdleCpu = Number.NaN;
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (idleFrom === undefined && out.includes('idle\n')) idleFrom = { cpu: cpuSeconds(sidecarPid), at: performance.now() };
        if (idleFrom !== undefined && Number.isNaN(sidecarIdleCpu) && out.trimEnd().endsWith('}')) {
          sidecarIdleCpu = ((cpuSeconds(sidecarPid) - idleFrom.cpu) / ((performance.now() - idleFrom.at) / 1000)) * 100;
        }
      });
      child.once('close', (code) => {
        if (code !== 0) return reject(new Error(`the console probe exited ${code}`));
        const figures = JSON.parse(out.trim().split('\n').pop()!);
        resolve({ ...figures, sidecarIdleCpu });
      });
    },
  );
}

/** Measures one size. */
async function measure(size: number, log: (line: string) => void): Promise<ScalePoint> {
  const dataDir = mkdtempSync(join(tmpdir(), `dwt-scale-${size}-`));
  const viaGrpc = Math.min(size, GRPC_STARTS_AT_MOST);
  let sidecar: (Started & { address: string }) | undefined;
  let worker: Started | undefined;
  const seeded = size - viaGrpc;
  const templates = seeded > 0 ? TEMPLATE_INSTANCES : 0;
  try {
    // 1. At 100,000: a few instances through gRPC as templates, then copies of them written
    //    into the store directly, so the measured starts below go into a store of 90,000.
    if (seeded > 0) {
      sidecar = await startSidecar({ dataDir });
      worker = await startAppWorker(sidecar.address);
      await startThroughGrpc(sidecar.address, templates, 'template');
      await waitForChains(sidecar.address, templates / 10);
      await worker.stop();
      await sidecar.stop();
      worker = undefined;
      sidecar = undefined;
      const seedStarted = performance.now();
      seedStore(dataDir, [
        { templateId: 'template-done-1', count: (seeded * 9) / 10, idPrefix: 'seeded-done' },
        { templateId: 'template-idle-0', count: seeded / 10, idPrefix: 'seeded-idle' },
      ]);
      log(`    ${size}: ${seeded} seeded in ${fmt((performance.now() - seedStarted) / 1000)} s`);
    }

    // 2. Instances started through gRPC, with an app worker running them.
    sidecar = await startSidecar({ dataDir });
    worker = await startAppWorker(sidecar.address);
    const measured = viaGrpc - templates;
    const startRate = await startThroughGrpc(sidecar.address, measured, 'run');
    await waitForChains(sidecar.address, size / 10);
    await worker.stop();
    await sidecar.stop();
    worker = undefined;
    sidecar = undefined;
    log(`    ${size}: ${measured} started through gRPC at ${fmt(startRate)}/s`);

    // 3. A fresh sidecar over the store, its worker connected, nothing changing.
    sidecar = await startSidecar({ dataDir });
    worker = await startAppWorker(sidecar.address);
    const pid = sidecar.child.pid!;
    const listMs = await timeList(sidecar.address, size);
    log(`    ${size}: list --json ${fmt(listMs)} ms`);
    const probe = await probeConsole(sidecar.address, size, pid);
    log(
      `    ${size}: console first rows ${fmt(probe.firstRowsMs)} ms, all ${fmt(probe.firstFullRefreshMs)} ms, idle CPU console ${fmt(probe.idleCpuPercent)}% sidecar ${fmt(probe.sidecarIdleCpu)}%, RSS console ${fmt(probe.rssMiB)} MiB`,
    );
    const sidecarRssMiB = residentMiB(pid);

    // 4. Bytes on disk, then a purge by filter of every COMPLETED instance.
    const bytesBefore = storeBytes(dataDir);
    const purger = connectSidecar({ address: sidecar.address, useTls: false, origin: 'bench' });
    const purgeStarted = performance.now();
    const purged = await purger.purgeWhere({ statuses: ['COMPLETED'] });
    const purgeMs = performance.now() - purgeStarted;
    await purger.close();
    // The sidecar gives the freed space back in slices after the purge: wait until the file stops shrinking.
    let previous = storeBytes(dataDir);
    for (let stable = 0, waited = 0; stable < 4 && waited < 120_000; waited += 500) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const now = storeBytes(dataDir);
      stable = now === previous ? stable + 1 : 0;
      previous = now;
    }
    await worker.stop();
    await sidecar.stop();
    worker = undefined;
    sidecar = undefined;
    const bytesAfter = storeBytes(dataDir);
    log(`    ${size}: purged ${purged} in ${fmt(purgeMs)} ms; store ${fmt(bytesBefore / 2 ** 20)} → ${fmt(bytesAfter / 2 ** 20)} MiB`);
    return {
      instances: size,
      startedViaGrpc: measured,
      startRate,
      listMs,
      firstRowsMs: probe.firstRowsMs,
      consoleFullMs: probe.firstFullRefreshMs,
      consoleIdleCpu: probe.idleCpuPercent,
      sidecarIdleCpu: probe.sidecarIdleCpu,
      consoleRssMiB: probe.rssMiB,
      sidecarRssMiB,
      bytesPerInstance: bytesBefore / size,
      purged,
      purgeMs,
      fileBeforePurgeMiB: bytesBefore / 2 ** 20,
      fileAfterPurgeMiB: bytesAfter / 2 ** 20,
    };
  } finally {
    await worker?.stop();
    await sidecar?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs the cost curve and returns the markdown section. */
export async function benchScale(log: (line: string) => void, sizes: readonly number[] = SIZES): Promise<string> {
  const restore = silenceConsole();
  const points: ScalePoint[] = [];
  try {
    for (const size of sizes) points.push(await measure(size, log));
  } finally {
    restore();
  }
  return scaleSection(points);
}

function scaleSection(points: readonly ScalePoint[]): string {
  const ok = (met: boolean) => (met ? 'met' : '**missed**');
  const small = points[0]!;
  const large = points[points.length - 1]!;
  const row = (what: string, value: (p: ScalePoint) => string) => `| ${what} | ${points.map(value).join(' | ')} |`;
  const perInstance = [
    ['start time per instance', 1 / large.startRate / (1 / small.startRate)],
    ['`list` time per instance', large.listMs / large.instances / (small.listMs / small.instances)],
    ['bytes on disk per instance', large.bytesPerInstance / small.bytesPerInstance],
    ['purge time per instance', large.purgeMs / large.purged / (small.purgeMs / small.purged)],
    ['console memory per instance', large.consoleRssMiB / large.instances / (small.consoleRssMiB / small.instances)],
  ] as const;
  return [
    '## Cost curve',
    '',
    'The embedded sidecar (`serve`, SQLite file) with 1,000, 10,000 and 100,000 stored instances,',
    'one in ten RUNNING and idle (waiting for an event), the rest COMPLETED (a 5-activity chain).',
    'Instances are started through the real start path (the SDK over gRPC, 64 in flight, an app',
    'worker running them); at 100,000, 10,000 are started that way: first 100, whose copies make',
    '90,000 more written into the store directly (through the storage interface) while no sidecar',
    'runs, then the 9,900 whose start rate is measured, into a store of 90,100. Then a',
    'fresh `serve` with its worker: the real binary\'s `list --json`, the console attached (real',
    'tracker and `<App/>`), CPU over 10 s with nothing changing (/proc/PID/stat), and a purge by',
    'filter of every COMPLETED instance (PurgeInstances).',
    '',
    `| figure | ${points.map((p) => p.instances.toLocaleString('en-US')).join(' | ')} |`,
    `|---|${points.map(() => '---').join('|')}|`,
    row('started through gRPC (rate measured on)', (p) => p.startedViaGrpc.toLocaleString('en-US')),
    row('start rate (instances/s)', (p) => fmt(p.startRate)),
    row('`list --json`, whole command (ms)', (p) => fmt(p.listMs)),
    row('console: first rows (ms)', (p) => fmt(p.firstRowsMs)),
    row('console: every instance listed (ms)', (p) => fmt(p.consoleFullMs)),
    row('console CPU, idle (% of a core)', (p) => fmt(p.consoleIdleCpu)),
    row('sidecar CPU, idle (% of a core)', (p) => fmt(p.sidecarIdleCpu)),
    row('console RSS (MiB)', (p) => fmt(p.consoleRssMiB)),
    row('sidecar RSS (MiB)', (p) => fmt(p.sidecarRssMiB)),
    row('bytes on disk per instance', (p) => fmt(p.bytesPerInstance)),
    row('purge by filter (instances)', (p) => p.purged.toLocaleString('en-US')),
    row('purge rate (instances/s)', (p) => fmt(p.purged / (p.purgeMs / 1000))),
    row('store before → after purge (MiB)', (p) => `${fmt(p.fileBeforePurgeMiB)} → ${fmt(p.fileAfterPurgeMiB)}`),
    '',
    '| target at 100,000 | measured | |',
    '|---|---|---|',
    `| console first rows ≤ 1 s | ${fmt(large.firstRowsMs)} ms | ${ok(large.firstRowsMs <= 1000)} |`,
    `| console idle CPU ≤ 5 % | ${fmt(large.consoleIdleCpu)} % | ${ok(large.consoleIdleCpu <= 5)} |`,
    `| sidecar idle CPU ≤ 5 % | ${fmt(large.sidecarIdleCpu)} % | ${ok(large.sidecarIdleCpu <= 5)} |`,
    `| console RSS ≤ 300 MB | ${fmt(large.consoleRssMiB)} MiB | ${ok(large.consoleRssMiB * 1.048576 <= 300)} |`,
    `| purge by filter of ${large.purged.toLocaleString('en-US')} ≤ 10 s | ${fmt(large.purgeMs / 1000)} s | ${ok(large.purgeMs <= 10_000)} |`,
    `| the file shrinks after the purge | ${fmt(large.fileBeforePurgeMiB)} → ${fmt(large.fileAfterPurgeMiB)} MiB | ${ok(large.fileAfterPurgeMiB < large.fileBeforePurgeMiB)} |`,
    ...perInstance.map(([what, ratio]) => `| ${what}: 100,000 ÷ 1,000 ≤ 1.5 | ${ratio.toFixed(2)} | ${ok(ratio <= 1.5)} |`),
    '',
  ].join('\n');
}
