/**
 * Child processes for crash tests: start a Node program, wait for the line that says it is
 * ready, kill it with SIGKILL and wait until it is gone. Also picks a free loopback port, so
 * a sidecar can be restarted on the same one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
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

/** True when a listener can bind 127.0.0.1:`port` right now. */
function canBind(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

/** The lowest port the kernel hands out by itself (bind to port 0, outgoing connections). */
function ephemeralRangeStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago, below the kernel's ephemeral range
 * when possible: a process restarted on it must find it free again, and ports the kernel
 * hands out to other programs (port 0, outgoing connections) could take it meanwhile.
 */
export async function freePort(): Promise<number> {
  const top = Math.min(ephemeralRangeStart(), 65536);
  const bottom = Math.max(10_000, top - 12_000);
  for (let attempt = 0; attempt < 50 && top > bottom; attempt++) {
    const port = await canBind(bottom + Math.floor(Math.random() * (top - bottom)));
    if (port !== undefined) return port;
  }
  const any = await canBind(0);
  if (any === undefined) throw new Error('No free TCP port on 127.0.0.1.');
  return any;
}
