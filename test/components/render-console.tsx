/**
 * Renders the console's App with ink-testing-library against a fake sidecar client and a
 * real tracker, at a fixed terminal size, and offers condition-based waits on ANSI-stripped
 * frames (never fixed sleeps).
 */
import { render } from 'ink-testing-library';
import React, { act } from 'react';
import stripAnsi from 'strip-ansi';
import { App } from '../../components/app.js';
import { createTheme } from '../../components/theme.js';
import type { LogLine, LogSource } from '../../src/runtime/types.js';
import type { WorkflowInfo } from '../../src/model/index.js';
import { createTracker, type InstanceTracker } from '../../src/tracker/index.js';
import { FakeSidecarClient } from '../tracker/fake-sidecar-client.js';

/** Yields to the event loop: pending immediates and timers run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setTimeout(resolve, 0)));
}

/**
 * Runs `work` inside React's act(), so the render it causes and that render's effects (e.g.
 * a text field's key listener) are complete when it resolves, as they would be before a
 * person's next keystroke. The act environment is on only meanwhile, so the tracker's own
 * updates outside keystrokes do not warn.
 */
async function inAct(work: () => void): Promise<void> {
  const scope = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
  scope.IS_REACT_ACT_ENVIRONMENT = true;
  try {
    await act(async () => {
      work();
    });
  } finally {
    scope.IS_REACT_ACT_ENVIRONMENT = false;
  }
}

/** Key sequences as a terminal sends them. */
export const KEYS = {
  up: '\u001B[A',
  down: '\u001B[B',
  pageUp: '\u001B[5~',
  pageDown: '\u001B[6~',
  home: '\u001B[H',
  end: '\u001B[F',
  enter: '\r',
  escape: '\u001B',
  tab: '\t',
  shiftTab: '\u001B[Z',
  ctrlC: '\u0003',
  backspace: '\u007F',
} as const;

/** A LogSource the test appends to. */
export class TestLog implements LogSource {
  private readonly list: LogLine[] = [];
  private readonly listeners = new Set<() => void>();
  private snapshot: readonly LogLine[] = [];

  append(text: string, level: LogLine['level'] = 'info', source = 'workflow'): void {
    this.list.push({ seq: this.list.length + 1, time: Date.now(), level, source, text });
    this.snapshot = [...this.list];
    for (const listener of this.listeners) listener();
  }

  lines(): readonly LogLine[] {
    return this.snapshot;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Options of renderConsole. */
export interface RenderConsoleOptions {
  readonly client?: FakeSidecarClient;
  readonly workflows?: readonly WorkflowInfo[];
  readonly readOnly?: boolean;
  readonly columns?: number;
  readonly rows?: number;
  readonly waitTimeoutMs?: number;
  readonly hasColor?: boolean;
}

/** A rendered console and its controls. */
export interface RenderedConsole {
  readonly client: FakeSidecarClient;
  readonly tracker: InstanceTracker;
  readonly log: TestLog;
  /** The last frame without ANSI codes. */
  frame(): string;
  /** The last frame as written (with ANSI codes). */
  rawFrame(): string;
  /** Sends keys, one write each, letting the UI settle after each (as typing would). */
  press(...keys: string[]): Promise<void>;
  /** Waits until the frame contains `text` (or satisfies the predicate). */
  waitFor(condition: string | ((frame: string) => boolean), timeoutMs?: number): Promise<string>;
  readonly quits: () => number;
  rerender(options: { columns: number; rows: number }): void;
  unmount(): void;
}

/** Renders the App and starts its tracker (refreshing every 20 ms). */
export function renderConsole(options: RenderConsoleOptions = {}): RenderedConsole {
  const client = options.client ?? new FakeSidecarClient();
  const tracker = createTracker({ client, refreshMs: 20, maxBackoffMs: 200 });
  const log = new TestLog();
  let quits = 0;
  const theme = createTheme(options.hasColor ?? false);
  const element = (columns: number, rows: number) => (
    <App
      client={client}
      tracker={tracker}
      workflows={options.workflows ?? []}
      logs={log}
      sidecarLabel="test sidecar 127.0.0.1:50001"
      readOnly={options.readOnly ?? false}
      waitTimeoutMs={options.waitTimeoutMs}
      onQuit={() => {
        quits += 1;
      }}
      size={{ columns, rows }}
      theme={theme}
    />
  );
  const instance = render(element(options.columns ?? 100, options.rows ?? 30));
  tracker.start();
  const frame = () => stripAnsi(instance.lastFrame() ?? '');
  return {
    client,
    tracker,
    log,
    frame,
    rawFrame: () => instance.lastFrame() ?? '',
    async press(...keys) {
      for (const key of keys) {
        await inAct(() => instance.stdin.write(key));
        await settle();
      }
    },
    async waitFor(condition, timeoutMs = 3000) {
      const test = typeof condition === 'string' ? (text: string) => text.includes(condition) : condition;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        // Let React run the effects of the last commit (e.g. key listeners of a dialog that
        // just appeared) before looking, as a terminal's next key would arrive later too.
        await settle();
        const current = frame();
        if (test(current)) return current;
        if (Date.now() > deadline) {
          throw new Error(`Timed out waiting for ${typeof condition === 'string' ? JSON.stringify(condition) : 'a frame'}; last frame:\n${current}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 4));
      }
    },
    quits: () => quits,
    rerender({ columns, rows }) {
      instance.rerender(element(columns, rows));
    },
    unmount() {
      tracker.stop();
      instance.unmount();
      instance.cleanup();
    },
  };
}
