/**
 * The real binary in a real terminal (tmux, 100×30): cold start to the first full frame, and
 * key-to-frame latency of moving the selection. Screens are read with `capture-pane` in a
 * tight loop, so each figure includes tmux's own round trips (a few ms).
 */
import { DaprWorkflowClient } from '@dapr/dapr';
import { createServer } from 'node:net';
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

async function until(session: TmuxSession, condition: (screen: string) => boolean, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const screen = session.screen();
    if (condition(screen)) return screen;
    if (Date.now() > deadline) throw new Error(`the console did not show the expected screen:\n${screen}`);
  }
}

/** Milliseconds from launching the binary (embedded sidecar included) to its first full frame, `runs` times. */
export async function measureColdStart(runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const port = await freePort();
    const started = performance.now();
    const session = startConsole(port);
    try {
      await until(session, isFullFrame, 30_000);
      times.push(performance.now() - started);
    } finally {
      session.kill();
    }
  }
  return times;
}

function cursorLine(screen: string): number {
  return screen.split('\n').findIndex((line) => line.startsWith('›') || line.startsWith(' ›') || /^\s*›/.test(line));
}

/** Milliseconds from sending `j`/`k` to the frame that shows the moved selection, `presses` times. */
export async function measureKeyToFrame(presses: number): Promise<number[]> {
  const port = await freePort();
  const session = startConsole(port);
  const client = new DaprWorkflowClient({ daprHost: '127.0.0.1', daprPort: String(port) });
  try {
    await until(session, isFullFrame, 30_000);
    // Twelve instances waiting for an event: steady rows to move over.
    for (let i = 0; i < 12; i++) await client.scheduleNewWorkflow('DocumentApprovalWorkflow', { document_id: `d${i}` }, `doc-${i}`);
    await until(session, (screen) => screen.includes('doc-11') && cursorLine(screen) >= 0, 15_000);
    const times: number[] = [];
    let goingDown = true;
    for (let i = 0; i < presses; i++) {
      const before = cursorLine(session.screen());
      if (i % 10 === 0 && i > 0) goingDown = !goingDown;
      const started = performance.now();
      session.keys(goingDown ? 'j' : 'k');
      await until(session, (screen) => cursorLine(screen) !== before, 5000);
      times.push(performance.now() - started);
    }
    return times;
  } finally {
    session.kill();
    await client.stop().catch(() => {});
  }
}
