/** Pure table logic: cursor movement, the visible window, columns and filters. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filterRows, nextStatusFilter } from '../../components/table/row-filter.js';
import { layoutColumns } from '../../components/table/table-columns.js';
import { moveCursor, resolveCursor, scrollTop } from '../../components/table/visible-window.js';
import { computeLayout } from '../../components/layout.js';
import type { TrackedInstance } from '../../src/tracker/index.js';

test('the cursor follows its instance when rows move, and falls back to its position', () => {
  assert.equal(resolveCursor(['n', 'a', 'b'], 'a', 0), 1);
  assert.equal(resolveCursor(['a', 'c'], 'b', 1), 1, 'gone: same index');
  assert.equal(resolveCursor(['a'], 'b', 5), 0, 'clamped');
  assert.equal(resolveCursor([], 'a', 0), -1);
});

test('cursor moves are clamped; pages jump by the page size', () => {
  assert.equal(moveCursor(0, 10, 'up', 5), 0);
  assert.equal(moveCursor(9, 10, 'down', 5), 9);
  assert.equal(moveCursor(2, 10, 'pageDown', 5), 7);
  assert.equal(moveCursor(7, 10, 'pageDown', 5), 9);
  assert.equal(moveCursor(7, 10, 'pageUp', 5), 2);
  assert.equal(moveCursor(4, 10, 'home', 5), 0);
  assert.equal(moveCursor(4, 10, 'end', 5), 9);
  assert.equal(moveCursor(0, 0, 'down', 5), -1);
});

test('the window scrolls only as far as needed to keep the cursor visible', () => {
  assert.equal(scrollTop(0, 3, 5, 100), 0);
  assert.equal(scrollTop(0, 5, 5, 100), 1);
  assert.equal(scrollTop(10, 8, 5, 100), 8);
  assert.equal(scrollTop(10, 12, 5, 100), 10, 'no move while visible');
  assert.equal(scrollTop(98, 99, 5, 100), 95, 'no empty lines at the bottom');
  assert.equal(scrollTop(7, 2, 5, 4), 0, 'everything fits');
});

test('columns fill the width and keep a preview at 80 columns', () => {
  const columns = layoutColumns(80, 20, 24);
  const total = columns.marker + columns.status + columns.id + columns.name + columns.age + columns.updated + 5 + (columns.preview > 0 ? columns.preview + 1 : 0);
  assert.ok(total <= 80, `total ${total}`);
  assert.ok(columns.preview >= 12, 'a useful preview');
  const wide = layoutColumns(200, 20, 24);
  assert.equal(wide.id, 20);
  assert.equal(wide.name, 24);
  assert.ok(wide.preview > 100, 'a wide terminal is used fully');
});

test('long IDs are capped so the rest of the row stays visible', () => {
  const columns = layoutColumns(100, 300, 300);
  assert.ok(columns.id <= 40 && columns.name <= 32);
});

function row(instanceId: string, name: string, status: TrackedInstance['status']): TrackedInstance {
  return { instanceId, name, status, createdAt: 0, lastUpdatedAt: 0 };
}

test('the text filter matches ID or workflow name; the status filter narrows further', () => {
  const rows = [row('order-1', 'OrderProcessing', 'RUNNING'), row('x-2', 'Approval', 'SUSPENDED'), row('y', 'order', 'COMPLETED')];
  assert.equal(filterRows(rows, '', 'all'), rows, 'unfiltered: same array');
  assert.deepEqual(filterRows(rows, 'ORDER', 'all').map((r) => r.instanceId), ['order-1', 'y']);
  assert.deepEqual(filterRows(rows, '', 'active').map((r) => r.instanceId), ['order-1', 'x-2']);
  assert.deepEqual(filterRows(rows, 'order', 'COMPLETED').map((r) => r.instanceId), ['y']);
  assert.equal(nextStatusFilter('TERMINATED'), 'all');
});

test('the layout fits 80x24 with a log pane and gives larger terminals more rows', () => {
  const small = computeLayout({ columns: 80, rows: 24 }, { headerLines: 2, isLogPaneVisible: true });
  assert.equal(small.height, 23);
  assert.equal(small.header + 1 + small.tableRows + small.logLines + 1 + 2, small.height);
  assert.ok(small.tableRows >= 10);
  const large = computeLayout({ columns: 200, rows: 60 }, { headerLines: 2, isLogPaneVisible: true });
  assert.ok(large.tableRows > 35);
  const hidden = computeLayout({ columns: 80, rows: 24 }, { headerLines: 2, isLogPaneVisible: false });
  assert.equal(hidden.logLines, 0);
  assert.equal(hidden.tableRows, small.pane - 1);
});
