/**
 * `dapr-workflow-tui serve`: the embedded sidecar (and, unless --no-runtime, the in-process
 * workflow runtime) without a UI. Prints one line naming the address, runs until SIGINT or
 * SIGTERM, then closes cleanly: runtime stopped, worker streams ended, database closed.
 */
import { captureConsole, LogBuffer, startWorkflowRuntime, type RunningWorkflowRuntime } from '../runtime/index.js';
import type { LogLine } from '../runtime/types.js';
import { safeText } from '../text/safe-text.js';
import { startEmbeddedSidecar, type EmbeddedSidecar } from './embedded-sidecar.js';
import { embeddedSidecarSettings, timeScale, type RawOptions } from './options.js';

function printLine(line: LogLine, verbose: boolean): void {
  if (!verbose && (line.level === 'debug' || line.level === 'info') && line.source !== 'sidecar') return;
  process.stderr.write(`${new Date(line.time).toISOString()} ${line.level.padEnd(5)} [${line.source}] ${safeText(line.text)}\n`);
}

/** Runs `serve` until a signal arrives. */
export async function runServe(options: RawOptions): Promise<void> {
  const settings = embeddedSidecarSettings(options);
  // Signal handlers go in before anything is printed: a signal that arrives before a
  // listener exists kills the process outright. They stay registered (not `once`) while the
  // signal is emitted, so a library that re-raises signals nobody else handles
  // (signal-exit, loaded with Ink) sees them.
  let stop = () => {};
  const stopRequested = new Promise<void>((resolve) => (stop = () => resolve()));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const verbose = Boolean(options.verbose);
  const scale = timeScale(options);
  const logs = new LogBuffer();
  // Until the ready line is out, log lines are held (printed after it, or dropped when
  // start-up fails: the one sentence of the failure says what matters). --verbose: at once.
  let isReady = false;
  let printed = 0;
  const flush = () => {
    if (!isReady && !verbose) return;
    for (const line of logs.lines()) {
      if (line.seq < printed) continue;
      printed = line.seq + 1;
      printLine(line, verbose);
    }
  };
  const unsubscribe = logs.subscribe(flush);
  const restoreConsole = captureConsole(logs);
  let sidecar: EmbeddedSidecar | undefined;
  let runtime: RunningWorkflowRuntime | undefined;
  try {
    sidecar = await startEmbeddedSidecar(settings, (level, message) => logs.append(level, 'sidecar', message));
    if (options.runtime !== false) {
      runtime = await startWorkflowRuntime({
        address: sidecar.grpcAddress,
        apiToken: settings.apiToken,
        workflowsModule: options.workflows,
        timeScale: scale,
        log: logs,
      });
    }
    const http = sidecar.httpPort === undefined ? 'HTTP API off' : `HTTP API on http://127.0.0.1:${sidecar.httpPort}`;
    const store = sidecar.dataDir ? `data in ${sidecar.dataDir}` : 'in memory';
    const hosted = runtime ? `${runtime.workflows.length} workflows hosted` : 'no workflows hosted (--no-runtime)';
    process.stdout.write(`Embedded sidecar listening on ${sidecar.grpcAddress} (gRPC); ${http}; ${store}; ${hosted}.\n`);
    isReady = true;
    flush();
    await stopRequested;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await runtime?.stop();
    await sidecar?.close();
    restoreConsole();
    unsubscribe();
  }
  process.stdout.write('Embedded sidecar stopped.\n');
}
