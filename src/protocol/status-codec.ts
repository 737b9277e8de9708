/**
 * Runtime statuses: the domain's names ↔ the protocol's `OrchestrationStatus` enum values.
 */
import { InvalidArgumentError, RUNTIME_STATUSES, type RuntimeStatus } from '../model/index.js';
import { pb } from './sdk-proto.js';

/** The protocol enum value of a runtime status. */
export function runtimeStatusToPb(status: RuntimeStatus): pb.OrchestrationStatus {
  return RUNTIME_STATUSES.indexOf(status) as pb.OrchestrationStatus;
}

/** The runtime status of a protocol enum value. Throws InvalidArgumentError for a value it does not know. */
export function runtimeStatusFromPb(value: pb.OrchestrationStatus | number): RuntimeStatus {
  const status = RUNTIME_STATUSES[value];
  if (status === undefined) throw new InvalidArgumentError(`Unknown workflow runtime status ${value}.`);
  return status;
}
