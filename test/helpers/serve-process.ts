/**
 * Runs `dapr-workflow-tui serve` as a real child process for tests and benchmarks: waits for
 * the line naming its address, keeps its output, and stops it with a signal (or kills it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A running `serve` process. */
export interface ServeProcess {
  readonly child: ChildProcess;
  /** `127.0.0.1:PORT` of its gRPC endpoint. */
  readonly grpcAddress: string;
  /** Its HTTP API port, when it serves one. */
  readonly httpPort?: number;
  /** The line it printed on stdout when ready. */
  readonly readyLine: string;
  /** Everything printed so far. */
  output(): { stdout: string; stderr: string };
  /** Sends SIGTERM (or the given signal) and resolves with the exit code (or signal name). */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/** Options of startServe. */
export interface StartServeOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
  /** The program and its leading arguments (default: this repository's bin under this Node.js). */
  readonly command?: readonly string[];
  /** Working folder (default: the repository's root). */
  readonly cwd?: string;
  /**
   * Runs it in a process group of its own and signals the whole group, as a terminal's Ctrl-C
   * does: a launcher such as npx does not pass a signal on to the program it started.
   */
  readonly processGroup?: boolean;
}

/** Starts `serve` with the given arguments; rejects with its output when it exits or stays silent. */
export function startServe(args: readonly string[], options: StartServeOptions = {}): Promise<ServeProcess> {
  const [program, ...leading] = options.command ?? [process.execPath, 'bin/dapr-workflow-tui.js'];
  const child = spawn(program!, [...leading, 'serve', ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.processGroup === true,
  });
  const signal = (name: NodeJS.Signals) => {
    if (options.processGroup) process.kill(-child.pid!, name);
    else child.kill(name);
  };
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr = (stderr + chunk).slice(-200_000)));
  // In a group, the program may be a grandchild: 'close' waits for its last output too.
  const exited = new Promise<number | string>((resolve) =>
    child.once(options.processGroup ? 'close' : 'exit', (code, signalName) => resolve(code ?? signalName ?? -1)),
  );

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal('SIGKILL');
      reject(new Error(`serve printed no address within the time limit; stderr: ${stderr}`));
    }, options.timeoutMs ?? 30_000);
    const onData = () => {
      const line = stdout.split('\n').find((l) => /listening on 127\.0\.0\.1:\d+/.test(l));
      if (!line) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      const http = /http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
      resolve({
        child,
        grpcAddress: /127\.0\.0\.1:\d+/.exec(line)![0],
        httpPort: http ? Number(http[1]) : undefined,
        readyLine: line,
        output: () => ({ stdout, stderr }),
        stop: (name = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) signal(name);
          return exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}) before it was ready; stderr: ${stderr}`));
    });
  });
}
