/** Action rules and sentences, formatting and the theme, pure. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { doneSentence, refusal, waitSentence } from '../../components/actions/instance-actions.js';
import { formatAge, formatDuration } from '../../components/format/format-time.js';
import { prettyJsonLines, previewText } from '../../components/format/pretty-json.js';
import { createTheme, isColorEnabled } from '../../components/theme.js';

test('actions that do not apply to a status are refused with a reason', () => {
  assert.equal(refusal('suspend', 'a', 'RUNNING'), undefined);
  assert.match(refusal('suspend', 'a', 'COMPLETED') ?? '', /only running instances can be paused/);
  assert.match(refusal('resume', 'a', 'RUNNING') ?? '', /only paused/);
  assert.equal(refusal('resume', 'a', 'SUSPENDED'), undefined);
  assert.match(refusal('purge', 'a', 'RUNNING') ?? '', /only completed, failed or terminated/);
  assert.equal(refusal('purge', 'a', 'FAILED'), undefined);
  assert.match(refusal('terminate', 'a', 'TERMINATED') ?? '', /already terminated/);
  assert.equal(refusal('terminate', 'a', 'SUSPENDED'), undefined, 'terminate works while suspended');
  assert.match(refusal('raise-event', 'a', 'COMPLETED') ?? '', /takes no events/);
  assert.equal(refusal('wait', 'a', 'COMPLETED'), undefined);
});

test('outcome sentences are one safe sentence', () => {
  assert.equal(doneSentence('suspend', 'order-1'), 'Suspended order-1.');
  assert.equal(doneSentence('raise-event', 'order-1', 'approval'), 'Raised approval on order-1.');
  assert.equal(doneSentence('purge', 'x\u001B[2Jy'), 'Purged xy.');
  assert.equal(waitSentence('a', 'COMPLETED', 2500), 'a completed (waited 2.5s).');
  assert.equal(waitSentence('a', 'FAILED', 100, 'boom'), 'a failed: boom (waited 0.1s).');
});

test('ages and durations are compact', () => {
  assert.equal(formatAge(42_000), '42s');
  assert.equal(formatAge(192_000), '3m12s');
  assert.equal(formatAge(3 * 3600_000), '3h');
  assert.equal(formatAge(-5), '0s');
  assert.equal(formatDuration(350), '350ms');
  assert.equal(formatDuration(1500), '1.5s');
  assert.equal(formatDuration(124_000), '2m 4s');
});

test('payload previews and pretty JSON are safe; non-JSON is shown as it is', () => {
  assert.equal(previewText('"waiting for approval"'), 'waiting for approval');
  assert.equal(previewText('{"a": 1,\n "b": 2}'), '{"a":1,"b":2}');
  assert.equal(previewText('not json \u001B[31mred'), 'not json red');
  assert.deepEqual(prettyJsonLines('{"a":1}'), ['{', '  "a": 1', '}']);
  assert.deepEqual(prettyJsonLines(undefined), []);
});

test('NO_COLOR turns colours off but suspended instances still stand out', () => {
  assert.equal(isColorEnabled({ NO_COLOR: '1' }), false);
  assert.equal(isColorEnabled({ NO_COLOR: '' }), true);
  assert.equal(isColorEnabled({}), true);
  const plain = createTheme(false);
  for (const status of ['RUNNING', 'COMPLETED', 'FAILED', 'SUSPENDED'] as const) {
    assert.equal(plain.status(status).color, undefined);
    assert.equal(plain.status(status).backgroundColor, undefined);
  }
  assert.equal(plain.status('SUSPENDED').inverse, true);
  assert.equal(createTheme(true).status('SUSPENDED').backgroundColor, 'yellow');
});
