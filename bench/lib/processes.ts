/**
 * Child processes for the benchmarks: the embedded sidecar (`serve`) and the app worker,
 * each started fresh and stopped when done, plus reading a process's resident memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A started child process and the line it printed when ready. */
export interface Started {
  readonly child: ChildProcess;
  readonly firstLine: string;
  stop(): Promise<void>;
}

function startAndWaitForLine(command: string, args: string[], pattern: RegExp, timeoutMs = 30_000): Promise<Started> {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} printed nothing matching ${pattern} in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.stdout!.on('data', (chunk) => {
      buffered += chunk;
      const line = buffered.split('\n').find((l) => pattern.test(l));
      if (!line) return;
      clearTimeout(timer);
      resolve({
        child,
        firstLine: line,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
          }),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr}`));
    });
  });
}

/** Starts `serve --no-runtime` on a free port; resolves with its gRPC address. */
export async function startSidecar(store: { dataDir: string } | 'in-memory'): Promise<Started & { address: string }> {
  const storeArgs = store === 'in-memory' ? ['--in-memory'] : ['--data-dir', store.dataDir];
  const started = await startAndWaitForLine(
    process.execPath,
    ['bin/dapr-workflow-tui.js', 'serve', '--no-runtime', '--grpc-port', '0', '--http-port', 'off', ...storeArgs],
    /127\.0\.0\.1:\d+/,
  );
  return { ...started, address: /127\.0\.0\.1:\d+/.exec(started.firstLine)![0] };
}

/** Starts the benchmark app worker against `address`. */
export function startAppWorker(address: string): Promise<Started> {
  return startAndWaitForLine(process.execPath, ['--import', 'tsx', 'bench/app-worker.ts', address], /^ready/);
}

/** Resident memory of a process in MiB (Linux /proc). */
export function residentMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kib / 1024;
}
