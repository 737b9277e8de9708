/**
 * The real binary in a real terminal (tmux, 100×30): cold start to the first full frame
 * (header, table, footer: drawn before the sidecar is up) and to the first connected frame,
 * and key-to-frame latency of moving the selection; each beside the same figure for a bare
 * Ink app that moves a cursor (bare-cursor-app.mjs) in the same terminal, in the same run,
 * launches and presses interleaved. Screens are read with `capture-pane` in a tight loop, so
 * each figure includes tmux's own round trips (a few ms).
 */
import { DaprWorkflowClient } from '@dapr/dapr';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startConsoleBinary, TmuxSession } from '../test/helpers/tmux.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function startConsole(grpcPort: number): TmuxSession {
  return startConsoleBinary(`--in-memory --grpc-port ${grpcPort} --http-port off`);
}

const isFullFrame = (screen: string) => /● connected/.test(screen) && /\? help/.test(screen);
/** The first frame: header, table and footer, whatever is still starting. */
const isFirstFrame = (screen: string) => /Dapr workflows/.test(screen) && /INSTANCE ID/.test(screen) && /\? help/.test(screen);
const isBareFrame = (screen: string) => /Bare Ink app/.test(screen) && /\? help/.test(screen);

/** Starts the bare Ink app in a new tmux session of the same size, NODE_ENV as the binary sets it. */
function startBareApp(): TmuxSession {
  return TmuxSession.start({
    cwd: fileURLToPath(new URL('../', import.meta.url)),
    columns: 100,
    rows: 30,
    command: `env -u CI -u CONTINUOUS_INTEGRATION NODE_ENV=production node bench/bare-cursor-app.mjs`,
  });
}

async function until(session: TmuxSession, condition: (screen: string) => boolean, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const screen = session.screen();
    if (condition(screen)) return screen;
    if (Date.now() > deadline) throw new Error(`the console did not show the expected screen:\n${screen}`);
  }
}

/** Cold-start figures, in ms per launch. */
export interface ColdStartFigures {
  /** Launch to the first full frame (header, table, footer) of the console. */
  readonly firstFrame: number[];
  /** Launch to the first frame connected to its embedded sidecar. */
  readonly connected: number[];
  /** Launch to the first frame of the bare Ink app, launched alternately in the same terminal. */
  readonly bare: number[];
}

/** Launches the binary (embedded sidecar included) and the bare Ink app alternately, `runs` times each. */
export async function measureColdStart(runs: number): Promise<ColdStartFigures> {
  const figures: ColdStartFigures = { firstFrame: [], connected: [], bare: [] };
  for (let i = 0; i < runs; i++) {
    const port = await freePort();
    const started = performance.now();
    const session = startConsole(port);
    try {
      await until(session, isFirstFrame, 30_000);
      figures.firstFrame.push(performance.now() - started);
      await until(session, isFullFrame, 30_000);
      figures.connected.push(performance.now() - started);
    } finally {
      session.kill();
    }
    const bareStarted = performance.now();
    const bare = startBareApp();
    try {
      await until(bare, isBareFrame, 30_000);
      figures.bare.push(performance.now() - bareStarted);
    } finally {
      bare.kill();
    }
  }
  return figures;
}

/** Milliseconds from sending `j` (or `k`) to the frame that shows the moved cursor, in `session`. */
async function timePresses(session: TmuxSession, presses: number, goingDown: boolean, times: number[]): Promise<void> {
  for (let i = 0; i < presses; i++) {
    const before = cursorLine(session.screen());
    const started = performance.now();
    session.keys(goingDown ? 'j' : 'k');
    await until(session, (screen) => cursorLine(screen) !== before, 5000);
    times.push(performance.now() - started);
  }
}

function cursorLine(screen: string): number {
  return screen.split('\n').findIndex((line) => line.startsWith('›') || line.startsWith(' ›') || /^\s*›/.test(line));
}

/** Key-to-frame figures, in ms per press. */
export interface KeyToFrameFigures {
  readonly console: number[];
  /** The bare Ink app, pressed in alternating rounds of ten with the console. */
  readonly bare: number[];
}

/**
 * Milliseconds from sending `j`/`k` to the frame that shows the moved selection, `presses`
 * times, in the console and in the bare Ink app side by side (both running, rounds of ten
 * presses alternating between them, so both see the same machine load).
 */
export async function measureKeyToFrame(presses: number): Promise<KeyToFrameFigures> {
  const port = await freePort();
  const session = startConsole(port);
  const bare = startBareApp();
  const client = new DaprWorkflowClient({ daprHost: '127.0.0.1', daprPort: String(port) });
  try {
    await until(session, isFullFrame, 30_000);
    await until(bare, isBareFrame, 30_000);
    // Twelve instances waiting for an event: steady rows to move over.
    for (let i = 0; i < 12; i++) await client.scheduleNewWorkflow('DocumentApprovalWorkflow', { document_id: `d${i}` }, `doc-${i}`);
    await until(session, (screen) => screen.includes('doc-11') && cursorLine(screen) >= 0, 15_000);
    // The cursor follows the row it is on as newer rows arrive above it: start from the top.
    session.keys('g');
    await until(session, (screen) => /^\s*›.*doc-11/m.test(screen), 5000);
    const figures: KeyToFrameFigures = { console: [], bare: [] };
    for (let round = 0; round < Math.ceil(presses / 10); round++) {
      // Ten rows down, then ten back up, within twelve rows.
      await timePresses(session, 10, round % 2 === 0, figures.console);
      await timePresses(bare, 10, round % 2 === 0, figures.bare);
    }
    return figures;
  } finally {
    session.kill();
    bare.kill();
    await client.stop().catch(() => {});
  }
}
