/**
 * Dapr's workflow state retention policy (`spec.workflow.stateRetentionPolicy` of a
 * Configuration): how long after reaching a terminal status an instance is purged. A
 * status's own setting wins over `anyTerminal`; a status with neither is kept for ever.
 */
import type { RuntimeStatus } from '../../model/index.js';

/** Retention times in milliseconds, per terminal status (absent: not purged). */
export interface RetentionPolicy {
  readonly anyTerminal?: number;
  readonly completed?: number;
  readonly failed?: number;
  readonly terminated?: number;
}

/** The keys of the policy, as Dapr's Configuration spells them. */
export const RETENTION_KEYS = ['anyTerminal', 'completed', 'failed', 'terminated'] as const;

/** How long an instance that reached `status` is kept, in ms; undefined when it is kept for ever (or `status` is not terminal). */
export function retentionFor(policy: RetentionPolicy | undefined, status: RuntimeStatus): number | undefined {
  if (!policy) return undefined;
  switch (status) {
    case 'COMPLETED':
      return policy.completed ?? policy.anyTerminal;
    case 'FAILED':
      return policy.failed ?? policy.anyTerminal;
    case 'TERMINATED':
      return policy.terminated ?? policy.anyTerminal;
    case 'CANCELED':
      return policy.anyTerminal;
    default:
      return undefined;
  }
}

/** True when the policy purges anything at all. */
export function hasRetention(policy: RetentionPolicy | undefined): boolean {
  return policy !== undefined && RETENTION_KEYS.some((key) => policy[key] !== undefined);
}
