/**
 * Keeps the SDK's workflow worker connected to the sidecar, whatever the sidecar does.
 *
 * The @dapr/dapr 3.18 worker (TaskHubGrpcWorker.internalRunWorker) gives up for good when
 * its first connection attempt fails, or when the first work-item stream breaks with an
 * error, and retries later breaks with a backoff of up to 30 s. A console that starts
 * before its sidecar, or outlives a sidecar restart, needs better: this replaces that loop
 * on one worker instance with one that never gives up while the runtime runs, retries
 * quickly (100 ms doubling to 500 ms) and reports each change of connection state. Work items
 * are dispatched through the worker's own code, exactly as the SDK does.
 */
import * as grpc from '@grpc/grpc-js';
import type { WorkflowRuntime } from '@dapr/dapr';
import pb from '@dapr/dapr/workflow/internal/durabletask/proto/orchestrator_service_pb.js';
import type { TaskHubSidecarServiceClient } from '@dapr/dapr/workflow/internal/durabletask/proto/orchestrator_service_grpc_pb.js';
import emptyPb from 'google-protobuf/google/protobuf/empty_pb.js';
import type { SdkLogMethods } from './sdk-logger.js';

/** The first and the longest pause between connection attempts. */
export const RETRY_DELAY_MIN_MS = 100;
export const RETRY_DELAY_MAX_MS = 500;
/** How long a Hello may take before the attempt counts as failed. */
const HELLO_DEADLINE_MS = 5000;

/** gRPC channel options that make the channel itself reconnect as promptly as the loop retries. */
export const RECONNECT_CHANNEL_OPTIONS: grpc.ChannelOptions = {
  'grpc.initial_reconnect_backoff_ms': RETRY_DELAY_MIN_MS,
  'grpc.min_reconnect_backoff_ms': RETRY_DELAY_MIN_MS,
  'grpc.max_reconnect_backoff_ms': RETRY_DELAY_MAX_MS,
};

/** Changes of the worker's connection, as they happen. */
export interface ConnectionListener {
  /** The work-item stream is open: the sidecar can send work. */
  connected(): void;
  /** The open stream ended or broke; `reason` is one line. A reconnection follows. */
  disconnected(reason: string): void;
  /**
   * An attempt to connect failed (`attempt` counts from 1 since the last success);
   * `refused` when the sidecar answered but rejected the API token.
   */
  unreachable(reason: string, attempt: number, refused: boolean): void;
}

/** Thrown when the installed SDK's worker is not shaped like the 3.18 worker this relies on. */
export class UnsupportedSdkError extends Error {}

/** The parts of the 3.18 TaskHubGrpcWorker this module uses (all exist in 3.18.0). */
interface WorkerInternals {
  _stopWorker: boolean;
  _responseStream: grpc.ClientReadableStream<unknown> | null;
  _activeWorkItems: number;
  _maxConcurrentWorkItems: number;
  _workItemQueue: { workItem: unknown; stub: unknown }[];
  _maxQueueSize: number;
  _dispatchWorkItem(workItem: unknown, stub: TaskHubSidecarServiceClient): void;
  internalRunWorker(client: { stub: TaskHubSidecarServiceClient }): Promise<void>;
  logger: SdkLogMethods;
}

/** The SDK worker inside a WorkflowRuntime; throws UnsupportedSdkError when it is not the expected shape. */
export function workerOf(runtime: WorkflowRuntime): WorkerInternals {
  const worker = (runtime as unknown as { worker?: Partial<WorkerInternals> }).worker;
  if (
    !worker ||
    typeof worker.internalRunWorker !== 'function' ||
    typeof worker._dispatchWorkItem !== 'function' ||
    !Array.isArray(worker._workItemQueue) ||
    typeof worker._stopWorker !== 'boolean'
  ) {
    throw new UnsupportedSdkError('The installed @dapr/dapr is not the 3.18 version this program was built for; reinstall its dependencies.');
  }
  return worker as WorkerInternals;
}

