/**
 * Console benchmarks: one full refresh with 1,000 tracked instances and the CPU it takes
 * while nothing changes, resident memory with 10,000 tracked instances (the real tracker
 * and <App/> in their own process), and, in a real terminal (tmux), key-to-frame latency
 * and cold start to the first full frame of the real binary; then key-to-frame while 1,000
 * running instances receive 100 events per second (./load-bench.ts).
 */
import { DaprWorkflowClient } from '@dapr/dapr';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startAppWorker, startSidecar } from './lib/processes.js';
import { fmt, quantile } from './lib/stats.js';
import { benchConsoleUnderLoad, consoleLoadRows } from './load-bench.js';
import { measureColdStart, measureKeyToFrame } from './terminal-bench.js';

const run = promisify(execFile);

interface ProbeFigures {
  readonly instances: number;
  readonly firstFullRefreshMs: number;
  readonly steadyRefreshMs: number;
  readonly idleCpuPercent: number;
  readonly rssMiB: number;
}

async function probe(address: string, count: number, idleSeconds: number): Promise<ProbeFigures> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/console-probe.tsx', address, String(count), String(idleSeconds)], {
    maxBuffer: 1 << 20,
    // As the binary runs it (bin/dapr-workflow-tui.js): React's production build.
    env: { ...process.env, NODE_ENV: 'production' },
    timeout: 600_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as ProbeFigures;
}

async function inParallel(total: number, lanes: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < total) await job(next++);
    }),
  );
}

