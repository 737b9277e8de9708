/**
 * Starts a real Dapr on loopback the way `dapr init --slim` + `dapr run` would: placement,
 * scheduler and daprd (built by scripts/real-dapr/build.sh), each on free ports, with a SQLite
 * actor state store in a temporary folder, so the console and the tests can run against the
 * real sidecar side by side with the embedded one.
 *
 * Run as a command, it starts Dapr, prints the addresses and stops everything on Ctrl-C:
 *   node --import tsx scripts/real-dapr/real-dapr.ts [--api-token TOKEN] [--log-level debug]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Dapr release build.sh pins (keep the two in step). */
export const REAL_DAPR_VERSION = '1.18.2';

/** The app ID daprd runs under unless told otherwise. */
export const DEFAULT_APP_ID = 'workflow-tui';

const LOOPBACK = '127.0.0.1';

/** The three processes of a real Dapr. */
export type RealDaprProcess = 'daprd' | 'placement' | 'scheduler';

/** Paths of the three binaries. */
export interface RealDaprBinaries {
  readonly daprd: string;
  readonly placement: string;
  readonly scheduler: string;
}

/** The folder build.sh puts the binaries in. */
export function realDaprBinDir(env: NodeJS.ProcessEnv = process.env): string {
  const cacheHome = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(cacheHome, 'dapr-workflow-tui', `dapr-${REAL_DAPR_VERSION}`);
}

/** The built binaries, or undefined when any is missing (run `npm run dapr:build`). */
export function findRealDaprBinaries(binDir: string = realDaprBinDir()): RealDaprBinaries | undefined {
  const binaries = {
    daprd: join(binDir, 'daprd'),
    placement: join(binDir, 'placement'),
    scheduler: join(binDir, 'scheduler'),
  };
  return Object.values(binaries).every((path) => existsSync(path)) ? binaries : undefined;
}

/** Options of startRealDapr. */
export interface RealDaprOptions {
  /** Where the binaries are. Default: realDaprBinDir(). */
  readonly binDir?: string;
  /** daprd's --app-id. Default: workflow-tui. */
  readonly appId?: string;
  /** Given to daprd as DAPR_API_TOKEN: every API call must then carry it as dapr-api-token. */
  readonly apiToken?: string;
  /** --log-level of all three. Default: info. */
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Folder for the components, configuration, SQLite file and scheduler data. Default: a new temporary folder, removed by stop(). */
  readonly workDir?: string;
  /**
   * daprd's gRPC API port. Default: a free port. Give the port of a stopped Dapr (and its
   * workDir) to bring it back where clients left it, with its instances.
   */
  readonly grpcPort?: number;
  /** daprd's HTTP API port. Default: a free port. */
  readonly httpPort?: number;
  /** How long to wait for all three to be healthy. Default: 60 s. */
  readonly readyTimeoutMs?: number;
  /** Called with every line the three print (daprd's is the useful one when something fails). */
  readonly onLine?: (source: RealDaprProcess, line: string) => void;
}

/** A running real Dapr. */
export interface RealDapr {
  /** daprd's version as it reports it. */
  readonly version: string;
  readonly appId: string;
  /** `127.0.0.1:PORT` of daprd's gRPC API (where the workflow SDKs and the console connect). */
  readonly grpcAddress: string;
  readonly grpcPort: number;
  /** daprd's HTTP API port. */
  readonly httpPort: number;
  readonly placementAddress: string;
  readonly schedulerAddress: string;
  /** The folder holding components/, config.yaml, the SQLite file and the scheduler's data. */
  readonly workDir: string;
  /** The last lines the three printed, oldest first. */
  recentOutput(): string;
  /** Stops daprd, then scheduler and placement (SIGTERM, then SIGKILL after a grace period), and removes a temporary workDir. */
  stop(): Promise<void>;
}

/** Thrown when Dapr cannot be started; the message says why and carries the recent output. */
export class RealDaprStartError extends Error {}

