/**
 * Engine benchmarks: a 5-activity chain and a 5-way fan-out through the real SDK, with the
 * embedded sidecar (`serve`) and the workflow runtime in separate processes, as a real Dapr
 * app has them; SQLite on file and in memory side by side.
 */
import { DaprWorkflowClient, WorkflowRuntimeStatus } from '@dapr/dapr';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { residentMiB, startAppWorker, startSidecar } from './lib/processes.js';
import { quantile } from './lib/stats.js';

/** Figures of one store mode. */
export interface EngineFigures {
  readonly chainAt30: number;
  readonly chainAt350: number;
  readonly fanOutAt110: number;
  readonly chainP50Ms: number;
  readonly chainP95Ms: number;
  readonly rssAfter10kMiB: number;
}

function silenceConsole(): () => void {
  const saved = { log: console.log, info: console.info, debug: console.debug, warn: console.warn };
  for (const method of ['log', 'info', 'debug', 'warn'] as const) console[method] = () => {};
  return () => Object.assign(console, saved);
}

async function runOne(client: DaprWorkflowClient, workflow: string, input: number): Promise<void> {
  const id = await client.scheduleNewWorkflow(workflow, input);
  const state = await client.waitForWorkflowCompletion(id, false, 120);
  if (state?.runtimeStatus !== WorkflowRuntimeStatus.COMPLETED) {
    throw new Error(`instance ${id} ended ${state?.runtimeStatus}, not COMPLETED`);
  }
}

/** Keeps `inFlight` instances running for `seconds` after a warm-up; returns completions per second. */
async function closedLoop(client: DaprWorkflowClient, workflow: string, inFlight: number, seconds: number): Promise<number> {
  const warmupEnd = Date.now() + 2000;
  const end = warmupEnd + seconds * 1000;
  let completed = 0;
  let failures = 0;
  const lane = async () => {
    while (Date.now() < end) {
      try {
        await runOne(client, workflow, 1);
        if (Date.now() > warmupEnd && Date.now() <= end) completed++;
      } catch {
        failures++;
        if (failures > 50) throw new Error(`${workflow}: too many failures`);
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return completed / seconds;
}

/** Runs every engine figure for one store mode. */
export async function benchEngine(mode: 'file' | 'in-memory', log: (line: string) => void): Promise<EngineFigures> {
  const restore = silenceConsole();
  const dataDir = mkdtempSync(join(tmpdir(), 'dwt-bench-'));
  const sidecar = await startSidecar(mode === 'file' ? { dataDir } : 'in-memory');
  const worker = await startAppWorker(sidecar.address);
  const [host, port] = sidecar.address.split(':');
  const client = new DaprWorkflowClient({ daprHost: host!, daprPort: port! });
  try {
    // Latency of one chain alone on an idle engine.
    const latencies: number[] = [];
    for (let i = 0; i < 60; i++) {
      const started = performance.now();
      await runOne(client, 'bench_chain', i);
      if (i >= 10) latencies.push(performance.now() - started);
    }
    log(`  ${mode}: chain p50 ${quantile(latencies, 0.5).toFixed(1)} ms`);
    const chainAt30 = await closedLoop(client, 'bench_chain', 30, 10);
    log(`  ${mode}: chain @30 ${chainAt30.toFixed(1)}/s`);
    const chainAt350 = await closedLoop(client, 'bench_chain', 350, 10);
    log(`  ${mode}: chain @350 ${chainAt350.toFixed(1)}/s`);
    const fanOutAt110 = await closedLoop(client, 'bench_fanout', 110, 10);
    log(`  ${mode}: fan-out @110 ${fanOutAt110.toFixed(1)}/s`);
    // Resident memory of the sidecar process after 10,000 completed instances in all.
    let total = 60;
    const lane = async () => {
      while (total < 10_000) {
        total++;
        await runOne(client, 'bench_chain', total);
      }
    };
    // The closed loops above already completed instances too; count them in.
    total += Math.round((chainAt30 + chainAt350 + fanOutAt110) * 10);
    await Promise.all(Array.from({ length: 100 }, lane));
    const rssAfter10kMiB = residentMiB(sidecar.child.pid!);
    log(`  ${mode}: sidecar RSS after 10,000 instances ${rssAfter10kMiB.toFixed(0)} MiB`);
    return {
      chainAt30,
      chainAt350,
      fanOutAt110,
      chainP50Ms: quantile(latencies, 0.5),
      chainP95Ms: quantile(latencies, 0.95),
      rssAfter10kMiB,
    };
  } finally {
    await client.stop().catch(() => {});
    await worker.stop();
    await sidecar.stop();
    rmSync(dataDir, { recursive: true, force: true });
    restore();
  }
}
