/**
 * Compatibility suite: each official Dapr workflow SDK (Python sync and asyncio clients, Go, Java,
 * JavaScript) runs as a real process against its own `serve` (the embedded sidecar, hosting
 * nothing), hosts its own workflows and activities, and plays every scenario of
 * test/compat/scenarios.json. Every cell must pass, or be an "unsupported" that this file lists
 * (the SDK version lacks the API), or fail with the exact symptom of a listed SDK bug.
 * docs/compatibility.md is written from the results.
 *
 * A missing toolchain (python3, go, mvn/java) skips its runner loudly; under CI it fails.
 * Artifacts come from .ci/run (Python venv, Go binary, Java jar); on a dev machine a missing one
 * is built here, loudly.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { REPO_ROOT, startServe } from '../helpers/serve-process.js';

const HERE = join(REPO_ROOT, 'test', 'compat');
const SCENARIOS = (JSON.parse(readFileSync(join(HERE, 'scenarios.json'), 'utf8')) as { scenarios: { id: string; description: string }[] }).scenarios;
const RUNNER_DEADLINE_MS = 80_000;
const SCENARIO_DEADLINE_S = '20';

/** One JSON line of a runner. */
interface Cell {
  scenario: string;
  status: 'pass' | 'fail' | 'unsupported';
  detail: string;
}

/** What one runner produced: its SDK label and cells, or why it did not run. */
interface RunnerResult {
  sdk: string;
  cells: Map<string, Cell>;
  notRun?: string;
}

/**
 * The cells a runner may report "unsupported", each with the API its SDK version lacks. A runner
 * claiming "unsupported" anywhere else fails the suite, so no scenario hides behind it.
 */
const EXPECTED_UNSUPPORTED: Record<string, Record<string, string>> = {
  'python-sync': {
    'rerun-from-event': 'DaprWorkflowClient has no rerun_workflow_from_event',
    tags: 'schedule_new_workflow takes no tags',
    'http-client-api': 'the Python workflow SDK speaks gRPC only',
  },
  'python-aio': {
    'rerun-from-event': 'the asyncio DaprWorkflowClient has no rerun_workflow_from_event',
    tags: 'schedule_new_workflow takes no tags',
    'http-client-api': 'the Python workflow SDK speaks gRPC only',
  },
  go: {
    tags: 'no option to set tags when scheduling',
    'http-client-api': 'the Go workflow client speaks gRPC only',
  },
  java: {
    'terminate-recursive': 'terminateWorkflow has no recursive option',
    'purge-recursive': 'purgeWorkflow has no recursive option',
    'custom-status': 'WorkflowState has no custom status getter',
    'stalled-patch-mismatch': 'WorkflowRuntimeStatus has no STALLED value',
    'rerun-from-event': 'no rerun method',
    tags: 'NewWorkflowOptions has no tags',
    'http-client-api': 'the Java workflow SDK speaks gRPC only',
  },
  js: {
    'terminate-recursive': 'terminateWorkflow has no recursive option',
    'purge-recursive': 'purgeWorkflow has no recursive option',
    'retry-policy': 'callActivity takes no retry policy',
    versioning: 'no versioning or patching API',
    'stalled-patch-mismatch': 'no patching API',
    'rerun-from-event': 'no rerun method',
    tags: 'scheduleNewWorkflow takes no tags',
  },
};

/**
 * The cells that fail because of a bug in the SDK itself (no sidecar can fix them), each with the
 * pattern its detail must match: the runner names the bug only when it sees exactly its symptom,
 * and any other failure of the cell still fails the suite.
 */
const KNOWN_SDK_BUGS: Record<string, Record<string, RegExp>> = {
  'python-sync': { 'falsy-values': /event data False arrived as None: .* leaves out a falsy payload \(an SDK bug\)/ },
  'python-aio': { 'falsy-values': /event data False arrived as None: .* leaves out a falsy payload \(an SDK bug\)/ },
  js: { 'falsy-values': /falsy activity and child-workflow inputs arrived as null.* leaves out a falsy input \(an SDK bug\)/ },
  java: { 'continue-as-new-events': /arrived out of order .* sends carryover events in HashSet order .*\(an SDK bug\)/ },
};

/**
 * Listed SDK bugs that show only on some runs, so a pass is no sign of a fix; each with what
 * docs/compatibility.md says when the cell passed.
 */
