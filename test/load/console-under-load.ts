/**
 * The console under load, shared by the load test and its benchmark: a `serve` process (in
 * memory) hosts a tiny event-waiting workflow from a `--workflows` module; N instances are
 * started through the official SDK client and left waiting; the real console (tmux, 100x30)
 * attaches with `--no-runtime` and polls them while another process raises one event per
 * instance at a steady rate. Meanwhile the selection is moved with j/k and the time from each
 * key to the frame that shows it is measured. Afterwards every instance whose event was raised
 * must have completed with that event's payload.
 */
import { DaprWorkflowClient, WorkflowRuntimeStatus } from '@dapr/dapr';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, startServe, type ServeProcess } from '../helpers/serve-process.js';
import { startConsoleBinary, TmuxSession } from '../helpers/tmux.js';

/** What to run. */
export interface LoadOptions {
  /** Instances started and left waiting for their event (default 1,000). */
  readonly instances?: number;
  /** Events raised per second, one per instance in order (default 100). */
  readonly eventsPerSecond?: number;
  /** Pause between two measured keys, in ms (default 150). */
  readonly pauseBetweenKeysMs?: number;
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

/** What came out. */
export interface LoadFigures {
  readonly instances: number;
  /** Seconds to start every instance (through the SDK client, 50 calls in flight). */
  readonly startSeconds: number;
  /** Events the raiser sent and the sidecar accepted. */
  readonly eventsRaised: number;
  /** Events whose raise call failed, with the error. */
  readonly raiseFailures: readonly { readonly index: number; readonly error: string }[];
  /** The rate the raiser achieved (events/s). */
  readonly achievedEventsPerSecond: number;
  /** Instances whose event was raised but that did not complete with that event's payload. */
  readonly lost: readonly string[];
  /** Key-to-frame latency of each measured key during the load (ms). */
  readonly keyToFrameMs: readonly number[];
  /** Keys whose frame never came within the per-key limit. */
  readonly keysUnanswered: number;
  /** Milliseconds from the last event raised to the console's header counting every instance completed (-1: never within the limit). */
  readonly consoleCaughtUpMs: number;
  /** The last screen, for diagnostics. */
  readonly lastScreen: string;
}

const FIXTURE = join(REPO_ROOT, 'test/load/fixtures/event-waiter-workflows.mjs');
const PREFIX = 'load-';
/** The longest a single key may take before it counts as unanswered. */
const KEY_LIMIT_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The instance ID on the row under the cursor (`›`), or undefined. */
export function cursorIdOf(screen: string): string | undefined {
  const line = screen.split('\n').find((text) => /^›\s+[A-Z_]+\s+\S/.test(text));
  return line?.split(/\s+/)[2];
}

async function inParallel(total: number, lanes: number, job: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < total) await job(next++);
    }),
  );
}

/** Polls the screen as fast as tmux answers until `condition` holds; the elapsed ms, or -1 after `limitMs`. */
function timeUntil(session: TmuxSession, condition: (screen: string) => boolean, limitMs: number): number {
  const started = performance.now();
  for (;;) {
    if (condition(session.screen())) return performance.now() - started;
    if (performance.now() - started > limitMs) return -1;
  }
}

interface RaiseSummary {
  readonly raised: number;
  readonly failed: { index: number; error: string }[];
  readonly perSecond: number;
}

function raiseEvents(address: string, count: number, perSecond: number): Promise<RaiseSummary> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'test/load/raise-events.ts', address, PREFIX, String(count), String(perSecond)],
      { cwd: REPO_ROOT, timeout: 120_000, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`the event raiser failed: ${error.message}\n${stderr}`));
        resolve(JSON.parse(stdout.trim().split('\n').pop()!) as RaiseSummary);
      },
    );
  });
}

