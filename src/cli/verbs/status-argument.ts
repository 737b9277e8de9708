/**
 * Runtime-status arguments (`--filter-status`, `--all-filter-status`): one of the protocol's
 * status names, in any letter case.
 */
import { RUNTIME_STATUSES, type RuntimeStatus } from '../../model/index.js';
import { VerbUsageError } from './verb-errors.js';

/** The status a flag names; throws VerbUsageError listing the valid names. */
export function parseStatusArgument(text: string, flag: string): RuntimeStatus {
  const status = RUNTIME_STATUSES.find((candidate) => candidate === text.trim().toUpperCase());
  if (status === undefined) {
    throw new VerbUsageError(`${flag} takes one of ${RUNTIME_STATUSES.join(', ')}, not "${text}".`);
  }
  return status;
}
