/**
 * Drives a real terminal for end-to-end tests: a tmux session on a private server socket
 * (never the user's tmux), a fixed size, keys sent as a person would type them, and the
 * visible screen captured as text. Waits poll the screen for a condition with a deadline.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

let counter = 0;

/** True when a tmux binary is on PATH. */
export function hasTmux(): boolean {
  return spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
}

/** Options of TmuxSession.start. */
export interface TmuxStartOptions {
  /** The shell command to run in the pane (run by `sh -c`). */
  readonly command: string;
  readonly columns?: number;
  readonly rows?: number;
  readonly cwd?: string;
}

/** One tmux session running one command in one pane. */
export class TmuxSession {
  private constructor(
    private readonly socket: string,
    readonly name: string,
  ) {}

  /** Starts a detached session of the given size running `command`; the pane stays after the command ends. */
  static start(options: TmuxStartOptions): TmuxSession {
    counter += 1;
    const socket = `dwt-test-${process.pid}-${counter}`;
    const name = `e2e${counter}`;
    const session = new TmuxSession(socket, name);
    session.tmux(
      'new-session',
      '-d',
      '-s',
      name,
      '-x',
      String(options.columns ?? 100),
      '-y',
      String(options.rows ?? 30),
      ...(options.cwd ? ['-c', options.cwd] : []),
      'sh',
      '-c',
      // Keep the pane open after the program exits, so its last screen and exit status can be read.
      `${options.command}; echo "EXIT:$?"; sleep 600`,
    );
    return session;
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-f', '/dev/null', '-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** Sends tmux key names (`Enter`, `Escape`, `Tab`, `Up`, `C-c`, `PageDown`…), one call each. */
  keys(...names: string[]): void {
    for (const name of names) this.tmux('send-keys', '-t', this.name, name);
  }

  /** Types literal text. */
  type(text: string): void {
    this.tmux('send-keys', '-t', this.name, '-l', text);
  }

  /** The visible screen as text (no colours). */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', this.name);
  }

  /** The PID of the process running in the pane (the `sh -c` wrapper). */
  panePid(): number {
    return Number(this.tmux('display-message', '-p', '-t', this.name, '#{pane_pid}').trim());
  }

  /** Polls the screen until `condition` holds; fails with the last screen after `timeoutMs`. */
  async waitFor(condition: string | RegExp | ((screen: string) => boolean), timeoutMs = 10_000): Promise<string> {
    const test =
      typeof condition === 'string'
        ? (text: string) => text.includes(condition)
        : condition instanceof RegExp
          ? (text: string) => condition.test(text)
          : condition;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (test(screen)) return screen;
      if (Date.now() > deadline) {
        throw new Error(`Timed out after ${timeoutMs} ms waiting for ${String(condition)}; the screen was:\n${screen}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Ends the session and its private tmux server. */
  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // Already gone.
    }
  }
}

/** Options of startConsoleBinary. */
export interface ConsoleBinaryOptions {
  /** Environment variables set for the console (e.g. XDG_DATA_HOME, DAPR_GRPC_ENDPOINT). */
  readonly env?: Readonly<Record<string, string>>;
  /** Variables removed besides the CI ones (e.g. Dapr's, so only `env` names a sidecar). */
  readonly unset?: readonly string[];
  readonly columns?: number;
  readonly rows?: number;
  /** The shell command that runs the program (default: this repository's bin under `node`). */
  readonly command?: string;
  /** Working folder (default: the repository's root). */
  readonly cwd?: string;
}

/**
 * Runs the real `dapr-workflow-tui` binary with `args` in a new tmux session (100×30 unless
 * told), from the repository root. The CI variables are dropped: Ink draws nothing when it
 * believes it runs in CI, and CI runs these tests with CI=true.
 */
export function startConsoleBinary(args: string, options: ConsoleBinaryOptions = {}): TmuxSession {
  const unset = ['CI', 'CONTINUOUS_INTEGRATION', ...(options.unset ?? [])].map((name) => `-u ${name}`).join(' ');
  const assignments = Object.entries(options.env ?? {})
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  return TmuxSession.start({
    cwd: options.cwd ?? fileURLToPath(new URL('../../', import.meta.url)),
    columns: options.columns ?? 100,
    rows: options.rows ?? 30,
    command: `env ${unset} ${assignments} ${options.command ?? 'node bin/dapr-workflow-tui.js'} ${args}`,
  });
}
