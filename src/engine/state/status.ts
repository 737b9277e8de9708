/**
 * How an instance's status follows from what happens to it: a worker's turn, a suspend, a
 * resume. Pure functions over statuses.
 */
import { isTerminalStatus, type RuntimeStatus } from '../../model/index.js';

/**
 * The status after an orchestrator turn: the completion status the worker chose when it is
 * terminal; otherwise SUSPENDED stays SUSPENDED (the instance was suspended while the turn
 * ran) and everything else becomes RUNNING (a continued-as-new run included).
 */
export function statusAfterTurn(current: RuntimeStatus, completion: RuntimeStatus | undefined): RuntimeStatus {
  if (completion !== undefined && isTerminalStatus(completion)) return completion;
  return current === 'SUSPENDED' ? 'SUSPENDED' : 'RUNNING';
}

/** True when suspend applies to an instance in this status. */
export function canSuspend(status: RuntimeStatus): boolean {
  return status === 'RUNNING' || status === 'PENDING';
}

/** True when resume applies to an instance in this status. */
export function canResume(status: RuntimeStatus): boolean {
  return status === 'SUSPENDED';
}

/** True when purge applies to an instance in this status. */
export function canPurge(status: RuntimeStatus): boolean {
  return isTerminalStatus(status);
}

/** True when waitForStart may resolve: the instance has left PENDING. */
export function hasStarted(status: RuntimeStatus): boolean {
  return status !== 'PENDING';
}
