/**
 * Load: 1,000 running instances on a `serve` process, one event each raised at 100 per second
 * while the real console (tmux, attached with --no-runtime) polls them and the selection is
 * moved with j/k. No event is lost (each instance completes with its own event's payload), the
 * console answers every key quickly, and it catches up with every completion.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quantile } from '../../bench/lib/stats.js';
import { hasTmux } from '../helpers/tmux.js';
import { runConsoleUnderLoad } from './console-under-load.js';

const skip = hasTmux() ? false : 'tmux is not installed';

test('1,000 running instances, 100 events/s, console polling: nothing lost, keys answered', { skip, timeout: 150_000 }, async (t) => {
  const figures = await runConsoleUnderLoad({ instances: 1000, eventsPerSecond: 100 });
  const keys = figures.keyToFrameMs;
  const p95 = quantile(keys, 0.95);
  const summary =
    `started in ${figures.startSeconds.toFixed(1)} s; ${figures.eventsRaised} events at ${figures.achievedEventsPerSecond.toFixed(1)}/s; ` +
    `${keys.length} keys, p50 ${quantile(keys, 0.5).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${Math.max(...keys).toFixed(0)} ms; ` +
    `console caught up ${figures.consoleCaughtUpMs.toFixed(0)} ms after the last event`;
  t.diagnostic(summary);

  assert.deepEqual(figures.raiseFailures, [], 'every event was accepted');
  assert.equal(figures.eventsRaised, 1000);
  assert.ok(figures.achievedEventsPerSecond >= 90, `events went out at about 100/s (${figures.achievedEventsPerSecond.toFixed(1)})`);
  assert.deepEqual(figures.lost.slice(0, 10), [], `no event lost (${figures.lost.length} instances without their payload)`);

  assert.equal(figures.keysUnanswered, 0, 'every key was answered within 5 s');
  assert.ok(keys.length >= 20, `keys were measured all through the load (${keys.length})`);
  assert.ok(p95 < 1000, `key-to-frame p95 under 1 s (${p95.toFixed(0)} ms)`);
  assert.ok(figures.consoleCaughtUpMs >= 0, `the console showed every instance completed:\n${figures.lastScreen}`);
  assert.doesNotMatch(figures.lastScreen, /^\s+at .+[(:]\d+/m, 'no stack trace on the screen');
});
