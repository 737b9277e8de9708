/**
 * Evidence that activities really ran, kept outside the sidecar so a kill cannot erase it:
 * - the `serve --verbose` log (its stderr, appended to one file over every life of the
 *   process): each bundled activity prints `[activity_name instanceId] ...` as it runs;
 * - the journal of the journaled test workflow: one line per attempt of each activity task.
 * For every activity result in an instance's history, the matrix asks for at least as many
 * observed runs as results.
 */
import { readFileSync } from 'node:fs';
import type { HistoryEvent } from '../../src/client/types.js';
import { JOURNAL_STEP_ACTIVITY, type JournalEntry } from '../fixtures/crash/journal-workflows.js';

/** Runs observed outside the sidecar. */
export interface ObservedRuns {
  /** Printed activity lines by `name instanceId`. */
  readonly logLines: ReadonlyMap<string, number>;
  /** Journal `start` entries by `instanceId#taskId`. */
  readonly journalStarts: ReadonlyMap<string, number>;
}

/** What the evidence says about one instance's activities. */
export interface ActivityEvidence {
  /** Activity results (completed or failed) in its history. */
  readonly calls: number;
  /** Results backed by an observed run (a failure carries the activity's own error, which counts). */
  readonly observed: number;
  /** Journaled tasks' runs beyond the first (activities delivered again after a kill). */
  readonly journalReRuns: number;
  /** One sentence per result without evidence. */
  readonly problems: readonly string[];
}

const ACTIVITY_LINE = /\[workflow\] \[([A-Za-z0-9_]+) ([^\]\s]+)\] /;

function readLines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n');
  } catch {
    return [];
  }
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Reads the serve log and the journal (missing files count as empty). */
export function readObservedRuns(logFile: string, journalFile: string): ObservedRuns {
  const logLines = new Map<string, number>();
  for (const line of readLines(logFile)) {
    const match = ACTIVITY_LINE.exec(line);
    if (match) increment(logLines, `${match[1]} ${match[2]}`);
  }
  const journalStarts = new Map<string, number>();
  for (const line of readLines(journalFile)) {
    if (line === '') continue;
    try {
      const entry = JSON.parse(line) as JournalEntry;
      if (entry.phase === 'start') increment(journalStarts, `${entry.instanceId}#${entry.taskId}`);
    } catch {
      // A line cut short by a kill: the process died while writing it.
    }
  }
  return { logLines, journalStarts };
}

/** Matches the activity results in `history` with the runs observed for `instanceId`. */
export function activityEvidence(instanceId: string, history: readonly HistoryEvent[], runs: ObservedRuns): ActivityEvidence {
  const names = new Map<number, string>();
  const completedByName = new Map<string, number>();
  const problems: string[] = [];
  let calls = 0;
  let observed = 0;
  let journalReRuns = 0;
  for (const event of history) {
    if (event.kind === 'TaskScheduled') names.set(event.eventId, event.name);
    if (event.kind === 'TaskFailed') {
      calls += 1;
      if (event.failure.errorMessage !== '') observed += 1;
      else problems.push(`${instanceId}'s activity #${event.taskScheduledId} failed without the activity's error.`);
    }
    if (event.kind !== 'TaskCompleted') continue;
    calls += 1;
    const name = names.get(event.taskScheduledId) ?? '?';
    if (name === JOURNAL_STEP_ACTIVITY) {
      const starts = runs.journalStarts.get(`${instanceId}#${event.taskScheduledId}`) ?? 0;
      if (starts > 0) observed += 1;
      else problems.push(`${instanceId}'s activity #${event.taskScheduledId} (${name}) has a result but no journaled run.`);
      journalReRuns += Math.max(0, starts - 1);
    } else {
      increment(completedByName, name);
    }
  }
  for (const [name, completed] of completedByName) {
    const printed = runs.logLines.get(`${name} ${instanceId}`) ?? 0;
    observed += Math.min(printed, completed);
    if (printed < completed) problems.push(`${instanceId} has ${completed} results of ${name} but only ${printed} observed runs.`);
  }
  return { calls, observed, journalReRuns, problems };
}
