/**
 * Requests a sidecar answers beyond a single instance: starting one, querying many, purging
 * by filter, and the paged results they return.
 */
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
