/**
 * The default command: the full-screen console. Starts (or attaches to) a sidecar, the
 * in-process workflow runtime, the client and the tracker, then hands the terminal to Ink.
 * Console output is captured into the log pane from the first moment, so nothing the SDK
 * or workflow code prints can reach the screen under the UI.
 */
import { join } from 'node:path';
import { runConsole } from '../../components/run-console.js';
import { connectSidecar } from '../client/grpc-client.js';
import { captureConsole, LogBuffer, startWorkflowRuntime } from '../runtime/index.js';
import { createTracker } from '../tracker/index.js';
import { startEmbeddedSidecar, type EmbeddedSidecar } from './embedded-sidecar.js';
import { CliUsageError, defaultDataDir, embeddedSidecarSettings, refreshInterval, timeScale, type RawOptions } from './options.js';
import { isSidecarNamed, resolveSidecarTarget, type SidecarTarget } from '../client/sidecar-address.js';

/** Runs the console until the user quits. */
export async function runConsoleCommand(options: RawOptions): Promise<void> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new CliUsageError(
      'The console needs a terminal (TTY). Without one, use `dapr-workflow-tui serve` for the sidecar, ' +
        'or the verbs (`dapr-workflow-tui list`, `status ID`, `run NAME`, …; see --help).',
    );
  }
  const refreshMs = refreshInterval(options);
  const scale = timeScale(options);
  const attach = isSidecarNamed(options);
  if (attach && options.config !== undefined) {
    throw new CliUsageError('--config configures the embedded sidecar; with --sidecar, configure that sidecar instead.');
  }
  const settings = attach ? undefined : embeddedSidecarSettings(options);

  const logs = new LogBuffer();
  const restoreConsole = captureConsole(logs);
  let sidecar: EmbeddedSidecar | undefined;
  let target: SidecarTarget;
  const cleanups: (() => Promise<void> | void)[] = [restoreConsole];
  try {
    if (settings) {
      sidecar = await startEmbeddedSidecar(settings, (level, message) => logs.append(level, 'sidecar', message));
      cleanups.unshift(() => sidecar?.close());
      target = { address: sidecar.grpcAddress, useTls: false, apiToken: settings.apiToken, origin: 'embedded' };
    } else {
      target = resolveSidecarTarget(options);
    }

    const runtime =
      options.runtime === false
        ? undefined
        : await startWorkflowRuntime({
            address: target.address,
            useTls: target.useTls,
            apiToken: target.apiToken,
            workflowsModule: options.workflows,
            timeScale: scale,
            log: logs,
          });
    if (runtime) cleanups.unshift(() => runtime.stop());

    const client = connectSidecar(target);
    cleanups.unshift(() => client.close());
    const storeDir = sidecar?.dataDir ?? options.dataDir ?? (settings?.inMemory ? undefined : defaultDataDir());
    const storeFile = storeDir ? join(storeDir, `tracked-${target.address.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`) : undefined;
    const tracker = createTracker({ client, refreshMs, storeFile });
    cleanups.unshift(() => tracker.stop());

    const sidecarLabel = sidecar
      ? `embedded sidecar ${target.address}${sidecar.dataDir ? '' : ' (in memory)'}`
      : `sidecar ${target.address}${target.useTls ? ' (TLS)' : ''}`;
    tracker.start();
    await runConsole({
      client,
      tracker,
      workflows: runtime?.workflows ?? [],
      logs,
      sidecarLabel,
      readOnly: Boolean(options.readOnly),
    });
  } finally {
    for (const cleanup of cleanups) {
      try {
        await cleanup();
      } catch {
        // Closing is best effort: the terminal is already restored and the process ends.
      }
    }
  }
}
