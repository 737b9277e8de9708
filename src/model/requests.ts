/**
 * Requests a sidecar answers beyond a single instance: starting one, querying many, purging
 * by filter, and the paged results they return.
 */
import type { TraceContext } from './history-event.js';
import type { RuntimeStatus } from './runtime-status.js';

/** A request to start a workflow instance. */
export interface StartRequest {
  readonly name: string;
  /** Generated (a UUID) when absent or empty. */
  readonly instanceId?: string;
  /** JSON text. */
  readonly input?: string;
  /** The instance stays PENDING until then. */
  readonly scheduledStartAt?: number;
  /** The workflow version to run (Dapr 1.16+); kept and handed to the worker. */
  readonly version?: string;
  /** Free-form tags (Dapr 1.16+); kept and returned with the instance's state. */
  readonly tags?: Readonly<Record<string, string>>;
  /** The caller's trace context, handed to the worker in ExecutionStarted. */
  readonly trace?: TraceContext;
  /** The first run's execution ID (generated when absent). */
  readonly executionId?: string;
}

/** A request to rerun a finished instance from one of its history events (Dapr 1.16+). */
export interface RerunRequest {
  readonly sourceInstanceId: string;
  /** The event ID (the SDK's action ID) of an activity's TaskScheduled event to rerun from. */
  readonly eventId: number;
  /** Generated (a UUID) when absent or empty. */
  readonly newInstanceId?: string;
  /** With overwriteInput: the activity's new input (JSON text); absent clears it. */
  readonly input?: string;
  readonly overwriteInput: boolean;
  /** For reruns from a child workflow's creation event (not supported by the embedded sidecar). */
  readonly newChildInstanceId?: string;
}

/** A query over instances, as QueryInstances asks it. */
export interface InstanceQuery {
  readonly statuses?: readonly RuntimeStatus[];
  readonly createdFrom?: number;
  readonly createdTo?: number;
  readonly instanceIdPrefix?: string;
  readonly maxInstanceCount?: number;
  readonly continuationToken?: string;
  readonly includePayloads?: boolean;
}

/** A purge by filter: created-time range and statuses (terminal ones only are purged). */
export interface PurgeFilter {
  readonly createdFrom?: number;
  readonly createdTo?: number;
  readonly statuses?: readonly RuntimeStatus[];
}

/** One page of results, with a token for the next page when there is one. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly continuationToken?: string;
}

/**
 * One read of a change feed (the embedded sidecar's): every write of an instance takes the
 * next number of one store-wide sequence, and a cursor is a position in it, opaque to callers.
 * Each room reads it with its own view of an instance (a stored record, a state, a row).
 */
export interface ChangesPage<T> {
  /** Read again with this cursor for what changed after this page. */
  readonly cursor: string;
  /**
   * The cursor given was absent, too old (its removals are no longer kept) or of another
   * store: re-read everything, then follow `cursor`. `changed` and `removedIds` are empty then.
   */
  readonly reset: boolean;
  /** Instances written since the cursor (their current state), in the order of their last write. */
  readonly changed: readonly T[];
  /** IDs of instances removed since the cursor. Apply these before `changed`. */
  readonly removedIds: readonly string[];
  /** More changes follow this page: read again at once. */
  readonly hasMore: boolean;
}
