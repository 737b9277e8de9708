/**
 * Verb start-up benchmark: the wall time of one command-line call (`--help`, `--version`,
 * `status` and `list` against a running sidecar) beside bare `node -e 0`, interleaved round
 * by round in one run so the machine's noise hits every figure alike. Runs on this Node.js,
 * and also on every Node.js binary listed in BENCH_NODES (comma-separated paths): the verbs
 * are plain JavaScript, so one sidecar serves them all.
 */
import { execFile } from 'node:child_process';
import { REPO_ROOT, startServe } from '../test/helpers/serve-process.js';
import { fmt, quantile } from './lib/stats.js';

const ROUNDS = 21;
const TARGET_RATIO = 2;

/** Wall time of one process from spawn to exit, in ms; rejects when it fails. */
function timeOnce(node: string, args: readonly string[]): Promise<number> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    execFile(node, args, { cwd: REPO_ROOT, env: { ...process.env, FORCE_COLOR: '0' } }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${node} ${args.join(' ')} failed: ${stderr}`));
      else resolve(Number(process.hrtime.bigint() - started) / 1e6);
    });
  });
}

interface Case {
  readonly label: string;
  readonly args: readonly string[];
  /** Held to TARGET_RATIO × `node -e 0`. */
  readonly hasTarget: boolean;
}

async function nodeVersion(node: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(node, ['--version'], (error, stdout) => (error ? reject(error) : resolve(stdout.trim()))),
  );
}

/** Measures the cases on one Node.js; returns its table. */
async function benchOn(node: string, sidecar: string, log: (line: string) => void): Promise<string> {
  const bin = 'bin/dapr-workflow-tui.js';
  const cases: Case[] = [
    { label: '`node -e 0`', args: ['-e', '0'], hasTarget: false },
    { label: '`--help`', args: [bin, '--help'], hasTarget: true },
    { label: '`--version`', args: [bin, '--version'], hasTarget: false },
    { label: '`status ID`', args: [bin, 'status', 'bench-order', '--sidecar', sidecar], hasTarget: true },
    { label: '`list`', args: [bin, 'list', '--sidecar', sidecar], hasTarget: false },
    { label: 'bare GetInstance call (bench/bare-grpc-call.mjs)', args: ['bench/bare-grpc-call.mjs', sidecar, 'bench-order'], hasTarget: false },
  ];
  const times = cases.map((): number[] => []);
  // One warm-up call each: the first run of a file pays for the disk cache.
  for (const item of cases) await timeOnce(node, item.args);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [index, item] of cases.entries()) times[index]!.push(await timeOnce(node, item.args));
  }
  const base = quantile(times[0]!, 0.5);
  const version = await nodeVersion(node);
  log(`verbs on Node.js ${version}: node -e 0 ${fmt(base)} ms`);
  const rows = cases.map((item, index) => {
    const median = quantile(times[index]!, 0.5);
    const ratio = median / base;
    const target = item.hasTarget ? `≤ ${TARGET_RATIO}×` : '';
    const verdict = item.hasTarget ? (ratio <= TARGET_RATIO ? 'met' : '**missed**') : '';
    return `| ${item.label} | ${fmt(median)} | ${fmt(quantile(times[index]!, 0.9))} | ${ratio.toFixed(2)}× | ${target} | ${verdict} |`;
  });
  return [
    `Node.js ${version}, ${ROUNDS} interleaved rounds:`,
    '',
    '| command | median (ms) | p90 (ms) | ÷ `node -e 0` | target | |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

/** Runs the verb benchmark; resolves to the "Verbs" section of docs/benchmarks.md. */
export async function benchVerbs(log: (line: string) => void): Promise<string> {
  const serve = await startServe(['--in-memory', '--grpc-port', '0', '--http-port', 'off', '--time-scale', '0.05']);
  try {
    const input = JSON.stringify({ customer_id: 'c-1', items: [{ id: 'item-abc', quantity: 2 }] });
    const bin = 'bin/dapr-workflow-tui.js';
    await timeOnce(process.execPath, [bin, 'run', 'OrderProcessingWorkflow', '--instance-id', 'bench-order', '--input', input, '--sidecar', serve.grpcAddress]);
    await timeOnce(process.execPath, [bin, 'wait', 'bench-order', '--timeout', '60', '--sidecar', serve.grpcAddress]);
    const nodes = [process.execPath, ...(process.env.BENCH_NODES ?? '').split(',').filter(Boolean)];
    const tables: string[] = [];
    for (const node of nodes) tables.push(await benchOn(node, serve.grpcAddress, log));
    return [
      '## Verbs',
      '',
      'Wall time of one call of the real binary (the bundle in dist/), from spawn to exit, beside',
      'bare `node -e 0` on the same Node.js, interleaved round by round. `status` and `list` ask',
      'an embedded sidecar (`serve --in-memory`) holding one finished instance. `--help` and',
      '`--version` load commander alone; a verb also loads the protocol\'s messages and makes its',
      'calls on node:http2 (src/client/http2-transport.ts): no grpc-js, SDK, Ink, React, SQLite or',
      'runtime. Where a verb\'s time goes beyond `node -e 0`, timed once inside the process on',
      'Node.js 26 (about 60 ms in all): loading node:http2 about 10 ms, the generated protocol',
      'messages about 10, commander with the command definitions about 10, the call itself about',
      '8, the exit about 10, and, in a clone only, about 5 for checking that dist/ is newer than',
      'the sources. The last row is the floor under any `status`: a bare program that makes the',
      'same GetInstance call on node:http2 with a hand-encoded request and exits. Node.js 22 and',
      'later start in half the time of Node.js 20 (35 ms against 80 here), so the same fixed',
      'costs weigh twice as much in their ratios.',
      '',
      ...tables,
    ].join('\n');
  } finally {
    await serve.stop();
  }
}