/** Starts placement, scheduler and daprd on free loopback ports and resolves once daprd is healthy. */
export async function startRealDapr(options: RealDaprOptions = {}): Promise<RealDapr> {
  const binDir = options.binDir ?? realDaprBinDir();
  const binaries = findRealDaprBinaries(binDir);
  if (!binaries) {
    throw new RealDaprStartError(`The Dapr ${REAL_DAPR_VERSION} binaries are not in ${binDir}; run \`npm run dapr:build\` first.`);
  }
  const appId = options.appId ?? DEFAULT_APP_ID;
  const logLevel = options.logLevel ?? 'info';
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  const ownsWorkDir = options.workDir === undefined;
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), 'real-dapr-'));
  writeResources(workDir);

  const [
    placementPort, placementHealthPort, placementRaftPort, placementMetricsPort,
    schedulerPort, schedulerHealthPort, schedulerEtcdClientPort, schedulerEtcdPeerPort, schedulerMetricsPort,
    freeHttpPort, freeGrpcPort, internalGrpcPort, daprdMetricsPort,
  ] = await freePorts(13, [options.grpcPort, options.httpPort]);
  const httpPort = options.httpPort ?? freeHttpPort;
  const grpcPort = options.grpcPort ?? freeGrpcPort;

  const output = new OutputLog(options.onLine);
  const processes: ChildProcess[] = [];
  // Should this process end without stop(), the three must not outlive it.
  const killOnExit = () => processes.forEach((child) => child.kill('SIGKILL'));
  process.once('exit', killOnExit);
  const stopAll = async () => {
    // daprd first, so it does not spend its shutdown reconnecting to the control plane.
    for (const child of [...processes].reverse()) await terminate(child);
    process.off('exit', killOnExit);
    if (ownsWorkDir) rmSync(workDir, { recursive: true, force: true });
  };

  try {
    processes.push(output.spawn('placement', binaries.placement, [
      '--id', 'dapr-placement-0',
      '--port', String(placementPort),
      '--listen-address', LOOPBACK,
      '--healthz-port', String(placementHealthPort),
      '--healthz-listen-address', LOOPBACK,
      '--initial-cluster', `dapr-placement-0=${LOOPBACK}:${placementRaftPort}`,
      '--metrics-port', String(placementMetricsPort),
      '--metrics-listen-address', LOOPBACK,
      '--log-level', logLevel,
    ]));
    processes.push(output.spawn('scheduler', binaries.scheduler, [
      '--id', 'dapr-scheduler-server-0',
      '--port', String(schedulerPort),
      '--listen-address', LOOPBACK,
      '--override-broadcast-host-port', `${LOOPBACK}:${schedulerPort}`,
      '--healthz-port', String(schedulerHealthPort),
      '--healthz-listen-address', LOOPBACK,
      '--etcd-data-dir', join(workDir, 'scheduler-data'),
      '--etcd-client-port', String(schedulerEtcdClientPort),
      '--etcd-client-listen-address', LOOPBACK,
      '--etcd-initial-cluster', `dapr-scheduler-server-0=http://${LOOPBACK}:${schedulerEtcdPeerPort}`,
      '--identity-directory-write', join(workDir, 'scheduler-identity'),
      '--metrics-port', String(schedulerMetricsPort),
      '--metrics-listen-address', LOOPBACK,
      '--log-level', logLevel,
    ]));
    await Promise.all([
      waitForHealth(`http://${LOOPBACK}:${placementHealthPort}/healthz`, 'placement', processes[0]!, deadline, output),
      waitForHealth(`http://${LOOPBACK}:${schedulerHealthPort}/healthz`, 'scheduler', processes[1]!, deadline, output),
    ]);

    const daprdEnv: NodeJS.ProcessEnv = { ...process.env, DAPR_HOST_IP: LOOPBACK };
    delete daprdEnv.DAPR_API_TOKEN;
    if (options.apiToken !== undefined) daprdEnv.DAPR_API_TOKEN = options.apiToken;
    processes.push(output.spawn('daprd', binaries.daprd, [
      '--mode', 'standalone',
      '--app-id', appId,
      '--dapr-listen-addresses', LOOPBACK,
      '--dapr-http-port', String(httpPort),
      '--dapr-grpc-port', String(grpcPort),
      '--dapr-internal-grpc-port', String(internalGrpcPort),
      '--dapr-internal-grpc-listen-address', LOOPBACK,
      '--app-channel-address', LOOPBACK,
      '--metrics-port', String(daprdMetricsPort),
      '--metrics-listen-address', LOOPBACK,
      '--placement-host-address', `${LOOPBACK}:${placementPort}`,
      '--scheduler-host-address', `${LOOPBACK}:${schedulerPort}`,
      '--resources-path', join(workDir, 'components'),
      '--config', join(workDir, 'config.yaml'),
      '--log-level', logLevel,
    ], daprdEnv));
    await waitForHealth(`http://${LOOPBACK}:${httpPort}/v1.0/healthz`, 'daprd', processes[2]!, deadline, output);
  } catch (error) {
    await stopAll();
    throw error;
  }

  const version = await runForOutput(binaries.daprd, ['--version']);
  let stopping: Promise<void> | undefined;
  return {
    version,
    appId,
    grpcAddress: `${LOOPBACK}:${grpcPort}`,
    grpcPort,
    httpPort,
    placementAddress: `${LOOPBACK}:${placementPort}`,
    schedulerAddress: `${LOOPBACK}:${schedulerPort}`,
    workDir,
    recentOutput: () => output.text(),
    stop: () => (stopping ??= stopAll()),
  };
}

