/**
 * Which rows the table shows: a text filter over instance ID and workflow name, and a status
 * filter the `f` key cycles through. One entry of the cycle, `awaiting event`, is the inbox:
 * the view of running instances that wait for an external event (see inbox/).
 */
import type { TrackedInstance } from '../../src/tracker/index.js';
import type { RuntimeStatus } from '../../src/model/index.js';

/** A status filter: everything, the unfinished ones, those awaiting an event (the inbox), or one status. */
export type StatusFilter = 'all' | 'active' | 'awaiting' | RuntimeStatus;

/** The order `f` cycles through. */
export const STATUS_FILTERS: readonly StatusFilter[] = [
  'all',
  'active',
  'awaiting',
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
  return filter === 'awaiting' ? 'awaiting event' : filter.toLowerCase();
}

function matchesStatus(status: RuntimeStatus, filter: StatusFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'active') return status === 'RUNNING' || status === 'PENDING' || status === 'SUSPENDED' || status === 'STALLED';
  // The inbox starts from the running ones; which of them wait for an event is decided from their history.
  if (filter === 'awaiting') return status === 'RUNNING';
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
