/**
 * Which rows the table shows: a text filter over instance ID and workflow name, and a status
 * filter the `f` key cycles through.
 */
import type { TrackedInstance } from '../../src/tracker/index.js';
import type { RuntimeStatus } from '../../src/model/index.js';

/** A status filter: everything, the unfinished ones, or one status. */
export type StatusFilter = 'all' | 'active' | RuntimeStatus;

/** The order `f` cycles through. */
export const STATUS_FILTERS: readonly StatusFilter[] = [
  'all',
  'active',
  'RUNNING',
  'SUSPENDED',
  'STALLED',
  'PENDING',
  'COMPLETED',
  'FAILED',
  'TERMINATED',
];

/** The filter after `current` in the cycle. */
export function nextStatusFilter(current: StatusFilter): StatusFilter {
  const index = STATUS_FILTERS.indexOf(current);
  return STATUS_FILTERS[(index + 1) % STATUS_FILTERS.length]!;
}

/** A label for the header: `all`, `active`, `running`… */
export function statusFilterLabel(filter: StatusFilter): string {
  return filter.toLowerCase();
}

function matchesStatus(status: RuntimeStatus, filter: StatusFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'active') return status === 'RUNNING' || status === 'PENDING' || status === 'SUSPENDED' || status === 'STALLED';
  return status === filter;
}

/** The rows that pass both filters, in their original order (the same array when nothing is filtered). */
export function filterRows(
  rows: readonly TrackedInstance[],
  text: string,
  status: StatusFilter,
): readonly TrackedInstance[] {
  const needle = text.trim().toLowerCase();
  if (needle === '' && status === 'all') return rows;
  return rows.filter(
    (row) =>
      matchesStatus(row.status, status) &&
      (needle === '' || row.instanceId.toLowerCase().includes(needle) || row.name.toLowerCase().includes(needle)),
  );
}
