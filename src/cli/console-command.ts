/**
 * The default command: the full-screen console. The first frame comes at once: the console
 * takes the terminal before the heavy parts load, and the header says what is still
 * starting while the embedded sidecar (or the connection to another one), the client, the
 * tracker and the in-process workflow runtime come up behind it. Console output is captured
 * into the log pane from the first moment, so nothing the SDK or workflow code prints can
 * reach the screen under the UI. When a part cannot start, the console gives the terminal
 * back and the reason is reported as any other command error.
 */
import { join } from 'node:path';
import { DeferredSidecarClient } from '../client/deferred-client.js';
import { isSidecarNamed, resolveSidecarTarget, type SidecarTarget } from '../client/sidecar-address.js';
import type { SidecarClient } from '../client/types.js';
import { captureConsole } from '../runtime/capture-console.js';
import { LogBuffer } from '../runtime/log-buffer.js';
import { createTracker } from '../tracker/index.js';
import { SentPayloadStore } from '../tracker/sent-payload-store.js';
import { StartingTracker } from '../tracker/starting-tracker.js';
import type { EmbeddedSidecar } from './embedded-sidecar.js';
import { CliUsageError, defaultDataDir, embeddedSidecarSettings, refreshInterval, timeScale, type RawOptions } from './options.js';

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
  // Named before anything starts, so a bad address is reported before the terminal is taken.
  const attachTarget = attach ? resolveSidecarTarget(options) : undefined;
  const hostsRuntime = options.runtime !== false;

  const logs = new LogBuffer();
  const restoreConsole = captureConsole(logs);
  const cleanups: (() => Promise<void> | void)[] = [restoreConsole];
  const deferred = new DeferredSidecarClient();
  const startingTracker = new StartingTracker();
  const starting = [settings ? 'sidecar' : 'connection', ...(hostsRuntime ? ['runtime'] : [])];
  try {
    const { startConsole } = await import('../../components/run-console.js');
    const session = startConsole({
      client: deferred,
      tracker: startingTracker,
      workflows: [],
      logs,
      sidecarLabel: settings ? 'embedded sidecar' : `sidecar ${attachTarget!.address}`,
      starting,
      readOnly: Boolean(options.readOnly),
    });
    const stillStarting = (done: string) => {
      const index = starting.indexOf(done);
      if (index >= 0) starting.splice(index, 1);
      return [...starting];
    };

    const startParts = async (): Promise<void> => {
      let sidecar: EmbeddedSidecar | undefined;
      let target: SidecarTarget;
      if (settings) {
        const { startEmbeddedSidecar } = await import('./embedded-sidecar.js');
        sidecar = await startEmbeddedSidecar(settings, (level, message) => logs.append(level, 'sidecar', message));
        const running = sidecar;
        cleanups.unshift(() => running.close());
        target = { address: sidecar.grpcAddress, useTls: false, apiToken: settings.apiToken, origin: 'embedded' };
      } else {
        target = attachTarget!;
      }

      const { connectSidecar } = await import('../client/grpc-client.js');
      const client: SidecarClient = connectSidecar(target);
      cleanups.unshift(() => client.close());
      deferred.resolve(client);
      const storeDir = sidecar?.dataDir ?? options.dataDir ?? (settings?.inMemory ? undefined : defaultDataDir());
      const storeFile = storeDir ? join(storeDir, `tracked-${target.address.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`) : undefined;
      const tracker = createTracker({ client, refreshMs, storeFile });
      cleanups.unshift(() => tracker.stop());
      for (const id of startingTracker.started) tracker.track(id);
      tracker.start();
      const sidecarLabel = sidecar
        ? `embedded sidecar ${target.address}${sidecar.dataDir ? '' : ' (in memory)'}`
        : `sidecar ${target.address}${target.useTls ? ' (TLS)' : ''}`;
      session.update({
        client,
        tracker,
        sidecarLabel,
        starting: stillStarting(settings ? 'sidecar' : 'connection'),
        sentPayloads: new SentPayloadStore(storeDir ? join(storeDir, 'sent-events.json') : undefined),
      });

      if (!hostsRuntime) return;
      const { startWorkflowRuntime } = await import('../runtime/start-workflow-runtime.js');
      const runtime = await startWorkflowRuntime({
        address: target.address,
        useTls: target.useTls,
        apiToken: target.apiToken,
        workflowsModule: options.workflows,
        timeScale: scale,
        log: logs,
      });
      cleanups.unshift(() => runtime.stop());
      session.update({ workflows: runtime.workflows, starting: stillStarting('runtime') });
    };

    let startError: unknown;
    const started = startParts().catch((error: unknown) => {
      startError = error;
      deferred.reject(error);
      session.stop();
    });
    await session.finished;
    await started;
    if (startError !== undefined) throw startError;
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