const INTERMITTENT_SDK_BUGS: Record<string, Record<string, string>> = {
  java: {
    'continue-as-new-events':
      'on some runs the events reach the new generation out of order: the SDK sends carryover events in java.util.HashSet order (TaskOrchestrationExecutor.addCarryoverEvents), which follows the events\' hash codes (an SDK bug); the sidecar keeps the order it is sent, as daprd does.',
  },
};

/** How to make and start one runner. */
interface RunnerSpec {
  key: string;
  label: string;
  /** Why the toolchain is missing, or undefined when it is there. */
  missingToolchain(): string | undefined;
  /** Builds the runner's artifact when it is missing or stale (loudly); throws on failure. */
  prepare(): Promise<void>;
  command(): { file: string; args: string[]; cwd: string };
}

function has(command: string, args: string[] = ['--version']): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

function loud(message: string): void {
  process.stderr.write(`\n${'!'.repeat(78)}\n!! ${message}\n${'!'.repeat(78)}\n\n`);
}

/** Runs a build step (output to this process's stderr); rejects when it fails. */
function run(file: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, stdio: ['ignore', process.stderr, process.stderr] });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${file} ${args.join(' ')} failed in ${cwd} (exit ${code ?? signal})`)),
    );
  });
}

function newerThan(artifact: string, sources: string[]): boolean {
  if (!existsSync(artifact)) return false;
  const built = statSync(artifact).mtimeMs;
  return sources.every((source) => statSync(source).mtimeMs <= built);
}

const PY_DIR = join(HERE, 'python');
const PY_VENV_PYTHON = join(PY_DIR, '.venv', 'bin', 'python');

/** Creates the Python venv with the pinned requirements when it is missing. */
let venvReady: Promise<void> | undefined;
function preparePythonVenv(): Promise<void> {
  if (existsSync(PY_VENV_PYTHON)) return Promise.resolve();
  venvReady ??= (async () => {
    loud(`building the Python venv ${join(PY_DIR, '.venv')} (.ci/run does this once)`);
    await run('python3', ['-m', 'venv', join(PY_DIR, '.venv')], PY_DIR);
    await run(PY_VENV_PYTHON, ['-m', 'pip', 'install', '-q', '-r', 'requirements.txt'], PY_DIR);
  })();
  return venvReady;
}

function pythonRunner(client: 'sync' | 'aio'): RunnerSpec {
  return {
    key: `python-${client}`,
    label: `Python (${client})`,
    missingToolchain: () =>
      existsSync(PY_VENV_PYTHON) || spawnSync('python3', ['-c', 'import venv, ensurepip'], { stdio: 'ignore' }).status === 0
        ? undefined
        : 'python3 with venv and ensurepip is not installed',
    prepare: () => preparePythonVenv(),
    command: () => ({ file: PY_VENV_PYTHON, args: ['runner.py', '--client', client], cwd: PY_DIR }),
  };
}

const GO_DIR = join(HERE, 'go');
const GO_BINARY = join(GO_DIR, 'compat-runner');
const JAVA_DIR = join(HERE, 'java');
const JAVA_JAR = join(JAVA_DIR, 'target', 'compat-runner.jar');

const RUNNERS: RunnerSpec[] = [
  pythonRunner('sync'),
  pythonRunner('aio'),
  {
    key: 'go',
    label: 'Go',
    missingToolchain: () => (existsSync(GO_BINARY) || has('go', ['version']) ? undefined : 'go is not installed'),
    prepare: async () => {
      const sources = ['main.go', 'go.mod', 'go.sum'].map((f) => join(GO_DIR, f));
      if (newerThan(GO_BINARY, sources) || !has('go', ['version'])) return;
      loud(`building the Go runner ${GO_BINARY} (.ci/run does this once)`);
      await run('go', ['build', '-o', 'compat-runner', '.'], GO_DIR);
    },
    command: () => ({ file: GO_BINARY, args: [GO_DIR], cwd: GO_DIR }),
  },
  {
    key: 'java',
    label: 'Java',
    missingToolchain: () => {
      if (!has('java', ['-version'])) return 'java is not installed';
      return existsSync(JAVA_JAR) || has('mvn', ['-v']) ? undefined : 'mvn is not installed';
    },
    prepare: async () => {
      const sources = [join(JAVA_DIR, 'pom.xml'), join(JAVA_DIR, 'src', 'main', 'java', 'compat', 'Runner.java')];
      if (newerThan(JAVA_JAR, sources) || !has('mvn', ['-v'])) return;
      loud(`building the Java runner ${JAVA_JAR} (.ci/run does this once)`);
      await run('mvn', ['-q', '-B', 'package', '-DskipTests'], JAVA_DIR);
    },
    command: () => ({ file: 'java', args: ['-jar', JAVA_JAR, JAVA_DIR], cwd: JAVA_DIR }),
  },
  {
    key: 'js',
    label: 'JavaScript',
    missingToolchain: () => undefined,
    prepare: async () => undefined,
    command: () => ({ file: process.execPath, args: ['--import', 'tsx', join(HERE, 'js', 'runner.ts')], cwd: REPO_ROOT }),
  },
];

/** Runs one runner against a fresh `serve`; resolves with its header and cells. */
async function playRunner(spec: RunnerSpec): Promise<{ sdk: string; cells: Map<string, Cell>; stderr: string }> {
  const serve = await startServe(['--grpc-port', '0', '--http-port', '0', '--in-memory', '--no-runtime']);
  try {
    const [, port] = serve.grpcAddress.split(':');
    const { file, args, cwd } = spec.command();
    const child = spawn(file, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        // Each SDK reads one of these: the endpoint, or host + port.
        DAPR_GRPC_ENDPOINT: serve.grpcAddress,
        DAPR_HOST: '127.0.0.1',
        DAPR_RUNTIME_HOST: '127.0.0.1',
        DAPR_SIDECAR_IP: '127.0.0.1',
        DAPR_GRPC_PORT: port,
        DAPR_HTTP_PORT: String(serve.httpPort),
        DAPR_HTTP_ENDPOINT: `http://127.0.0.1:${serve.httpPort}`,
        COMPAT_SCENARIO_DEADLINE_S: SCENARIO_DEADLINE_S,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-20_000)));
    const killer = setTimeout(() => child.kill('SIGKILL'), RUNNER_DEADLINE_MS);
    const code = await new Promise<number | string>((resolve) => child.once('exit', (c, signal) => resolve(c ?? signal ?? -1)));
    clearTimeout(killer);
    // SDKs log to stdout too: only JSON object lines are the runner's.
    const lines = stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, string>);
    const header = lines.find((line) => 'runner' in line);
    const cells = new Map<string, Cell>();
    for (const line of lines) if ('scenario' in line) cells.set(line.scenario, line as unknown as Cell);
    if (!header) throw new Error(`${spec.label} runner printed no header (exit ${code}); stderr:\n${stderr}`);
    if (code !== 0) stderr += `\n(runner exited ${code})`;
    return { sdk: header.sdk, cells, stderr };
  } finally {
    await serve.stop('SIGKILL');
  }
}