/** Runs the scenario once and returns its figures; everything it started is stopped. */
export async function runConsoleUnderLoad(options: LoadOptions = {}): Promise<LoadFigures> {
  const instances = options.instances ?? 1000;
  const perSecond = options.eventsPerSecond ?? 100;
  const pauseMs = options.pauseBetweenKeysMs ?? 150;
  const log = options.log ?? (() => {});
  const scratch = mkdtempSync(join(tmpdir(), 'dwt-load-'));
  const savedInfo = console.info;
  const savedLog = console.log;
  // The SDK logs every call at INFO through console.
  console.info = () => {};
  console.log = () => {};
  let serve: ServeProcess | undefined;
  let session: TmuxSession | undefined;
  let client: DaprWorkflowClient | undefined;
  try {
    serve = await startServe(['--grpc-port', '0', '--http-port', 'off', '--in-memory', '--workflows', FIXTURE]);
    const address = serve.grpcAddress;
    const [host, port] = address.split(':');
    client = new DaprWorkflowClient({ daprHost: host!, daprPort: port! });
    const sdk = client;

    const startedAt = performance.now();
    await inParallel(instances, 50, async (i) => {
      await sdk.scheduleNewWorkflow('load_event_waiter', { n: i }, `${PREFIX}${i}`);
    });
    const startSeconds = (performance.now() - startedAt) / 1000;
    log(`  started ${instances} instances in ${startSeconds.toFixed(1)} s`);

    session = startConsoleBinary(`--sidecar ${address} --no-runtime`, { env: { XDG_DATA_HOME: join(scratch, 'xdg') } });
    const console_ = session;
    // Every instance listed and past its first turn (none pending), and a row under the cursor.
    await console_.waitFor((screen) => new RegExp(`^${instances} instances · ${instances} running\\s*$`, 'm').test(screen) && cursorIdOf(screen) !== undefined, 60_000);
    log('  the console lists every instance as running');

    const raising = raiseEvents(address, instances, perSecond);
    let raiseDone = false;
    void raising.then(
      () => (raiseDone = true),
      () => (raiseDone = true),
    );
    const keyTimes: number[] = [];
    let unanswered = 0;
    let goingDown = true;
    while (!raiseDone) {
      if (keyTimes.length % 10 === 0 && keyTimes.length > 0) goingDown = !goingDown;
      const before = cursorIdOf(console_.screen());
      console_.keys(goingDown ? 'j' : 'k');
      const took = timeUntil(console_, (screen) => {
        const now = cursorIdOf(screen);
        return now !== undefined && now !== before;
      }, KEY_LIMIT_MS);
      if (took < 0) unanswered += 1;
      else keyTimes.push(took);
      await sleep(pauseMs);
    }
    const summary = await raising;
    const raisedAt = performance.now();
    log(`  raised ${summary.raised} events at ${summary.perSecond.toFixed(1)}/s; ${keyTimes.length} keys measured, ${unanswered} unanswered`);

    // Every instance whose event went out completes with that event's payload.
    const failedIndexes = new Set(summary.failed.map((failure) => failure.index));
    let pending = Array.from({ length: instances }, (_, i) => i).filter((i) => !failedIndexes.has(i));
    const wrong = new Map<number, string>();
    const deadline = Date.now() + 60_000;
    while (pending.length > 0 && Date.now() < deadline) {
      const stillPending: number[] = [];
      await inParallel(pending.length, 16, async (k) => {
        const i = pending[k]!;
        const state = await sdk.getWorkflowState(`${PREFIX}${i}`, true);
        if (state?.runtimeStatus !== WorkflowRuntimeStatus.COMPLETED) {
          stillPending.push(i);
          return;
        }
        const output = JSON.parse(state.serializedOutput || 'null') as { n?: number; payload?: { n?: number } } | null;
        if (output?.n !== i || output.payload?.n !== i) wrong.set(i, state.serializedOutput ?? '');
      });
      pending = stillPending;
      if (pending.length > 0) await sleep(500);
    }
    const lost = [...pending.map((i) => `${PREFIX}${i} (not completed)`), ...[...wrong].map(([i, out]) => `${PREFIX}${i} (output ${out})`)];

    const caughtUp = timeUntil(console_, (screen) => new RegExp(`^${instances} instances · ${summary.raised} completed`, 'm').test(screen), 30_000);
    const consoleCaughtUpMs = caughtUp < 0 ? -1 : performance.now() - raisedAt;
    return {
      instances,
      startSeconds,
      eventsRaised: summary.raised,
      raiseFailures: summary.failed,
      achievedEventsPerSecond: summary.perSecond,
      lost,
      keyToFrameMs: keyTimes,
      keysUnanswered: unanswered,
      consoleCaughtUpMs,
      lastScreen: console_.screen(),
    };
  } finally {
    console.info = savedInfo;
    console.log = savedLog;
    session?.kill();
    await client?.stop().catch(() => {});
    await serve?.stop('SIGKILL');
    rmSync(scratch, { recursive: true, force: true });
  }
}
