/** Which log lines the pane shows at each level, pure. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyConsoleLine } from '../../src/runtime/capture-console.js';
import { isLogLineShown, lastShownLines, nextLogFilter } from '../../src/runtime/log-filter.js';
import type { LogLine } from '../../src/runtime/types.js';

let seq = 0;
const line = (source: string, level: LogLine['level'], text = `${source} ${level}`): LogLine => ({ seq: ++seq, time: 0, source, level, text });

test('by default: workflow, activity, runtime, sidecar and console lines, and only the SDK’s warnings and errors', () => {
  assert.ok(isLogLineShown(line('workflow', 'info'), 'workflow'));
  assert.ok(isLogLineShown(line('sidecar', 'info'), 'workflow'));
  assert.ok(isLogLineShown(line('runtime', 'warn'), 'workflow'));
  assert.ok(isLogLineShown(line('console', 'info'), 'workflow'));
  assert.ok(!isLogLineShown(line('sdk', 'info'), 'workflow'));
  assert.ok(!isLogLineShown(line('sdk', 'debug'), 'workflow'));
  assert.ok(isLogLineShown(line('sdk', 'error'), 'workflow'));
  assert.ok(isLogLineShown(line('sdk', 'info'), 'sdk'));
  assert.ok(!isLogLineShown(line('sdk', 'debug'), 'sdk'));
  assert.ok(isLogLineShown(line('sdk', 'debug'), 'all'));
  assert.ok(!isLogLineShown(line('workflow', 'info'), 'errors'));
  assert.ok(isLogLineShown(line('workflow', 'warn'), 'errors'));
  assert.equal(nextLogFilter('errors'), 'workflow');
});

test('the SDK’s bracketed lines are tagged sdk, so the default level hides its chatter', () => {
  assert.equal(classifyConsoleLine('log', '[DurableTask, Worker] Received work item').source, 'sdk');
  assert.equal(classifyConsoleLine('info', '2025-01-01T00:00:00.000Z INFO [DurableTask, Worker] started').source, 'sdk');
  assert.equal(classifyConsoleLine('log', '[submit_document_for_review doc-1] Sent doc-1').source, 'workflow');
});

test('lastShownLines returns the newest matching lines, oldest first, and how many match', () => {
  const lines = [line('workflow', 'info', 'a'), line('sdk', 'info', 'b'), line('workflow', 'info', 'c'), line('sdk', 'info', 'd'), line('workflow', 'info', 'e')];
  const result = lastShownLines(lines, 'workflow', 2);
  assert.deepEqual(result.lines.map((picked) => picked.text), ['c', 'e']);
  assert.equal(result.shown, 3);
});
