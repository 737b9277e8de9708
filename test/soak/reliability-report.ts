/**
 * Writes the crash matrix's figures into docs/reliability.md, between the markers
 * `<!-- soak:start -->` and `<!-- soak:end -->`, leaving the rest of the file (other
 * suites' sections) as it is. Creates the file, or appends the section, when missing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { KILL_STATES, summaryLine, type CrashMatrixResult, type KillState } from './crash-matrix-driver.js';

/** The markers around the section this suite owns. */
export const SOAK_START_MARKER = '<!-- soak:start -->';
export const SOAK_END_MARKER = '<!-- soak:end -->';

const DOC_HEADER = `# Reliability

What the test suites tried against the embedded sidecar and the console, and what came
out. Each section is written by the suite that measured it; do not edit between a
section's markers by hand (rerun the suite instead).
`;

const STATE_TITLES: Record<KillState, string> = {
  activityInFlight: 'activity in flight',
  timerPending: 'timer pending',
  waitingForEvent: 'waiting for an event',
  suspended: 'suspended',
  childRunning: 'child workflow running',
  eventsNotConsumed: 'events raised, not yet consumed',
  pending: 'pending (scheduled, or first turn not run yet)',
};

function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The section's Markdown (markers included). */
export function soakSection(result: CrashMatrixResult): string {
  const percent = result.activities.calls === 0 ? 100 : Math.floor((result.activities.observed / result.activities.calls) * 1000) / 10;
  const date = result.startedAt.toISOString().slice(0, 10);
  const finalStates = Object.entries(result.finalStates)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${status} ${count}`)
    .join(', ');
  const tried = table(
    ['tried', 'count'],
    [
      ['workflow instances started (bundled workflows and a journaled test workflow)', result.instances],
      ['of which started in a burst as the process was killed (start calls in flight)', result.startsAtKills.answered + result.startsAtKills.storedUnanswered + result.startsAtKills.startedAgain],
      ['child workflows they created', result.children],
      ['SIGKILLs of the `serve` process (restarted on the same data directory and port)', result.kills.length],
      ['events raised (each with a unique marker in its payload)', result.events.raised],
      ['suspends / resumes / terminations', `${result.actions.suspended} / ${result.actions.resumed} / ${result.actions.terminated}`],
      ['activity results checked against runs observed outside the sidecar', result.activities.calls],
      ['history events read before a kill and compared after the restart', result.historyEventsKept],
    ],
  );
  const outcome = table(
    ['outcome', 'count'],
    [
      ['**lost** (instances, events, activity runs, history across a restart, stuck instances)', `**${result.lost}**`],
      ['instances that finished with another state or output than planned', result.wrong],
      ['events found in history exactly once', `${result.events.delivered - result.events.duplicated} of ${result.events.raised}`],
      [
        'starts in flight at a kill: answered (all found after the restart) / stored but unanswered / not stored (started again)',
        `${result.startsAtKills.answered} / ${result.startsAtKills.storedUnanswered} / ${result.startsAtKills.startedAgain}`,
      ],
      ['activity results backed by an observed run (at least once)', `${percent}%`],
      ['activity runs repeated after a kill (journaled workflow; at-least-once at work)', result.activities.journalReRuns],
      ['final states', finalStates || 'none'],
    ],
  );
  const workflows = table(
    ['workflow', 'instances'],
    Object.entries(result.byWorkflow)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, count]) => [`\`${name}\``, count]),
  );
  const kills = table(
    ['kill', 'after (ms)', 'instances', ...KILL_STATES.map((state) => STATE_TITLES[state]), 'starts in flight (answered / stored / again)', 'restart (ms)', 'history events kept'],
    result.kills.map((kill, index) => [
      index + 1,
      kill.delayMs,
      kill.instancesKnown,
      ...KILL_STATES.map((state) => kill.states[state]),
      `${kill.startsInFlight.answered} / ${kill.startsInFlight.storedUnanswered} / ${kill.startsInFlight.startedAgain}`,
      kill.restartMs,
      kill.historyEventsKept,
    ]),
  );
  const problems =
    result.problems.length === 0
      ? 'No problems found.'
      : `Problems found (${result.problems.length}):\n\n${result.problems
          .slice(0, 30)
          .map((problem) => `- ${problem}`)
          .join('\n')}${result.problems.length > 30 ? `\n- … and ${result.problems.length - 30} more` : ''}`;
  const coverage =
    result.statesNotCovered.length === 0
      ? 'Every state was caught by at least one kill.'
      : `No kill caught an instance in: ${result.statesNotCovered.map((state) => STATE_TITLES[state]).join(', ')}.`;
  return `${SOAK_START_MARKER}
## Crash matrix (\`npm run soak\`)

Run on ${date} with seed ${result.seed} and time scale ${result.timeScale}, in ${Math.round(result.durationMs / 1000)} s.
The real \`dapr-workflow-tui serve\` (embedded sidecar and in-process runtime, on a data
directory) is killed with SIGKILL at seeded random moments and restarted on the same data
directory and port. Instances are driven into every state first; after each restart
everything read before the kill must still be there, and at the end every instance must
reach its planned final state and output, every raised event must be in its history
exactly once, and every activity result must match a run seen in the process's log or the
journaled workflow's journal (files that a kill cannot roll back). Rerun it with
\`npm run soak -- --seed ${result.seed}\`; a smaller matrix (two kills) and a worker-loss test
(the process hosting only the workflow runtime killed in the middle of an activity) run in
\`npm test\` (test/reliability/).

${tried}

${outcome}

Instances per workflow:

${workflows}

What each kill interrupted (instances in each state just before the kill; for events, the
raised events their workflow had not acted on yet):

${kills}

${coverage} ${problems}

\`\`\`
${summaryLine(result)}
\`\`\`
${SOAK_END_MARKER}`;
}

/** Replaces (or adds) the soak section of the Markdown file at `path`. */
export function writeSoakSection(path: string, result: CrashMatrixResult): void {
  const section = soakSection(result);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : DOC_HEADER;
  const start = current.indexOf(SOAK_START_MARKER);
  const end = current.indexOf(SOAK_END_MARKER);
  const next =
    start >= 0 && end > start
      ? `${current.slice(0, start)}${section}${current.slice(end + SOAK_END_MARKER.length)}`
      : `${current.replace(/\s*$/, '')}\n\n${section}\n`;
  writeFileSync(path, next);
}
