/** The key-input guard drops exactly the sequences Ink 6.8 would throw on. */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { dropUnhandledKeySequences, guardKeyInput, isUnnamedCtrlSequence } from '../../components/key-input-guard.js';

test('sequences with a Ctrl modifier and no key name are recognised', () => {
  assert.equal(isUnnamedCtrlSequence('\u001B[31m'), true, 'SGR colour');
  assert.equal(isUnnamedCtrlSequence('\u001B[1;5P'), true, 'Ctrl-F1');
  assert.equal(isUnnamedCtrlSequence('\u001B[1;5A'), false, 'Ctrl-Up is a known key');
  assert.equal(isUnnamedCtrlSequence('\u001B[A'), false);
  assert.equal(isUnnamedCtrlSequence('\u001B[6~'), false);
  assert.equal(isUnnamedCtrlSequence('\u001B[0m'), true, 'modifier 0 - 1 = -1 has every bit, Ctrl included');
  assert.equal(isUnnamedCtrlSequence('\u001B[2m'), false, 'no Ctrl bit: Ink copes');
});

test('keys and text pass; unhandled sequences inside pasted text are dropped', () => {
  assert.equal(dropUnhandledKeySequences('abc'), 'abc');
  assert.equal(dropUnhandledKeySequences('\u001B[B'), '\u001B[B');
  assert.equal(dropUnhandledKeySequences('\u001B'), '\u001B', 'a lone Escape stays');
  assert.equal(dropUnhandledKeySequences('red \u001B[31mtext\u001B[0m'), 'red text');
  assert.equal(dropUnhandledKeySequences('\u001B[1;5P'), '');
});

test('guardKeyInput filters read() and puts the original back', () => {
  const chunks: (string | null)[] = ['a\u001B[31mb', null];
  const stream = Object.assign(new EventEmitter(), { read: () => chunks.shift() ?? null }) as unknown as NodeJS.ReadStream;
  const original = stream.read;
  const release = guardKeyInput(stream);
  assert.equal(stream.read(), 'ab');
  assert.equal(stream.read(), null);
  release();
  assert.equal(stream.read, original);
});
