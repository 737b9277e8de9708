/**
 * The console's view of a sidecar (embedded or a real daprd): what the tracker, the UI and
 * the command-line verbs may ask, with typed results. Implementations translate to the
 * Durable Task gRPC protocol; errors are the classes in ./errors.ts.
 */
import type { FailureDetails, HistoryEvent, RuntimeStatus } from '../model/index.js';

export type { FailureDetails, HistoryEvent, RuntimeStatus };

/** One workflow instance as the console shows it. Times are milliseconds since the epoch. */
export interface WorkflowInstance {
  readonly instanceId: string;
  readonly name: string;
  readonly status: RuntimeStatus;
  readonly createdAt: number;
  readonly lastUpdatedAt: number;
  /** JSON text; present only when payloads were fetched. */
  readonly input?: string;
  readonly output?: string;
  readonly customStatus?: string;
  readonly failure?: FailureDetails;
}

/** Options for starting an instance. */
export interface StartOptions {
  readonly instanceId?: string;
  /** JSON text (already validated by the caller). */
  readonly input?: string;
  readonly startAt?: Date;
}

/** A connection to one sidecar. */
export interface SidecarClient {
  /** `host:port` of the sidecar, for the header. */
  readonly address: string;
  /** Starts a workflow; resolves to the instance ID. */
  start(workflowName: string, options?: StartOptions): Promise<string>;
  /** The instance, or undefined when the sidecar says it does not exist. */
  get(instanceId: string, includePayloads: boolean): Promise<WorkflowInstance | undefined>;
  /** Every instance ID the sidecar knows. Throws UnsupportedBySidecarError before Dapr 1.17. */
  listInstanceIds(): Promise<string[]>;
  /**
   * Every instance's state without payloads, in a few calls (QueryInstances), for refreshing
   * many instances at once. Throws UnsupportedBySidecarError where the sidecar does not
   * serve it (daprd); optional, so a client may leave it out.
   */
  queryInstances?(): Promise<WorkflowInstance[]>;
  /** The instance's history. Throws UnsupportedBySidecarError before Dapr 1.17. */
  history(instanceId: string): Promise<HistoryEvent[]>;
  suspend(instanceId: string, reason?: string): Promise<void>;
  resume(instanceId: string, reason?: string): Promise<void>;
  /** `output` is JSON text. */
  terminate(instanceId: string, output?: string): Promise<void>;
  /** Removes a finished instance. */
  purge(instanceId: string): Promise<void>;
  /** `payload` is JSON text. */
  raiseEvent(instanceId: string, eventName: string, payload?: string): Promise<void>;
  /**
   * Starts a new instance from a finished one's history, replayed up to `eventId` (Dapr's
   * RerunWorkflowFromEvent); resolves to the new instance's ID. `input` (JSON text) replaces
   * the source's input when `overwriteInput` is true.
   */
  rerunWorkflowFromEvent(request: {
    sourceInstanceId: string;
    eventId: number;
    newInstanceId?: string;
    input?: string;
    overwriteInput?: boolean;
  }): Promise<string>;
  /** Resolves with the finished instance; rejects with WaitTimeoutError after `timeoutMs`, or AbortError when aborted. */
  waitForCompletion(instanceId: string, timeoutMs: number, signal?: AbortSignal): Promise<WorkflowInstance>;
  /** Closes the connection. */
  close(): Promise<void>;
}