/** Writes components/statestore.yaml (SQLite, the actor state store workflows need) and config.yaml. */
function writeResources(workDir: string): void {
  mkdirSync(join(workDir, 'components'), { recursive: true });
  writeFileSync(
    join(workDir, 'components', 'statestore.yaml'),
    [
      'apiVersion: dapr.io/v1alpha1',
      'kind: Component',
      'metadata:',
      '  name: statestore',
      'spec:',
      '  type: state.sqlite',
      '  version: v1',
      '  metadata:',
      '    - name: connectionString',
      `      value: ${JSON.stringify(join(workDir, 'state.db'))}`,
      '    - name: actorStateStore',
      '      value: "true"',
      '',
    ].join('\n'),
  );
  // Name resolution: daprd's standalone default (mDNS) announces the app by multicast on every
  // network interface; workflows do not use service invocation, so the kubernetes resolver,
  // which only formats names, keeps the sidecar off the network.
  writeFileSync(
    join(workDir, 'config.yaml'),
    [
      'apiVersion: dapr.io/v1alpha1',
      'kind: Configuration',
      'metadata:',
      '  name: daprConfig',
      'spec:',
      '  nameResolution:',
      '    component: kubernetes',
      '',
    ].join('\n'),
  );
}

/** Keeps the last lines the processes printed and passes each to an optional listener. */
class OutputLog {
  private readonly lines: string[] = [];

  constructor(private readonly onLine?: RealDaprOptions['onLine']) {}

  spawn(source: RealDaprProcess, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout!, child.stderr!]) {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        pending += chunk;
        const complete = pending.split('\n');
        pending = complete.pop()!;
        for (const line of complete) this.add(source, line);
      });
    }
    child.on('error', (error) => this.add(source, `could not start ${command}: ${error.message}`));
    return child;
  }

  add(source: RealDaprProcess, line: string): void {
    this.lines.push(`[${source}] ${line}`);
    if (this.lines.length > 400) this.lines.splice(0, this.lines.length - 400);
    this.onLine?.(source, line);
  }

  text(): string {
    return this.lines.join('\n');
  }
}

/** Reserves `count` distinct free loopback ports, none of `taken` (all held open at once, then released). */
async function freePorts(count: number, taken: readonly (number | undefined)[] = []): Promise<number[]> {
  const servers: Server[] = [];
  const avoid = new Set(taken);
  try {
    while (servers.filter((server) => !avoid.has((server.address() as { port: number }).port)).length < count) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, LOOPBACK, resolve);
      });
    }
    return servers.map((server) => (server.address() as { port: number }).port).filter((port) => !avoid.has(port));
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }
}

/** Polls a health URL until it answers 2xx; fails when the process exits or the deadline passes. */
async function waitForHealth(url: string, name: string, child: ChildProcess, deadline: number, output: OutputLog): Promise<void> {
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new RealDaprStartError(`${name} exited (${child.exitCode ?? child.signalCode}) before it was healthy.\n${output.text()}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      lastProblem = `HTTP ${response.status}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new RealDaprStartError(`${name} was not healthy in time (${url}: ${lastProblem}).\n${output.text()}`);
}

/** Sends SIGTERM, then SIGKILL if the process is still there after 10 s. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function runForOutput(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout!.on('data', (chunk) => (text += chunk));
    child.on('error', reject);
    child.on('exit', () => resolve(text.trim()));
  });
}

async function main(argv: string[]): Promise<void> {
  const valueOf = (flag: string) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log('Usage: node --import tsx scripts/real-dapr/real-dapr.ts [--api-token TOKEN] [--app-id ID] [--log-level debug|info|warn|error] [--quiet]');
    return;
  }
  const quiet = argv.includes('--quiet');
  let dapr: RealDapr;
  try {
    dapr = await startRealDapr({
      apiToken: valueOf('--api-token') ?? (process.env.DAPR_API_TOKEN || undefined),
      appId: valueOf('--app-id'),
      logLevel: valueOf('--log-level') as RealDaprOptions['logLevel'],
      onLine: quiet ? undefined : (source, line) => process.stderr.write(`[${source}] ${line}\n`),
    });
  } catch (error) {
    console.error(error instanceof RealDaprStartError ? error.message : String(error));
    process.exitCode = 1;
    return;
  }
  console.log(`Dapr ${dapr.version} (app-id ${dapr.appId}) listening on ${dapr.grpcAddress} (gRPC), http://127.0.0.1:${dapr.httpPort} (HTTP)`);
  console.log(`  placement ${dapr.placementAddress}, scheduler ${dapr.schedulerAddress}, files in ${dapr.workDir}`);
  console.log(`  try: node bin/dapr-workflow-tui.js --sidecar ${dapr.grpcAddress}`);
  const shutdown = () => void dapr.stop().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  await main(process.argv.slice(2));
}