/** One line for a connection error (gRPC errors carry their status in `details`). */
function reasonOf(error: unknown): string {
  const grpcError = error as Partial<grpc.ServiceError> | undefined;
  const text = grpcError?.details || (error instanceof Error ? error.message : String(error));
  return text.replace(/\s+/g, ' ').trim() || 'unknown error';
}

/** True for a gRPC error saying the caller lacks the right credentials (the API token). */
function isRefused(error: unknown): boolean {
  const code = (error as Partial<grpc.ServiceError> | undefined)?.code;
  return code === grpc.status.UNAUTHENTICATED || code === grpc.status.PERMISSION_DENIED;
}

/** Pause before retry number `attempt` (1-based): 100 ms doubling, capped at 500 ms. */
export function retryDelayMs(attempt: number): number {
  return Math.min(RETRY_DELAY_MIN_MS * 2 ** Math.max(0, attempt - 1), RETRY_DELAY_MAX_MS);
}

/**
 * Replaces the connection loop of `runtime`'s worker (call before `runtime.start()`).
 * Returns `halt`, which ends the loop and any pause in it at once; call it before
 * `runtime.stop()`.
 */
export function keepWorkerConnected(runtime: WorkflowRuntime, listener: ConnectionListener): { halt(): void } {
  const worker = workerOf(runtime);
  let halted = false;
  let wake: (() => void) | undefined;
  const isStopping = () => halted || worker._stopWorker;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  const hello = (stub: TaskHubSidecarServiceClient) =>
    new Promise<void>((resolve, reject) => {
      stub.hello(new emptyPb.Empty(), new grpc.Metadata(), { deadline: Date.now() + HELLO_DEADLINE_MS }, (error) =>
        error ? reject(error) : resolve(),
      );
    });

  const streamWorkItems = (stub: TaskHubSidecarServiceClient) =>
    new Promise<void>((resolve, reject) => {
      const stream = stub.getWorkItems(new pb.GetWorkItemsRequest());
      worker._responseStream = stream as grpc.ClientReadableStream<unknown>;
      listener.connected();
      const finish = (error?: unknown) => {
        stream.removeAllListeners();
        stream.on('error', () => {}); // a late error after cancel() must not crash the process
        stream.cancel();
        if (error) reject(error);
        else resolve();
      };
      stream.on('data', (workItem: unknown) => {
        // Same admission rule as the SDK's own loop: dispatch, queue when busy, drop when the queue is full.
        if (worker._activeWorkItems >= worker._maxConcurrentWorkItems) {
          if (worker._workItemQueue.length < worker._maxQueueSize) worker._workItemQueue.push({ workItem, stub });
          else worker.logger.warn(`Work item queue full (${worker._maxQueueSize}), dropping work item`);
          return;
        }
        worker._dispatchWorkItem(workItem, stub);
      });
      stream.on('end', () => finish());
      stream.on('error', (error: unknown) => finish(error));
    });

  worker.internalRunWorker = async (client) => {
    let failures = 0;
    while (!isStopping()) {
      let wasConnected = false;
      try {
        await hello(client.stub);
        if (isStopping()) return;
        failures = 0;
        wasConnected = true;
        await streamWorkItems(client.stub);
        if (isStopping()) return;
        listener.disconnected('the sidecar closed the work-item stream');
      } catch (error) {
        if (isStopping()) return;
        if (wasConnected) listener.disconnected(reasonOf(error));
        else listener.unreachable(reasonOf(error), failures + 1, isRefused(error));
      }
      // Queued items of a broken stream will be sent again by the sidecar on the next one.
      worker._workItemQueue.length = 0;
      failures += 1;
      await pause(wasConnected ? RETRY_DELAY_MIN_MS : retryDelayMs(failures));
    }
  };

  return {
    halt() {
      halted = true;
      wake?.();
    },
  };
}
