/** Unit tests of the tracker's backoff schedule. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay } from '../../src/tracker/backoff.js';

test('the wait starts at the poll interval and doubles with every failure', () => {
  assert.deepEqual(
    [1, 2, 3, 4].map((failures) => backoffDelay(failures, 1000, 30_000)),
    [1000, 2000, 4000, 8000],
  );
});

test('the wait never exceeds the ceiling, however many failures', () => {
  assert.equal(backoffDelay(6, 1000, 30_000), 30_000);
  assert.equal(backoffDelay(500, 1000, 30_000), 30_000);
});

test('a ceiling below the poll interval does not make the wait shorter than the interval', () => {
  assert.equal(backoffDelay(3, 5000, 1000), 5000);
});
