/**
 * Child processes for crash tests: start a Node program, wait for the line that says it is
 * ready, kill it with SIGKILL and wait until it is gone. Also picks a free loopback port, so
 * a sidecar can be restarted on the same one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

/** A started child process. */
export interface RunningChild {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The ready line's regular-expression match. */
  readonly ready: RegExpExecArray;
  /** Resolves when the process has exited (at once if it already has). */
  readonly exited: Promise<void>;
  /** Resolves with the next stdout line that matches `pattern` (or rejects after `timeoutMs`). */
  nextLine(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
}

/** How to start a child. */
export interface StartChildOptions {
  /** Arguments after the Node executable. */
  readonly args: readonly string[];
  /** The stdout line that says the child is ready. */
  readonly readyLine: RegExp;
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Appends the child's stderr to this file (opened in append mode, so nothing written is lost to a kill). */
  readonly stderrFile?: string;
}

/** Starts `node <args>` and resolves once it prints its ready line; rejects with one sentence when it exits or stays silent. */
export async function startChild(options: StartChildOptions): Promise<RunningChild> {
  const stderrFd = options.stderrFile === undefined ? undefined : openSync(options.stderrFile, 'a');
  const child = spawn(process.execPath, [...options.args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', stderrFd ?? 'inherit'],
  });
  if (stderrFd !== undefined) closeSync(stderrFd);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const waiting = new Set<{ pattern: RegExp; resolve: (match: RegExpExecArray) => void }>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    for (const waiter of waiting) {
      const match = waiter.pattern.exec(line);
      if (match) {
        waiting.delete(waiter);
        waiter.resolve(match);
      }
    }
  });
  const nextLine = (pattern: RegExp, timeoutMs: number) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const waiter = {
        pattern,
        resolve: (match: RegExpExecArray) => {
          clearTimeout(timer);
          resolve(match);
        },
      };
      const timer = setTimeout(() => {
        waiting.delete(waiter);
        reject(new Error(`The process ${child.pid} printed no line matching ${pattern} within ${timeoutMs} ms.`));
      }, timeoutMs);
      waiting.add(waiter);
      void exited.then(() => {
        if (!waiting.delete(waiter)) return;
        clearTimeout(timer);
        reject(new Error(`The process ${child.pid} (${options.args.join(' ')}) exited (code ${child.exitCode}) before printing a line matching ${pattern}.`));
      });
    });
  try {
    const ready = await nextLine(options.readyLine, options.timeoutMs ?? 30_000);
    return { child, pid: child.pid!, ready, exited, nextLine };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

/** Sends SIGKILL and resolves once the process is gone. */
export async function killHard(running: RunningChild): Promise<void> {
  if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
  await running.exited;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
