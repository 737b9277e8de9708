/**
 * `dapr-workflow-tui serve`: the embedded sidecar (and, unless --no-runtime, the in-process
 * workflow runtime) without a UI. Prints one line naming the address, runs until SIGINT or
 * SIGTERM, then closes cleanly: runtime stopped, worker streams ended, database closed.
 */
import { captureConsole, LogBuffer, startWorkflowRuntime } from '../runtime/index.js';
import type { LogLine } from '../runtime/types.js';
import { safeText } from '../text/safe-text.js';
import { startEmbeddedSidecar } from './embedded-sidecar.js';
import { embeddedSidecarSettings, timeScale, type RawOptions } from './options.js';

function printLine(line: LogLine, verbose: boolean): void {
  if (!verbose && (line.level === 'debug' || line.level === 'info') && line.source !== 'sidecar') return;
  process.stderr.write(`${new Date(line.time).toISOString()} ${line.level.padEnd(5)} [${line.source}] ${safeText(line.text)}\n`);
}

/** Runs `serve` until a signal arrives. */
export async function runServe(options: RawOptions): Promise<void> {
  const settings = embeddedSidecarSettings(options);
  const verbose = Boolean(options.verbose);
  const scale = timeScale(options);
  const logs = new LogBuffer();
  let printed = 0;
  const unsubscribe = logs.subscribe(() => {
    for (const line of logs.lines()) {
      if (line.seq < printed) continue;
      printed = line.seq + 1;
      printLine(line, verbose);
    }
  });
  const restoreConsole = captureConsole(logs);
  const sidecar = await startEmbeddedSidecar(settings, (level, message) => logs.append(level, 'sidecar', message));
  const runtime =
    options.runtime === false
      ? undefined
      : await startWorkflowRuntime({
          address: sidecar.grpcAddress,
          apiToken: settings.apiToken,
          workflowsModule: options.workflows,
            timeScale: scale,
          log: logs,
        });

  const http = sidecar.httpPort === undefined ? 'HTTP API off' : `HTTP API on http://127.0.0.1:${sidecar.httpPort}`;
  const store = sidecar.dataDir ? `data in ${sidecar.dataDir}` : 'in memory';
  const hosted = runtime ? `${runtime.workflows.length} workflows hosted` : 'no workflows hosted (--no-runtime)';
  process.stdout.write(`Embedded sidecar listening on ${sidecar.grpcAddress} (gRPC); ${http}; ${store}; ${hosted}.\n`);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await runtime?.stop();
  await sidecar.close();
  restoreConsole();
  unsubscribe();
  process.stdout.write('Embedded sidecar stopped.\n');
}
