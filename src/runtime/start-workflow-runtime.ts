/**
 * Hosts the in-process `WorkflowRuntime` of the console and `serve`: registers the bundled
 * workflows and the user's, points the official SDK worker at the sidecar in use (embedded
 * or daprd), keeps it connected through sidecar restarts, and sends everything it logs to a
 * LogBuffer. Not calling it at all is `--no-runtime`.
 */
// The SDK's own modules, not its package index: the index also loads the SDK's HTTP and
// actor machinery, which adds a quarter of a second to every start of the console.
import logLevelModule from '@dapr/dapr/types/logger/LogLevel.js';
import workflowRuntimeModule from '@dapr/dapr/workflow/runtime/WorkflowRuntime.js';
import { bundledWorkflows, registerWorkflows } from '../workflows/index.js';
import { keepWorkerConnected, RECONNECT_CHANNEL_OPTIONS, workerOf } from './keep-connected.js';
import type { LogBuffer } from './log-buffer.js';
import { sdkLoggerService, sdkLogMethods } from './sdk-logger.js';
import type { WorkflowInfo } from '../model/index.js';
import { assertNoNameClashes, loadUserWorkflows } from './user-workflows.js';

/** Where the runtime's own lines (connection changes, warnings) are tagged as coming from. */
export const RUNTIME_LOG_SOURCE = 'runtime';

const { LogLevel } = logLevelModule;
const WorkflowRuntime = workflowRuntimeModule.default;

/** What the runtime needs to start. */
export interface WorkflowRuntimeOptions {
  /** The sidecar's gRPC endpoint, `host:port` (e.g. `127.0.0.1:50001`, `[::1]:50001`). */
  readonly address: string;
  readonly useTls?: boolean;
  /** Sent as `dapr-api-token`; when absent the SDK falls back to DAPR_API_TOKEN. */
  readonly apiToken?: string;
  /** The user's workflows module (see loadUserWorkflows), relative to the working directory. */
  readonly workflowsModule?: string;
  /** Whether to host the bundled workshop workflows (default true). */
  readonly bundled?: boolean;
  /** Multiplies every duration of the bundled workflows (default 1, real-world pace). */
  readonly timeScale?: number;
  /** Receives the SDK's, the runtime's and the workflows' log lines. */
  readonly log: LogBuffer;
}

/** A started runtime. */
export interface RunningWorkflowRuntime {
  /** Every workflow it hosts (bundled first, then the user's), with the console's metadata. */
  readonly workflows: readonly WorkflowInfo[];
  /** True while the worker's work-item stream to the sidecar is open. */
  isConnected(): boolean;
  /** Stops taking work, lets in-flight work items finish (as the SDK does) and disconnects. Safe to call twice. */
  stop(): Promise<void>;
}

/** Thrown for an address that is not `host:port`; the message is one sentence. */
export class RuntimeAddressError extends Error {}

/** Splits `host:port` (IPv6 hosts in brackets). */
function splitAddress(address: string): { host: string; port: string } {
  const match = /^(\[[^\]]+\]|[^:\s]+):(\d{1,5})$/.exec(address.trim());
  if (!match) throw new RuntimeAddressError(`The workflow runtime needs the sidecar address as HOST:PORT, not "${address}".`);
  return { host: match[1]!, port: match[2]! };
}

/**
 * Registers the workflows and starts the SDK worker. Resolves at once, whether or not the
 * sidecar answers yet: the worker keeps trying and connects when it can. Throws (one
 * sentence) for a bad address or time scale and for any problem with the workflows module
 * (the UserWorkflowsError family).
 */
export async function startWorkflowRuntime(options: WorkflowRuntimeOptions): Promise<RunningWorkflowRuntime> {
  const { log, address } = options;
  const { host, port } = splitAddress(address);
  const bundled = options.bundled === false ? [] : bundledWorkflows({ timeScale: options.timeScale });
  const user = options.workflowsModule ? await loadUserWorkflows(options.workflowsModule) : undefined;
  if (user) {
    assertNoNameClashes(user, {
      workflows: bundled.map((workflow) => workflow.info.name),
      activities: bundled.flatMap((workflow) => Object.keys(workflow.activities)),
    });
  }

  const runtime = new WorkflowRuntime({
    daprHost: host,
    // The SDK reads TLS from the endpoint text; `?tls=true` is its spelling for host:port.
    daprPort: options.useTls ? `${port}?tls=true` : port,
    ...(options.apiToken ? { daprApiToken: options.apiToken } : {}),
    // Honoured by SDK versions that pass it on; 3.18's worker ignores it, hence the line below.
    logger: { level: LogLevel.Info, service: sdkLoggerService(log) },
    grpcOptions: RECONNECT_CHANNEL_OPTIONS,
  });
  workerOf(runtime).logger = sdkLogMethods(log, '[DurableTask, Worker] ');

  registerWorkflows(runtime, bundled);
  for (const workflow of user?.workflows ?? []) runtime.registerWorkflowWithName(workflow.info.name, workflow.fn);
  for (const activity of user?.activities ?? []) runtime.registerActivityWithName(activity.name, activity.fn);
  for (const warning of user?.warnings ?? []) log.append('warn', RUNTIME_LOG_SOURCE, warning);

  let connected = false;
  const connection = keepWorkerConnected(runtime, {
    connected() {
      connected = true;
      log.append('info', RUNTIME_LOG_SOURCE, `Connected to the sidecar at ${address}; waiting for work.`);
    },
    disconnected(reason) {
      connected = false;
      log.append('warn', RUNTIME_LOG_SOURCE, `Lost the sidecar at ${address} (${reason}); reconnecting.`);
    },
    unreachable(reason, attempt, refused) {
      connected = false;
      // Once per outage: the retries that follow every few hundred milliseconds stay quiet.
      if (attempt !== 1) return;
      const text = refused
        ? `The sidecar at ${address} refused the API token (${reason}); give the right one with --api-token or DAPR_API_TOKEN. Retrying.`
        : `Cannot reach the sidecar at ${address} (${reason}); retrying until it answers.`;
      log.append(refused ? 'error' : 'warn', RUNTIME_LOG_SOURCE, text);
    },
  });
  await runtime.start();

  const workflows: readonly WorkflowInfo[] = [...bundled.map((workflow) => workflow.info), ...(user?.workflows ?? []).map((workflow) => workflow.info)];
  log.append('info', RUNTIME_LOG_SOURCE, `Workflow runtime started with ${workflows.length} workflows: ${workflows.map((workflow) => workflow.name).join(', ')}.`);

  let stopping: Promise<void> | undefined;
  return {
    workflows,
    isConnected: () => connected,
    stop() {
      stopping ??= (async () => {
        connection.halt();
        try {
          await runtime.stop();
        } catch (error) {
          log.append('warn', RUNTIME_LOG_SOURCE, `The workflow runtime did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
        }
        connected = false;
        log.append('info', RUNTIME_LOG_SOURCE, 'Workflow runtime stopped.');
      })();
      return stopping;
    },
  };
}
