/** Unit tests of the pure refresh planner: what one refresh fetches and forgets. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planRefresh, type PlanEntry, type PlanInput } from '../../src/tracker/refresh-plan.js';

function plan(overrides: Partial<PlanInput> & { entries: Map<string, PlanEntry> }) {
  const result = planRefresh({
    kept: new Set(),
    recheck: new Set(),
    now: 100_000,
    finishedRecheckMs: 60_000,
    finishedRechecksPerRefresh: 2,
    ...overrides,
  });
  return { fetch: [...result.fetch].sort(), drop: [...result.drop].sort() };
}

test('running and never-fetched instances are fetched; recently checked finished ones are not', () => {
  const entries = new Map<string, PlanEntry>([
    ['running', { status: 'RUNNING', checkedAt: 99_000 }],
    ['suspended', { status: 'SUSPENDED', checkedAt: 99_000 }],
    ['done', { status: 'COMPLETED', checkedAt: 99_000 }],
    ['new', { checkedAt: 0 }],
  ]);
  const result = plan({ entries, listed: new Set(entries.keys()), previouslyListed: new Set(entries.keys()) });
  assert.deepEqual(result.fetch, ['new', 'running', 'suspended']);
  assert.deepEqual(result.drop, []);
});

test('finished instances are re-checked when due, a few per refresh, oldest first', () => {
  const entries = new Map<string, PlanEntry>([
    ['a', { status: 'COMPLETED', checkedAt: 30_000 }],
    ['b', { status: 'FAILED', checkedAt: 10_000 }],
    ['c', { status: 'TERMINATED', checkedAt: 20_000 }],
    ['d', { status: 'COMPLETED', checkedAt: 90_000 }],
  ]);
  const result = plan({ entries, kept: new Set(entries.keys()) });
  assert.deepEqual(result.fetch, ['b', 'c']);
});

test('a finished instance listed anew is fetched at once', () => {
  const entries = new Map<string, PlanEntry>([['x', { status: 'COMPLETED', checkedAt: 99_000 }]]);
  const result = plan({ entries, kept: new Set(['x']), listed: new Set(['x']), previouslyListed: new Set() });
  assert.deepEqual(result.fetch, ['x']);
});

test('asked-for instances are fetched whatever their status', () => {
  const entries = new Map<string, PlanEntry>([['x', { status: 'COMPLETED', checkedAt: 99_000 }]]);
  assert.deepEqual(plan({ entries, kept: new Set(['x']), recheck: new Set(['x']) }).fetch, ['x']);
});

test('entries neither listed nor kept are dropped without a call; kept ones stay', () => {
  const entries = new Map<string, PlanEntry>([
    ['gone', { status: 'COMPLETED', checkedAt: 99_000 }],
    ['mine', { status: 'COMPLETED', checkedAt: 99_000 }],
  ]);
  const result = plan({ entries, kept: new Set(['mine']), listed: new Set(['mine']), previouslyListed: new Set(['gone', 'mine']) });
  assert.deepEqual(result.drop, ['gone']);
  assert.deepEqual(result.fetch, []);
});

test('listed IDs without an entry yet are fetched', () => {
  const result = plan({ entries: new Map(), listed: new Set(['n1', 'n2']), previouslyListed: new Set() });
  assert.deepEqual(result.fetch, ['n1', 'n2']);
});

test('a kept finished instance missing from the list is fetched (it was probably purged)', () => {
  const entries = new Map<string, PlanEntry>([['x', { status: 'COMPLETED', checkedAt: 99_000 }]]);
  const result = plan({ entries, kept: new Set(['x']), listed: new Set(), previouslyListed: new Set(['x']) });
  assert.deepEqual(result.fetch, ['x']);
  assert.deepEqual(result.drop, []);
});

test('unfinished instances off screen take turns within the budget; those on screen are always fetched', () => {
  const entries = new Map<string, PlanEntry>([
    ['seen', { status: 'RUNNING', checkedAt: 99_900 }],
    ['r1', { status: 'RUNNING', checkedAt: 99_000 }],
    ['r2', { status: 'RUNNING', checkedAt: 98_000 }],
    ['r3', { status: 'SUSPENDED', checkedAt: 97_000 }],
  ]);
  const result = plan({ entries, kept: new Set(entries.keys()), priority: new Set(['seen']), unfinishedPerRefresh: 2 });
  assert.deepEqual(result.fetch, ['r2', 'r3', 'seen']);
});
