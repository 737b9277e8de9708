/**
 * Runtime statuses: the model's names ↔ the protocol's `OrchestrationStatus` enum values,
 * and stalled reasons ↔ `StalledReason`.
 */
import { InvalidArgumentError, RUNTIME_STATUSES, type RuntimeStatus, type StalledReason } from '../model/index.js';

/** The protocol enum value of a runtime status. */
export function runtimeStatusToPb(status: RuntimeStatus): number {
  return RUNTIME_STATUSES.indexOf(status);
}

/** The runtime status of a protocol enum value. Throws InvalidArgumentError for a value it does not know. */
export function runtimeStatusFromPb(value: number | null | undefined): RuntimeStatus {
  const status = RUNTIME_STATUSES[value ?? 0];
  if (status === undefined) throw new InvalidArgumentError(`Unknown workflow runtime status ${value}.`);
  return status;
}

const STALLED_REASONS: readonly StalledReason[] = ['PATCH_MISMATCH', 'VERSION_NOT_AVAILABLE', 'PAYLOAD_SIZE_EXCEEDED'];

/** The protocol enum value of a stalled reason. */
export function stalledReasonToPb(reason: StalledReason): number {
  return STALLED_REASONS.indexOf(reason);
}

/** The stalled reason of a protocol enum value. Throws InvalidArgumentError for a value it does not know. */
export function stalledReasonFromPb(value: number | null | undefined): StalledReason {
  const reason = STALLED_REASONS[value ?? 0];
  if (reason === undefined) throw new InvalidArgumentError(`Unknown stalled reason ${value}.`);
  return reason;
}
