/**
 * `npm run conformance`: the differential conformance run. Starts a real daprd (built by
 * scripts/real-dapr/build.sh) and the embedded sidecar (`serve --in-memory --no-runtime`)
 * side by side, plays one corpus of scenarios through the JS SDK, the HTTP API and the
 * Python SDK against both, compares what a user observes, and writes docs/conformance.md: the
 * Dapr version, the date and one row per scenario (same, or differs with both values; a
 * difference the project keeps on purpose carries the reason).
 *
 *   npm run conformance            # writes docs/conformance.md, exits 1 on an unexplained difference
 *   npm run conformance -- --only purge,http-errors --no-write
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DaprWorkflowClient, WorkflowRuntime } from '@dapr/dapr';
import { findRealDaprBinaries, REAL_DAPR_VERSION, realDaprBinDir, startRealDapr, type RealDapr } from '../real-dapr/real-dapr.js';
import { REPO_ROOT, startServe, type ServeProcess } from '../../test/helpers/serve-process.js';
import { quietSdkLogs } from '../../test/helpers/sidecar-harness.js';
import { connectSidecar } from '../../src/client/grpc-client.js';
import { jsScenarios, registerConformanceWorkflows, type JsTarget } from './js-scenarios.js';
import { httpScenarios } from './http-scenarios.js';
import { DELIBERATE } from './deliberate.js';
import type { Observation } from './observe.js';

const SIDES = ['daprd', 'embedded'] as const;
type Side = (typeof SIDES)[number];

/** One sidecar of the run with its JS worker. */
interface Sidecar extends JsTarget {
  readonly side: Side;
  readonly grpcPort: number;
  readonly runtime: WorkflowRuntime;
}

/** One row of the report. */
interface Row {
  readonly id: string;
  readonly via: string;
  readonly description: string;
  readonly daprd: Observation;
  readonly embedded: Observation;
}

const PYTHON_DIR = join(REPO_ROOT, 'test', 'conformance', 'python');
const SCENARIO_TIMEOUT_MS = 60_000;
const RUN_TIMEOUT_MS = 8 * 60_000;

function argValue(argv: readonly string[], flag: string): string | undefined {
  const index = argv.indexOf(flag);
  return index >= 0 ? argv[index + 1] : undefined;
}

async function withTimeout<T>(what: string, promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms / 1000} s`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function connect(side: Side, grpcPort: number, httpPort: number): Promise<Sidecar> {
  const options = { daprHost: '127.0.0.1', daprPort: String(grpcPort) };
  const runtime = new WorkflowRuntime(options);
  registerConformanceWorkflows(runtime);
  await runtime.start();
  return {
    side,
    grpcPort,
    runtime,
    sdk: new DaprWorkflowClient(options),
    client: connectSidecar({ address: `127.0.0.1:${grpcPort}`, useTls: false, origin: 'flag' }),
    httpBase: `http://127.0.0.1:${httpPort}`,
  };
}

/** The Python interpreter of the conformance venv, created (and its pinned packages installed) on first use. */
function pythonInterpreter(): string {
  const cacheHome = process.env.XDG_CACHE_HOME || join(process.env.HOME ?? '', '.cache');
  const venv = join(cacheHome, 'dapr-workflow-tui', 'conformance-venv');
  const python = join(venv, 'bin', 'python');
  const marker = join(venv, '.installed');
  if (!existsSync(marker)) {
    console.log(`Creating the Python venv for the conformance run in ${venv} …`);
    const steps: [string, string[]][] = [
      ['python3', ['-m', 'venv', venv]],
      [python, ['-m', 'pip', 'install', '--quiet', '-r', join(PYTHON_DIR, 'requirements.txt')]],
    ];
    for (const [command, args] of steps) {
      const result = spawnSync(command, args, { stdio: 'inherit' });
      if (result.status !== 0) throw new Error(`\`${command} ${args.join(' ')}\` failed (exit ${result.status}).`);
    }
    writeFileSync(marker, 'ok\n');
  }
  return python;
}

