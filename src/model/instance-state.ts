/**
 * One workflow instance as clients see it, and the rules every instance ID and payload obey.
 */
import type { FailureDetails } from './failure-details.js';
import type { RuntimeStatus } from './runtime-status.js';

/** The largest payload (input, output, event data, custom status) a sidecar accepts (Dapr's gRPC message limit). */
export const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;

/** Instance IDs: letters, digits, `_` and `-`, as Dapr accepts them. */
export const INSTANCE_ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/** What the console and the clients see of one instance. */
export interface InstanceState {
  readonly instanceId: string;
  readonly name: string;
  readonly status: RuntimeStatus;
  readonly createdAt: number;
  readonly lastUpdatedAt: number;
  readonly scheduledStartAt?: number;
  /** Present only when payloads were asked for. */
  readonly input?: string;
  readonly output?: string;
  readonly customStatus?: string;
  readonly failure?: FailureDetails;
  readonly parentInstanceId?: string;
  readonly executionId: string;
  /** When it reached a terminal status. */
  readonly completedAt?: number;
  /** The version asked for at start (Dapr 1.16+), when one was. */
  readonly version?: string;
  /** Tags given at start (Dapr 1.16+), when any were. */
  readonly tags?: Readonly<Record<string, string>>;
}
