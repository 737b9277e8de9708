/**
 * The crash matrix's own checks, on hand-made histories: they must notice what they exist
 * to notice (a lost or duplicated event, a second result for one task, a completed instance
 * missing a result, history rewritten across a restart, an activity result with no observed
 * run), or a clean matrix run would prove nothing. Also the seeded plan: same seed, same plan.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import type { HistoryEvent, WorkflowInstance } from '../../src/client/types.js';
import { activityEvidence, readObservedRuns } from '../soak/activity-evidence.js';
import { deliveriesOf, keptHistoryProblems, pendingWork, resultProblems } from '../soak/history-checks.js';
import { planInstances, SCENARIO_KINDS } from '../soak/scenarios.js';
import { seededRandom } from '../soak/seeded-random.js';

const at = 1_700_000_000_000;
const started: HistoryEvent = { eventId: -1, timestamp: at, kind: 'ExecutionStarted', name: 'W', executionId: 'x' };
const scheduled = (id: number, name = 'step'): HistoryEvent => ({ eventId: id, timestamp: at, kind: 'TaskScheduled', name });
const completed = (id: number): HistoryEvent => ({ eventId: -1, timestamp: at, kind: 'TaskCompleted', taskScheduledId: id, result: '1' });
const raised = (nonce: string): HistoryEvent => ({ eventId: -1, timestamp: at, kind: 'EventRaised', name: 'Go', input: JSON.stringify({ soak_event: nonce }) });
const instance = (status: WorkflowInstance['status']): WorkflowInstance => ({ instanceId: 'i-1', name: 'W', status, createdAt: at, lastUpdatedAt: at });

it('finds pending activities, timers and children', () => {
  const history: HistoryEvent[] = [
    started,
    scheduled(0),
    scheduled(1),
    completed(0),
    { eventId: 2, timestamp: at, kind: 'TimerCreated', fireAt: at + 1000 },
    { eventId: 3, timestamp: at, kind: 'SubOrchestrationInstanceCreated', instanceId: 'c', name: 'C' },
  ];
  assert.deepEqual(pendingWork(history), { activities: [1], timers: [2], children: [3] });
});

it('notices a missing, doubled or unscheduled result', () => {
  assert.deepEqual(resultProblems(instance('COMPLETED'), [started, scheduled(0), completed(0)]), []);
  assert.match(resultProblems(instance('COMPLETED'), [started, scheduled(0)]).join(' '), /without a result for activity #0/);
  assert.match(resultProblems(instance('COMPLETED'), [started, scheduled(0), completed(0), completed(0)]).join(' '), /2 results for task #0/);
  assert.match(resultProblems(instance('FAILED'), [started, completed(4)]).join(' '), /never scheduled/);
  // A terminated instance may leave work unfinished.
  assert.deepEqual(resultProblems(instance('TERMINATED'), [started, scheduled(0)]), []);
});

it('counts deliveries of an event by name (any case) and marker', () => {
  const history = [started, raised('e1'), raised('e2'), raised('e2')];
  assert.equal(deliveriesOf(history, 'go', 'e1'), 1);
  assert.equal(deliveriesOf(history, 'GO', 'e2'), 2);
  assert.equal(deliveriesOf(history, 'Go', 'e3'), 0);
  assert.equal(deliveriesOf(history, 'Other', 'e1'), 0);
});

it('notices history lost or rewritten across a restart', () => {
  const before = [started, scheduled(0)];
  assert.deepEqual(keptHistoryProblems('i-1', before, [...before, completed(0)]), []);
  assert.match(keptHistoryProblems('i-1', before, [started]).join(' '), /only 1 after the restart/);
  assert.match(keptHistoryProblems('i-1', before, [started, scheduled(5)]).join(' '), /event 1 changed/);
});

it('asks for an observed run behind every activity result', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crash-checks-'));
  try {
    const log = join(dir, 'serve.log');
    const journal = join(dir, 'journal.jsonl');
    writeFileSync(log, '2026-01-01T00:00:00.000Z info  [workflow] [ship_order i-1] Shipped.\n');
    writeFileSync(
      journal,
      [
        JSON.stringify({ instanceId: 'i-1', taskId: 1, step: 1, pid: 1, phase: 'start' }),
        JSON.stringify({ instanceId: 'i-1', taskId: 1, step: 1, pid: 2, phase: 'start' }),
        '{"instanceId":"i-1","ta', // cut short by a kill
      ].join('\n'),
    );
    const runs = readObservedRuns(log, journal);
    const good = activityEvidence('i-1', [started, scheduled(0, 'ship_order'), completed(0), scheduled(1, 'journal_step'), completed(1)], runs);
    assert.deepEqual(good, { calls: 2, observed: 2, journalReRuns: 1, problems: [] });
    const twice = activityEvidence('i-1', [started, scheduled(0, 'ship_order'), completed(0), scheduled(2, 'ship_order'), completed(2)], runs);
    assert.equal(twice.observed, 1);
    assert.match(twice.problems.join(' '), /2 results of ship_order but only 1 observed run/);
    const unjournaled = activityEvidence('i-1', [started, scheduled(7, 'journal_step'), completed(7)], runs);
    assert.match(unjournaled.problems.join(' '), /no journaled run/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('makes the same plan from the same seed, spread over every scenario', () => {
  const plan = (seed: number) => {
    const { rounds, atKills } = planInstances(seededRandom(seed), { instances: 40, startsPerKill: 2, lastRound: 4, timeScale: 0.2 });
    assert.deepEqual(atKills.map((burst) => burst.length), [2, 2, 2, 2], 'a burst of starts for each of the 4 kills');
    return [...rounds, ...atKills.flat()];
  };
  const describe = (seed: number) => plan(seed).map((planned) => [planned.instanceId, planned.startRound, JSON.stringify(planned.input), planned.later.map((timed) => timed.round)]);
  assert.deepEqual(describe(3), describe(3));
  assert.notDeepEqual(describe(3), describe(4));
  assert.deepEqual(new Set(plan(3).map((planned) => planned.scenario)), new Set([...SCENARIO_KINDS, 'order-started-at-kill']));
  for (const planned of plan(3)) {
    assert.ok(planned.later.every((timed) => timed.round >= planned.startRound), `${planned.instanceId} acts only after its start`);
  }
});