/** Runs the Python SDK's scenarios against one sidecar; resolves with one observation per scenario. */
function runPython(python: string, grpcPort: number, only: readonly string[] | undefined): Promise<Map<string, { description: string; observation: Observation }>> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [join(PYTHON_DIR, 'scenarios.py'), ...(only ? ['--only', only.join(',')] : [])], {
      env: { ...process.env, DAPR_RUNTIME_HOST: '127.0.0.1', DAPR_GRPC_PORT: String(grpcPort), DAPR_API_TOKEN: '', DAPR_GRPC_ENDPOINT: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr = (stderr + chunk).slice(-20_000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 4 * 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const results = new Map<string, { description: string; observation: Observation }>();
      for (const line of stdout.split('\n')) {
        if (!line.startsWith('{')) continue;
        const parsed = JSON.parse(line) as { scenario: string; description: string; observation: Observation };
        results.set(parsed.scenario, { description: parsed.description, observation: parsed.observation });
      }
      if (code !== 0 && results.size === 0) reject(new Error(`The Python scenarios exited with ${code}:\n${stderr}`));
      else resolve(results);
    });
  });
}

function sameObservation(a: Observation, b: Observation): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Differences the scenarios do not compare (they read with payloads), and how the console copes. */
const KNOWN_DIFFERENCES = [
  '## Outside the scenarios',
  '',
  '- GetInstance without payloads (`getInputsAndOutputs` false): daprd leaves out the custom status and the failure',
  '  details, the embedded sidecar leaves out the custom status only. The console\'s tracker, polling daprd, reads',
  '  the rows on screen once more with payloads whenever their state changed (at most 100 a refresh), so the',
  '  CUSTOM STATUS / OUTPUT column is filled for every row on screen, not only the selected one',
  '  (test/real-dapr/real-dapr.test.ts checks this against daprd).',
  '',
];

