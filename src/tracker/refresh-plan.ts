/**
 * Decides, without I/O, what one refresh does: which tracked instances to fetch and which
 * to forget. Unfinished instances on screen are fetched every time, other unfinished ones
 * too up to a budget per refresh (the longest unchecked first, so all take turns when there
 * are thousands); finished ones only when they are new, listed anew, missing from the list
 * although kept, asked for, or due for a rare re-check (a few per refresh, oldest first).
 */
import { isTerminalStatus, type RuntimeStatus } from '../model/index.js';

/** What the planner knows of one tracked instance. */
export interface PlanEntry {
  /** undefined until the instance was fetched once. */
  readonly status?: RuntimeStatus;
  /** When it was last fetched (ms since the epoch; 0 = never). */
  readonly checkedAt: number;
}

/** Inputs of one plan. */
export interface PlanInput {
  readonly entries: ReadonlyMap<string, PlanEntry>;
  /** IDs kept because the console started or watched them. */
  readonly kept: ReadonlySet<string>;
  /** IDs the sidecar listed in this refresh; undefined when it cannot list. */
  readonly listed?: ReadonlySet<string>;
  /** IDs the sidecar listed in the previous refresh (to spot IDs listed anew). */
  readonly previouslyListed?: ReadonlySet<string>;
  /** IDs to fetch whatever their status. */
  readonly recheck: ReadonlySet<string>;
  readonly now: number;
  readonly finishedRecheckMs: number;
  readonly finishedRechecksPerRefresh: number;
  /** IDs on screen (and selected): fetched every refresh while unfinished. */
  readonly priority?: ReadonlySet<string>;
  /** At most this many other unfinished, already known instances are fetched per refresh. */
  readonly unfinishedPerRefresh?: number;
}

/** What one refresh does. */
export interface RefreshPlan {
  /** IDs to fetch, in no particular order. */
  readonly fetch: readonly string[];
  /** Tracked IDs that are no longer listed nor kept: forget them without a call. */
  readonly drop: readonly string[];
}

/** Plans one refresh; see the file comment for the rules. */
export function planRefresh(input: PlanInput): RefreshPlan {
  const { entries, kept, listed, previouslyListed, recheck, now } = input;
  const isMember = (id: string): boolean => kept.has(id) || (listed?.has(id) ?? false);

  const drop: string[] = [];
  for (const id of entries.keys()) if (!isMember(id)) drop.push(id);

  const fetch: string[] = [];
  const dueFinished: { id: string; checkedAt: number }[] = [];
  const dueUnfinished: { id: string; checkedAt: number }[] = [];
  const consider = (id: string): void => {
    const entry = entries.get(id);
    if (!entry || entry.status === undefined || entry.checkedAt === 0 || recheck.has(id)) {
      fetch.push(id);
    } else if (!isTerminalStatus(entry.status)) {
      if (input.priority?.has(id)) fetch.push(id);
      else dueUnfinished.push({ id, checkedAt: entry.checkedAt });
    } else if (listed && listed.has(id) && previouslyListed && !previouslyListed.has(id)) {
      fetch.push(id);
    } else if (listed && !listed.has(id)) {
      // Kept but no longer listed: most likely purged; one call tells.
      fetch.push(id);
    } else if (now - entry.checkedAt >= input.finishedRecheckMs) {
      dueFinished.push({ id, checkedAt: entry.checkedAt });
    }
  };
  for (const id of kept) consider(id);
  if (listed) for (const id of listed) if (!kept.has(id)) consider(id);

  const budget = input.unfinishedPerRefresh ?? Number.POSITIVE_INFINITY;
  if (dueUnfinished.length > budget) dueUnfinished.sort((a, b) => a.checkedAt - b.checkedAt);
  for (const { id } of dueUnfinished.slice(0, budget)) fetch.push(id);

  if (dueFinished.length > 0 && input.finishedRechecksPerRefresh > 0) {
    dueFinished.sort((a, b) => a.checkedAt - b.checkedAt);
    for (const { id } of dueFinished.slice(0, input.finishedRechecksPerRefresh)) fetch.push(id);
  }
  return { fetch, drop };
}
