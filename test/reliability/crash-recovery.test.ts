/**
 * A small crash matrix (the fast sibling of `npm run soak`): one instance of each scenario
 * on a real `serve` process, killed with SIGKILL twice and restarted on the same data
 * directory and port. Nothing is lost, every instance ends as planned, every raised event is
 * in history exactly once, and every activity result matches a run observed outside the
 * sidecar.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { KILL_STATES, runCrashMatrix } from '../soak/crash-matrix-driver.js';
import { SCENARIO_KINDS } from '../soak/scenarios.js';

it('recovers every instance, event and activity across two SIGKILLs of the serve process', async () => {
  const result = await runCrashMatrix({
    seed: 11,
    instances: SCENARIO_KINDS.length,
    kills: 2,
    timeScale: 0.1,
    killDelayMs: [300, 1500],
    finishTimeoutMs: 60_000,
  });

  assert.deepEqual(result.problems, []);
  assert.equal(result.lost, 0);
  assert.equal(result.wrong, 0);
  assert.equal(result.kills.length, 2);
  assert.ok(result.children > 0, 'child workflows were part of the run');
  assert.ok(result.kills.every((kill) => kill.instancesKnown > 0 && kill.historyEventsKept > 0), 'each kill interrupted instances whose history was kept');
  assert.ok(result.events.raised > 0);
  assert.equal(result.events.delivered, result.events.raised);
  assert.ok(result.activities.calls > 50);
  assert.equal(result.activities.observed, result.activities.calls, 'every activity result matches an observed run');
  const caught = KILL_STATES.filter((state) => result.kills.some((kill) => kill.states[state] > 0));
  assert.ok(caught.length >= 3, `the kills caught instances in several states (${caught.join(', ')})`);
});
