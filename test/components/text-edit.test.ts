/** Editing a form field with a cursor, and drawing its window, pure. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Key } from 'ink';
import { applyEdits, editsForKey, visibleText } from '../../components/forms/text-edit.js';
import { fieldWidth, labelColumnWidth } from '../../components/forms/form-frame.js';
import { fieldText, formReducer, initialFormState } from '../../components/forms/use-form-state.js';

const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};
const key = (overrides: Partial<Key> = {}): Key => ({ ...NO_KEY, ...overrides });

test('typing inserts at the cursor; arrows, Home and End move it; Backspace deletes before it', () => {
  let state = { value: '', cursor: 0 };
  state = applyEdits(state, editsForKey('"Ada"', key()));
  state = applyEdits(state, editsForKey('', key({ leftArrow: true })));
  state = applyEdits(state, editsForKey('!', key()));
  assert.deepEqual(state, { value: '"Ada!"', cursor: 5 });
  state = applyEdits(state, editsForKey('', key({ delete: true })));
  assert.deepEqual(state, { value: '"Ada"', cursor: 4 });
  state = applyEdits(state, editsForKey('', key({ home: true })));
  state = applyEdits(state, editsForKey('', key({ backspace: true })));
  assert.deepEqual(state, { value: '"Ada"', cursor: 0 }, 'nothing before the start');
  state = applyEdits(state, editsForKey('', key({ end: true })));
  assert.equal(state.cursor, 5);
});

test('a burst of Backspaces read at once deletes one character each; a paste is cleaned and inserted once', () => {
  let state = { value: '"Ada"iwf-demo-1', cursor: 15 };
  state = applyEdits(state, editsForKey('\u007f'.repeat(10), key()));
  assert.deepEqual(state, { value: '"Ada"', cursor: 5 });
  state = applyEdits(state, editsForKey('x\u007fy\nz\u0007', key()));
  assert.deepEqual(state, { value: '"Ada"y z', cursor: 8 }, 'backspace in place, newline folded, bell dropped');
  state = applyEdits(state, editsForKey('\u0015"Ada"', key()));
  assert.deepEqual(state, { value: '"Ada"', cursor: 5 }, 'Ctrl-U inside a burst clears, then the rest is typed');
  assert.deepEqual(editsForKey('\t', key({ tab: true })), [], 'Tab is no edit');
  assert.deepEqual(editsForKey('e', key({ ctrl: true })), [], 'Ctrl-E is no edit');
});

test('the cursor survives a failed submit, a focus change and a prefill of another field', () => {
  type V = { id: string; input: string };
  let state = initialFormState<V>(['id', 'input'], { id: '', input: '' });
  state = formReducer(state, { type: 'focus-moved', by: 1 });
  state = formReducer(state, { type: 'field-edited', field: 'input', edits: editsForKey('"Ada"iwf-demo-1', key()) });
  state = formReducer(state, { type: 'validation-failed', field: 'input', message: 'The input is not valid JSON.' });
  state = formReducer(state, { type: 'focus-moved', by: -1 });
  state = formReducer(state, { type: 'value-prefilled', field: 'id', value: 'x' });
  state = formReducer(state, { type: 'focus-moved', by: 1 });
  for (let press = 0; press < 10; press += 1) {
    state = formReducer(state, { type: 'field-edited', field: 'input', edits: editsForKey('', key({ delete: true })) });
  }
  assert.deepEqual(fieldText(state, 'input'), { value: '"Ada"', cursor: 5 });
  assert.equal(state.error, undefined, 'editing the field clears its error');
});

test('a long value draws only a window around the cursor, never wider than the field', () => {
  const value = 'x'.repeat(120_000);
  for (const cursor of [0, 17, 60_000, 119_999, 120_000]) {
    const shown = visibleText({ value, cursor }, 40);
    const width = shown.before.length + shown.atCursor.length + shown.after.length;
    assert.ok(width <= 40, `at ${cursor}: ${width} cells`);
    assert.ok(width >= 38, `at ${cursor}: the field is used (${width})`);
  }
  const short = visibleText({ value: 'abc', cursor: 1 }, 40);
  assert.deepEqual(short, { before: 'a', atCursor: 'b', after: 'c', isCutLeft: false, isCutRight: false });
  const end = visibleText({ value: 'abc', cursor: 3 }, 40);
  assert.equal(end.atCursor, ' ');
});

test('labels and values never touch: the label column is the longest label plus a gap', () => {
  const width = labelColumnWidth(['Event name', 'Payload (JSON)']);
  assert.equal(width, 2 + 'Payload (JSON)'.length + 1);
  assert.ok(fieldWidth(30, width) >= 3);
  assert.equal(fieldWidth(200, width), 100 - 4 - width, 'forms stop growing at 100 columns');
});