/** The report, docs/conformance.md. */
function renderReport(rows: readonly Row[], version: string, seconds: number): string {
  const verdict = (row: Row): string => {
    if (sameObservation(row.daprd, row.embedded)) return 'same';
    return DELIBERATE[row.id] ? 'differs (deliberate)' : '**DIFFERS**';
  };
  const same = rows.filter((row) => verdict(row) === 'same').length;
  const deliberate = rows.filter((row) => verdict(row) === 'differs (deliberate)').length;
  const unexplained = rows.length - same - deliberate;
  const lines = [
    '# Conformance: the embedded sidecar against a real Dapr',
    '',
    `Generated by \`npm run conformance\` (scripts/conformance/run.ts) on ${new Date().toISOString().slice(0, 10)},`,
    `against daprd ${version} (with placement and scheduler, SQLite actor store, built by \`npm run dapr:build\`)`,
    `and the embedded sidecar (\`serve --in-memory --no-runtime\`), in one run of ${seconds} s.`,
    'Every scenario runs against both; what a user can observe is compared as JSON: runtime status, output,',
    'custom status, failure type and message, history event types in order, gRPC status codes and texts,',
    'HTTP status codes and bodies (times left out).',
    '',
    `**${rows.length} scenarios: ${same} same, ${deliberate} differ on purpose (reasons below), ${unexplained} differ unexplained.**`,
    '',
    '| Scenario | Client | What it does | Result |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| [${row.id}](#${row.id}) | ${row.via} | ${row.description.replace(/\|/g, '\\|')} | ${verdict(row)} |`),
    '',
    ...KNOWN_DIFFERENCES,
    '## Each scenario',
    '',
  ];
  for (const row of rows) {
    lines.push(`### ${row.id}`, '', `${row.via}: ${row.description} Result: ${verdict(row)}.`, '');
    if (DELIBERATE[row.id] && !sameObservation(row.daprd, row.embedded)) lines.push(`Why: ${DELIBERATE[row.id]}`, '');
    if (sameObservation(row.daprd, row.embedded)) {
      lines.push('Both:', '', '```json', JSON.stringify(row.daprd, null, 1), '```', '');
    } else {
      for (const key of new Set([...Object.keys(row.daprd), ...Object.keys(row.embedded)])) {
        const a = JSON.stringify(row.daprd[key]);
        const b = JSON.stringify(row.embedded[key]);
        if (a === b) lines.push(`- \`${key}\`: same on both: \`${a}\``);
        else lines.push(`- \`${key}\` differs:`, `  - daprd: \`${a}\``, `  - embedded: \`${b}\``);
      }
      lines.push('');
    }
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  if (!findRealDaprBinaries()) {
    console.error(`*** The Dapr ${REAL_DAPR_VERSION} binaries are not in ${realDaprBinDir()}: run \`npm run dapr:build\` first. ***`);
    return 2;
  }
  const only = argValue(argv, '--only')?.split(',');
  const write = !argv.includes('--no-write');
  const wanted = (id: string) => !only || only.includes(id);
  const began = Date.now();
  const releaseConsole = quietSdkLogs();
  let dapr: RealDapr | undefined;
  let serve: ServeProcess | undefined;
  const sidecars: Sidecar[] = [];
  const watchdog = setTimeout(() => {
    console.error(`The conformance run took over ${RUN_TIMEOUT_MS / 60_000} minutes; stopping.`);
    void Promise.allSettled([dapr?.stop(), serve?.stop('SIGKILL')]).then(() => process.exit(1));
  }, RUN_TIMEOUT_MS);
  watchdog.unref();
  const rows: Row[] = [];
  try {
    [dapr, serve] = await Promise.all([
      startRealDapr(),
      startServe(['--grpc-port', '0', '--http-port', '0', '--in-memory', '--no-runtime']),
    ]);
    console.log(`daprd ${dapr.version} on ${dapr.grpcAddress}; embedded sidecar on ${serve.grpcAddress}`);
    sidecars.push(await connect('daprd', dapr.grpcPort, dapr.httpPort), await connect('embedded', Number(serve.grpcAddress.split(':')[1]), serve.httpPort!));

    for (const scenario of [...jsScenarios, ...httpScenarios]) {
      if (!wanted(scenario.id)) continue;
      const [daprd, embedded] = await Promise.all(
        sidecars.map((sidecar) =>
          withTimeout(`${scenario.id} on ${sidecar.side}`, scenario.run(sidecar), SCENARIO_TIMEOUT_MS).catch(
            (error: Error): Observation => ({ scenarioFailed: error.message.split('\n')[0] }),
          ),
        ),
      );
      rows.push({ id: scenario.id, via: scenario.via, description: scenario.description, daprd: daprd!, embedded: embedded! });
      console.log(`${sameObservation(daprd!, embedded!) ? 'same   ' : 'DIFFERS'}  ${scenario.id}`);
    }

    // The Python worker hosts workflows the JS worker does not: daprd would offer them to the
    // JS worker too, so it leaves first.
    for (const sidecar of sidecars) await sidecar.runtime.stop();
    const python = pythonInterpreter();
    const [daprdPython, embeddedPython] = await Promise.all(sidecars.map((sidecar) => runPython(python, sidecar.grpcPort, only)));
    for (const [id, { description, observation }] of daprdPython!) {
      const embedded = embeddedPython!.get(id)?.observation ?? { scenarioFailed: 'not run' };
      rows.push({ id, via: 'Python SDK', description, daprd: observation, embedded });
      console.log(`${sameObservation(observation, embedded) ? 'same   ' : 'DIFFERS'}  ${id}`);
    }
  } finally {
    clearTimeout(watchdog);
    await Promise.allSettled(sidecars.flatMap((sidecar) => [sidecar.sdk.stop(), sidecar.client.close()]));
    await Promise.allSettled([dapr?.stop(), serve?.stop()]);
    releaseConsole();
  }
  const seconds = Math.round((Date.now() - began) / 1000);
  const unexplained = rows.filter((row) => !sameObservation(row.daprd, row.embedded) && !DELIBERATE[row.id]);
  if (write && !only) {
    writeFileSync(join(REPO_ROOT, 'docs', 'conformance.md'), `${renderReport(rows, dapr!.version, seconds)}\n`);
    console.log('Wrote docs/conformance.md.');
  } else {
    console.log(renderReport(rows, dapr!.version, seconds));
  }
  console.log(`${rows.length} scenarios in ${seconds} s; ${unexplained.length} differ unexplained${unexplained.length ? `: ${unexplained.map((row) => row.id).join(', ')}` : ''}.`);
  return unexplained.length === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
// The SDK's channels may keep the event loop alive.
setTimeout(() => process.exit(), 2_000).unref();