const results = new Map<string, RunnerResult>();

after(() => {
  // The document is written only when every runner ran or was found without its toolchain.
  if (results.size !== RUNNERS.length) return;
  writeFileSync(join(REPO_ROOT, 'docs', 'compatibility.md'), renderDocument());
});

function symbol(key: string, cell: Cell | undefined): string {
  if (!cell) return 'missing';
  if (cell.status === 'fail' && KNOWN_SDK_BUGS[key]?.[cell.scenario]?.test(cell.detail)) return 'SDK bug³';
  if (cell.status === 'pass' && INTERMITTENT_SDK_BUGS[key]?.[cell.scenario]) return 'pass (SDK bug³ on some runs)';
  return cell.status === 'pass' ? 'pass' : cell.status === 'unsupported' ? 'unsupported¹' : 'FAIL²';
}

function renderDocument(): string {
  const date = new Date().toISOString().slice(0, 10);
  const columns = RUNNERS.map((spec) => ({ spec, result: results.get(spec.key)! }));
  const head = columns.map(({ spec, result }) => `${spec.label}: ${result.notRun ? 'not run' : result.sdk}`);
  const out: string[] = [
    '# Compatibility with the official Dapr workflow SDKs',
    '',
    `Generated by \`test/compat/compat.test.ts\` on ${date}. Each SDK runs as a real process against its own`,
    '`dapr-workflow-tui serve --no-runtime` (the embedded sidecar), hosts its own workflows and',
    'activities with its worker, and drives them with its client. The scenarios are listed in',
    '`test/compat/scenarios.json`.',
    '',
    '¹ unsupported: that SDK version has no API for the scenario (the note says which).',
    '² FAIL: the scenario ran and did not do what Dapr does (the note gives the error).',
    '³ SDK bug: the SDK itself loses or reorders data before it reaches the sidecar (the note says where).',
    '',
    `| Scenario | ${head.join(' | ')} |`,
    `| --- | ${columns.map(() => '---').join(' | ')} |`,
  ];
  for (const scenario of SCENARIOS) {
    const cells = columns.map(({ spec, result }) => (result.notRun ? `not run: ${result.notRun}` : symbol(spec.key, result.cells.get(scenario.id))));
    out.push(`| ${scenario.id} | ${cells.join(' | ')} |`);
  }
  out.push('', '## Notes', '');
  for (const { spec, result } of columns) {
    if (result.notRun) continue;
    const notes = SCENARIOS.map((s) => result.cells.get(s.id))
      .filter((cell): cell is Cell => Boolean(cell) && (cell!.status !== 'pass' || Boolean(INTERMITTENT_SDK_BUGS[spec.key]?.[cell!.scenario])))
      .map((cell) => {
        const detail = cell.status === 'pass' ? INTERMITTENT_SDK_BUGS[spec.key]![cell.scenario]! : cell.detail;
        return `- **${cell.scenario}** (${symbol(spec.key, cell).replace(/[¹²³]/, '')}): ${detail.replace(/\|/g, '\\|').replace(/\n/g, ' ')}`;
      });
    if (notes.length > 0) out.push(`### ${spec.label} (${result.sdk})`, '', ...notes, '');
  }
  out.push('## Scenarios', '', ...SCENARIOS.map((s) => `- **${s.id}**: ${s.description}`), '');
  return out.join('\n');
}

