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

/** Which instances a listing returns (all of them when empty). */
export interface InstanceListQuery {
  /** Only these statuses. */
  readonly statuses?: readonly RuntimeStatus[];
  /** Only instances created at or after this time (ms since the epoch). */
  readonly createdFrom?: number;
  /** Fetch input, output and custom status too. */
  readonly includePayloads?: boolean;
  /** Instances per page (the sidecar may cap it). */
  readonly pageSize?: number;
}

/** One page of a listing, newest first, with the token of the next page when more remain. */
export interface InstancePage {
  readonly instances: readonly WorkflowInstance[];
  readonly continuationToken?: string;
}

/** What changed since a cursor (the embedded sidecar's change feed). */
export interface InstanceChangesPage {
  /** Ask again with this cursor for later changes. */
  readonly cursor: string;
  /** The cursor given was absent or too old: list everything again, then follow `cursor`. */
  readonly reset: boolean;
  /** Current state (without payloads) of the instances changed since the cursor. */
  readonly changed: readonly WorkflowInstance[];
  /** Instances removed since the cursor; apply before `changed`. */
  readonly removedIds: readonly string[];
  /** More changes follow: read again at once. */
  readonly hasMore: boolean;
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
  /**
   * One page of QueryInstances, newest first. Throws UnsupportedBySidecarError where the
   * sidecar does not serve it (daprd); optional.
   */
  queryInstancesPage?(query: InstanceListQuery, continuationToken?: string): Promise<InstancePage>;
  /**
   * What changed since `cursor` (undefined: the current position, with `reset`). Only the
   * embedded sidecar serves it: UnsupportedBySidecarError elsewhere; optional.
   */
  readChanges?(cursor: string | undefined, maxChanges?: number): Promise<InstanceChangesPage>;
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
  /** Resolves with the finished instance; rejects with WaitTimeoutError after `timeoutMs`, or AbortError when aborted. */
  waitForCompletion(instanceId: string, timeoutMs: number, signal?: AbortSignal): Promise<WorkflowInstance>;
  /** Closes the connection. */
  close(): Promise<void>;
}
