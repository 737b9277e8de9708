/** Fixed-width cells and the terminal hand-over, pure or against a fake stream. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { displayWidth, fitCell } from '../../components/format/cell-text.js';
import { enterFullScreen } from '../../components/terminal-screen.js';

test('cells are cut with an ellipsis and padded to an exact width', () => {
  assert.equal(fitCell('order-1', 10), 'order-1   ');
  assert.equal(fitCell('order-12345', 8), 'order-1…');
  assert.equal(fitCell('', 3), '   ');
  assert.equal(fitCell('abc', 0), '');
});

test('wide characters count two columns, combining marks none', () => {
  assert.equal(displayWidth('注文'), 4);
  assert.equal(displayWidth('e\u0301'), 1);
  assert.equal(displayWidth(fitCell('注文処理ワークフロー', 7)), 7);
  assert.equal(fitCell('注文処理', 5), '注文…');
  assert.equal(fitCell('注文処理', 6), '注文… ');
});

test('the alternate screen is entered once and left exactly once, cursor shown again', () => {
  const written: string[] = [];
  const stdout = { write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
  let rawMode = true;
  const stdin = {
    isTTY: true,
    get isRaw() {
      return rawMode;
    },
    setRawMode: (value: boolean) => {
      rawMode = value;
    },
  } as unknown as NodeJS.ReadStream;
  const screen = enterFullScreen(stdout, stdin);
  assert.ok(written[0]!.includes('\u001B[?1049h'), 'alternate screen on');
  assert.ok(written[0]!.includes('\u001B[?25l'), 'cursor hidden');
  screen.restore();
  screen.restore();
  assert.equal(written.length, 2, 'restored once');
  assert.ok(written[1]!.includes('\u001B[?1049l') && written[1]!.includes('\u001B[?25h'));
  assert.equal(rawMode, false, 'raw mode off');
  assert.equal(screen.isActive, false);
});