// Every runner starts at once (each with its own sidecar): they mostly wait on timers and
// deadlines, and the file must finish within the test runner's per-file time limit.
const plays = new Map(
  RUNNERS.map((spec) => {
    const missing = spec.missingToolchain();
    const play = missing ? undefined : spec.prepare().then(() => playRunner(spec));
    play?.catch(() => undefined);
    return [spec.key, { missing, play }] as const;
  }),
);

for (const spec of RUNNERS) {
  test(`${spec.label} SDK: every scenario passes or is a listed "unsupported"`, async (t) => {
    const { missing, play } = plays.get(spec.key)!;
    if (missing || !play) {
      results.set(spec.key, { sdk: '', cells: new Map(), notRun: `toolchain missing (${missing})` });
      if (process.env.CI) assert.fail(`${spec.label} runner: ${missing}; CI must install it (.ci/run)`);
      loud(`SKIPPED the ${spec.label} compatibility runner: ${missing}`);
      t.skip(missing);
      return;
    }
    const { sdk, cells, stderr } = await play;
    results.set(spec.key, { sdk, cells });
    const problems: string[] = [];
    for (const { id } of SCENARIOS) {
      const cell = cells.get(id);
      if (!cell) problems.push(`${id}: no result line (the runner ended before it)`);
      else if (cell.status === 'fail' && !KNOWN_SDK_BUGS[spec.key]?.[id]?.test(cell.detail)) problems.push(`${id}: ${cell.detail}`);
      else if (cell.status === 'unsupported' && !EXPECTED_UNSUPPORTED[spec.key]?.[id]) problems.push(`${id}: reported unsupported, which this suite does not list for ${spec.key}: ${cell.detail}`);
      else if (cell.status === 'unsupported' && !cell.detail) problems.push(`${id}: unsupported without a reason`);
    }
    for (const id of Object.keys(EXPECTED_UNSUPPORTED[spec.key] ?? {})) {
      if (cells.get(id)?.status === 'pass') problems.push(`${id}: now passes; remove it from EXPECTED_UNSUPPORTED`);
    }
    for (const id of Object.keys(KNOWN_SDK_BUGS[spec.key] ?? {})) {
      if (cells.get(id)?.status === 'pass' && !INTERMITTENT_SDK_BUGS[spec.key]?.[id]) problems.push(`${id}: now passes; remove it from KNOWN_SDK_BUGS`);
    }
    assert.deepEqual(problems, [], `${spec.label} (${sdk}):\n${problems.join('\n')}\n--- runner stderr (tail) ---\n${stderr.slice(-3000)}`);
  });
}
