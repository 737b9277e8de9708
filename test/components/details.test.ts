/** The history timeline and the details content, pure. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detailsContent, detailsLines, hardWrap, type DetailLine } from '../../components/details/details-lines.js';
import { buildTimeline, drawTimeline, rerunPoints } from '../../components/details/timeline.js';
import type { HistoryEvent } from '../../src/model/index.js';

const T0 = 1_700_000_000_000;
const HISTORY: HistoryEvent[] = [
  { eventId: -1, timestamp: T0, kind: 'OrchestratorStarted' },
  { eventId: -1, timestamp: T0, kind: 'ExecutionStarted', name: 'order', executionId: 'e1' },
  { eventId: 0, timestamp: T0 + 100, kind: 'TaskScheduled', name: 'reserve' },
  { eventId: 1, timestamp: T0 + 100, kind: 'TaskScheduled', name: 'charge' },
  { eventId: -1, timestamp: T0 + 1100, kind: 'TaskCompleted', taskScheduledId: 0, result: '1' },
  { eventId: -1, timestamp: T0 + 1600, kind: 'TaskFailed', taskScheduledId: 1, failure: { errorType: 'Error', errorMessage: 'card declined' } },
  { eventId: 2, timestamp: T0 + 2000, kind: 'TimerCreated', fireAt: T0 + 5000 },
  { eventId: -1, timestamp: T0 + 5000, kind: 'TimerFired', timerId: 2, fireAt: T0 + 5000 },
  { eventId: 3, timestamp: T0 + 5000, kind: 'SubOrchestrationInstanceCreated', instanceId: 'child-1', name: 'shipping' },
  { eventId: -1, timestamp: T0 + 6000, kind: 'EventRaised', name: 'approval', input: 'true' },
  { eventId: -1, timestamp: T0 + 7000, kind: 'SubOrchestrationInstanceCompleted', taskScheduledId: 3 },
  { eventId: 4, timestamp: T0 + 8000, kind: 'TaskScheduled', name: 'notify' },
];

test('activities, timers and child workflows become spans paired by their IDs; events become ticks', () => {
  const timeline = buildTimeline(HISTORY, T0 + 9000, false);
  const byLabel = new Map(timeline.items.map((item) => [item.label, item]));
  assert.deepEqual(byLabel.get('reserve'), { kind: 'activity', label: 'reserve', start: T0 + 100, end: T0 + 1100, outcome: 'ok', eventId: 0 });
  assert.equal(byLabel.get('charge')?.outcome, 'failed');
  assert.equal(byLabel.get('charge')?.end, T0 + 1600);
  const timer = timeline.items.find((item) => item.kind === 'timer');
  assert.equal(timer?.label, 'timer 3.0s');
  assert.equal(timer?.end, T0 + 5000);
  assert.equal(byLabel.get('shipping (child-1)')?.outcome, 'ok');
  assert.equal(byLabel.get('event approval')?.outcome, 'tick');
  assert.equal(byLabel.get('notify')?.outcome, 'open');
  assert.equal(byLabel.get('notify')?.end, undefined);
  assert.equal(timeline.start, T0);
  assert.equal(timeline.end, T0 + 9000, 'an open span on a running instance reaches now');
});

test('the drawn bars sit on one axis and fit the width', () => {
  const timeline = buildTimeline(HISTORY, T0 + 9000, false);
  const rows = drawTimeline(timeline, 70, T0 + 9000);
  const reserve = rows.find((row) => row.label === 'reserve')!;
  const notify = rows.find((row) => row.label === 'notify')!;
  assert.ok(reserve.bar.indexOf('█') < notify.bar.indexOf('░'), 'earlier spans start further left');
  assert.match(reserve.suffix, /^✓ 1\.0s$/);
  assert.match(rows.find((row) => row.label === 'charge')!.suffix, /^✗/);
  assert.ok(rows.every((row) => row.bar.length === rows[0]!.bar.length), 'same bar width on every row');
  const axis = rows.at(-1)!;
  assert.ok(axis.isAxis);
  assert.match(axis.bar, /^0s─+ 9\.0s$/);
  assert.equal(axis.bar.length, reserve.bar.length);
});

const text = (lines: DetailLine[]) => lines.map((line) => line.map((segment) => segment.text).join('')).join('\n');

test('details show payloads as pretty JSON, times, failure details and the timeline', () => {
  const row = { instanceId: 'order-1', name: 'order', status: 'FAILED' as const, createdAt: T0, lastUpdatedAt: T0 + 9000 };
  const full = {
    ...row,
    input: '{"customer":"c-1","items":[1,2]}',
    output: undefined,
    customStatus: '"charging"',
    failure: { errorType: 'PaymentError', errorMessage: 'card declined', stackTrace: 'at charge (x.js:1)' },
  };
  const output = text(detailsLines({ row, full, history: { kind: 'loaded', events: HISTORY }, width: 80, now: T0 + 10_000 }));
  assert.match(output, /order-1 {2}· {2}order {2}· {2}FAILED/);
  assert.match(output, /"customer": "c-1"/);
  assert.match(output, /Output\n {2}\(none\)/);
  assert.match(output, /PaymentError: card declined/);
  assert.match(output, /at charge \(x\.js:1\)/);
  assert.match(output, /Timeline\n {2}started order/);
});

test('details say when the sidecar has no history, and make sidecar text safe', () => {
  const row = { instanceId: 'evil\u001B[2J', name: 'n\u001B]0;title\u0007', status: 'RUNNING' as const, createdAt: T0, lastUpdatedAt: T0 };
  const full = { ...row, input: '"\u001B[31mred\u001B[0m"' };
  const output = text(detailsLines({ row, full, history: { kind: 'unsupported' }, width: 80, now: T0 }));
  assert.match(output, /does not provide instance history/);
  assert.ok(!output.includes('\u001B'), 'no escape sequences');
  assert.ok(!output.includes('\u0007'));
});

test('long payload lines are wrapped to the width', () => {
  assert.deepEqual(hardWrap('abcdefgh', 3), ['abc', 'def', 'gh']);
  const row = { instanceId: 'a', name: 'n', status: 'COMPLETED' as const, createdAt: T0, lastUpdatedAt: T0 };
  const lines = detailsLines({ row, full: { ...row, output: JSON.stringify('x'.repeat(300)) }, history: { kind: 'loaded', events: [] }, width: 60, now: T0 });
  assert.ok(lines.every((line) => line.reduce((sum, segment) => sum + segment.text.length, 0) <= 60));
});

test('the timeline cursor walks the rerun points (activities and children) and marks its row', () => {
  const timeline = buildTimeline(HISTORY, T0 + 9000, true);
  assert.deepEqual(
    rerunPoints(timeline).map((point) => [point.eventId, point.label]),
    [
      [0, 'reserve'],
      [1, 'charge'],
      [3, 'shipping (child-1)'],
      [4, 'notify'],
    ],
    'timers and events are no rerun points',
  );
  const row = { instanceId: 'order-1', name: 'order', status: 'COMPLETED' as const, createdAt: T0, lastUpdatedAt: T0 + 9000 };
  const content = detailsContent({ row, history: { kind: 'loaded', events: HISTORY }, width: 80, now: T0 + 9000, timelineCursor: 2 });
  assert.equal(content.pointCount, 4);
  assert.deepEqual(content.cursorPoint, { eventId: 3, label: 'shipping (child-1)' });
  const marked = text([content.lines[content.cursorLine!]!]);
  assert.match(marked, /^› shipping \(child-1\)/);
  assert.equal(content.lines.filter((line) => line[0]?.text.startsWith('› ')).length, 1, 'one cursor row');
  const none = detailsContent({ row, history: { kind: 'loaded', events: HISTORY }, width: 80, now: T0 + 9000 });
  assert.equal(none.cursorLine, undefined);
});