/** Runs the console benchmarks and returns the markdown section. */
export async function benchConsole(log: (line: string) => void): Promise<string> {
  const saved = console.info;
  console.info = () => {};
  // 1,000 finished instances: refresh time and idle CPU.
  const sidecar = await startSidecar('in-memory');
  const worker = await startAppWorker(sidecar.address);
  const [host, port] = sidecar.address.split(':');
  const client = new DaprWorkflowClient({ daprHost: host!, daprPort: port! });
  let thousand: ProbeFigures;
  try {
    await inParallel(1000, 50, async (i) => {
      const id = await client.scheduleNewWorkflow('bench_chain', i, `done-${i}`);
      await client.waitForWorkflowCompletion(id, false, 120);
    });
    thousand = await probe(sidecar.address, 1000, 10);
    log(`  1,000 finished: first refresh ${fmt(thousand.firstFullRefreshMs)} ms, steady ${fmt(thousand.steadyRefreshMs)} ms, idle CPU ${fmt(thousand.idleCpuPercent)}%`);
  } finally {
    await client.stop().catch(() => {});
    await worker.stop();
    await sidecar.stop();
  }

  // 10,000 tracked instances (never started by a worker, so they stay PENDING): memory.
  const big = await startSidecar('in-memory');
  const [bigHost, bigPort] = big.address.split(':');
  const bigClient = new DaprWorkflowClient({ daprHost: bigHost!, daprPort: bigPort! });
  let tenThousand: ProbeFigures;
  try {
    await inParallel(10_000, 50, async (i) => {
      await bigClient.scheduleNewWorkflow('bench_chain', i, `pending-${i}`);
    });
    tenThousand = await probe(big.address, 10_000, 2);
    log(`  10,000 tracked: RSS ${fmt(tenThousand.rssMiB)} MiB`);
  } finally {
    await bigClient.stop().catch(() => {});
    await big.stop();
  }

  const keyFigures = await measureKeyToFrame(200);
  const keys = keyFigures.console;
  const keyRatio = quantile(keys, 0.95) / quantile(keyFigures.bare, 0.95);
  log(`  key-to-frame p50 ${fmt(quantile(keys, 0.5))} ms, p95 ${fmt(quantile(keys, 0.95))} ms (bare Ink app p95 ${fmt(quantile(keyFigures.bare, 0.95))} ms)`);
  const coldFigures = await measureColdStart(7);
  const cold = coldFigures.firstFrame;
  const coldRatio = quantile(cold, 0.5) / quantile(coldFigures.bare, 0.5);
  log(`  first frame p50 ${fmt(quantile(cold, 0.5))} ms (bare Ink app ${fmt(quantile(coldFigures.bare, 0.5))} ms), connected p50 ${fmt(quantile(coldFigures.connected, 0.5))} ms`);
  const underLoad = await benchConsoleUnderLoad(log);
  console.info = saved;

  const ok = (met: boolean) => (met ? 'met' : '**missed**');
  return [
    '## Console',
    '',
    'The real tracker and `<App/>` in their own process against `serve` (in memory), and the real',
    'binary in a real terminal (tmux, 100×30) for keys and cold start.',
    '',
    '| figure | measured | target | |',
    '|---|---|---|---|',
    `| first full refresh, 1,000 tracked (ms) | ${fmt(thousand.firstFullRefreshMs)} | ≤ 250 | ${ok(thousand.firstFullRefreshMs <= 250)} |`,
    `| steady refresh, 1,000 finished (ms) | ${fmt(thousand.steadyRefreshMs)} | | |`,
    `| CPU while 1,000 finished and nothing changes (% of one core) | ${fmt(thousand.idleCpuPercent)} | ≤ 5 | ${ok(thousand.idleCpuPercent <= 5)} |`,
    `| resident memory, 10,000 tracked (MiB) | ${fmt(tenThousand.rssMiB)} | ≤ 300 | ${ok(tenThousand.rssMiB <= 300)} |`,
    `| key-to-frame p50 (ms) | ${fmt(quantile(keys, 0.5))} | | |`,
    `| key-to-frame p95 (ms) | ${fmt(quantile(keys, 0.95))} | ≤ 50 | ${ok(quantile(keys, 0.95) <= 50)} |`,
    `| key-to-frame p95 of a bare Ink app moving a cursor, same terminal, same run (ms) | ${fmt(quantile(keyFigures.bare, 0.95))} | | |`,
    `| key-to-frame p95, console ÷ bare Ink app | ${fmt(keyRatio)} | ≤ 1.5 | ${ok(keyRatio <= 1.5)} |`,
    ...consoleLoadRows(underLoad),
    `| launch to first full frame (header, table, footer; sidecar still starting) (ms, median of ${cold.length}) | ${fmt(quantile(cold, 0.5))} | ≤ 500 | ${ok(quantile(cold, 0.5) <= 500)} |`,
    `| launch to first frame of a bare Ink app, same terminal, same run (ms, median of ${coldFigures.bare.length}) | ${fmt(quantile(coldFigures.bare, 0.5))} | | |`,
    `| first frame, console ÷ bare Ink app | ${fmt(coldRatio)} | | |`,
    `| launch to first connected frame, embedded sidecar included (ms, median of ${coldFigures.connected.length}) | ${fmt(quantile(coldFigures.connected, 0.5))} | ≤ 1500 | ${ok(quantile(coldFigures.connected, 0.5) <= 1500)} |`,
    '',
    'The first frame comes before the embedded sidecar, the runtime and the first refresh: the',
    'header says what is still starting. The bare Ink app (bench/bare-cursor-app.mjs: a header,',
    'twelve rows, a cursor moved by j/k, a footer) is launched and pressed alternately with the',
    'console in the same tmux terminal, so both figures see the same machine load. It loads Ink and',
    'React from node_modules file by file, as a plain Ink program does; the console loads them from',
    'its bundle (bin/build.js), which is why its first frame comes sooner than the bare app\'s.',
    '',
    'Where the console\'s key-to-frame goes beyond the bare app\'s: Ink rebuilds the whole frame on',
    'every change, and the console\'s frame (100×30, coloured) has several times the characters of',
    'the bare app\'s; tokenizing them (ANSI codes, string widths) dominates a frame\'s CPU (a CPU',
    'profile of the binary while keys are pressed shows it). Boxes clip vertically only, since Ink',
    'slices every line of a horizontally clipped box again on every frame. The tail (p95) is keys',
    'that arrive while a refresh or the clock redraws, in a process that also hosts the embedded',
    'sidecar and the workflow runtime. Writing only the changed lines (Ink\'s incremental mode)',
    'made no measurable difference: the terminal\'s share is small.',
    '',
    'Key-to-frame is measured from `tmux send-keys` returning to the first `capture-pane` that',
    'shows the moved selection, so it includes tmux\'s own round trips (a few ms each). Under load,',
    'the console is attached (`--no-runtime`) to `serve` (in memory) hosting 1,000 instances that',
    'each wait for one event, raised in order at 100/s by another process while the keys are timed.',
    '',
  ].join('\n');
}
