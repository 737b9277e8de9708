/**
 * The runtime statuses of a workflow instance, named and ordered as Dapr's Durable Task
 * protocol has them, and what they mean for the instance's life.
 */

/** A workflow instance's runtime status, named as Dapr's Durable Task protocol names them. */
export type RuntimeStatus =
  | 'RUNNING'
  | 'COMPLETED'
  | 'CONTINUED_AS_NEW'
  | 'FAILED'
  | 'CANCELED'
  | 'TERMINATED'
  | 'PENDING'
  | 'SUSPENDED'
  /** Dapr 1.16+: the worker could not run this instance's version or patches; it waits for a worker that can. */
  | 'STALLED';

/** Every runtime status, in the protocol's enum order (index = protobuf enum value). */
export const RUNTIME_STATUSES: readonly RuntimeStatus[] = [
  'RUNNING',
  'COMPLETED',
  'CONTINUED_AS_NEW',
  'FAILED',
  'CANCELED',
  'TERMINATED',
  'PENDING',
  'SUSPENDED',
  'STALLED',
];

/** True for the statuses an instance never leaves by itself (purge may remove it). */
export function isTerminalStatus(status: RuntimeStatus): boolean {
  return status === 'COMPLETED' || status === 'FAILED' || status === 'TERMINATED' || status === 'CANCELED';
}
