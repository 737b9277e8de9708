/**
 * Child processes for the benchmarks: the embedded sidecar (`serve`, started by the same
 * helper the tests use) and the app worker, plus reading a process's resident memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { REPO_ROOT, startServe } from '../../test/helpers/serve-process.js';

/** A started child process. */
export interface Started {
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `serve --no-runtime` on a free port; resolves with its gRPC address. */
export async function startSidecar(store: { dataDir: string } | 'in-memory'): Promise<Started & { address: string }> {
  const storeArgs = store === 'in-memory' ? ['--in-memory'] : ['--data-dir', store.dataDir];
  const serve = await startServe(['--no-runtime', '--grpc-port', '0', '--http-port', 'off', ...storeArgs]);
  return { child: serve.child, address: serve.grpcAddress, stop: async () => void (await serve.stop()) };
}

/** Starts the benchmark app worker against `address`; resolves once it printed "ready". */
export function startAppWorker(address: string): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/app-worker.ts', address], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes('ready')) return;
      resolve({
        child,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`the app worker exited with ${code}`)));
  });
}

/** Resident memory of a process in MiB (Linux /proc). */
export function residentMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Clock ticks per second of /proc/PID/stat's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used so far, in seconds (Linux /proc/PID/stat). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}
