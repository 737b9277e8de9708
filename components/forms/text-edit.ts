/**
 * Editing one line of text with a cursor, pure. The cursor lives next to the value in the
 * form's state, so it stays exactly where the text is edited whatever happens around it
 * (a failed submit, a focus change, a paste, several keys arriving in one read).
 */
import type { Key } from 'ink';
import { safeLine } from '../../src/text/safe-text.js';

/** A line of text and the cursor (0 … value.length, in UTF-16 units, never inside a surrogate pair). */
export interface TextEditState {
  readonly value: string;
  readonly cursor: number;
}

/** One editing step. */
export type TextEdit =
  | { readonly kind: 'insert'; readonly text: string }
  | { readonly kind: 'delete-back' }
  | { readonly kind: 'left' }
  | { readonly kind: 'right' }
  | { readonly kind: 'line-start' }
  | { readonly kind: 'line-end' }
  | { readonly kind: 'clear' };

const BACKSPACES = /[\u0008\u007f]/;
/** Ctrl-U: clears the field. */
const CLEAR_LINE = '\u0015';

/**
 * The edits a key (or a burst of keys read at once) makes. Backspace and Ctrl-U characters
 * inside a burst count one each, in place; everything else typed or pasted is inserted once made safe
 * (control characters dropped, line breaks folded into spaces). Keys that are not editing
 * (Tab, Enter, Esc, ↑/↓, Ctrl combinations) make none.
 */
export function editsForKey(input: string, key: Key): TextEdit[] {
  if (key.leftArrow) return [{ kind: 'left' }];
  if (key.rightArrow) return [{ kind: 'right' }];
  if (key.home) return [{ kind: 'line-start' }];
  if (key.end) return [{ kind: 'line-end' }];
  // Terminals send DEL for Backspace (Ink calls it "delete"); both delete backwards.
  if (key.backspace || key.delete) return [{ kind: 'delete-back' }];
  if (key.ctrl && input === 'u') return [{ kind: 'clear' }];
  if (key.ctrl || key.meta || key.tab || key.return || key.escape || key.upArrow || key.downArrow || key.pageUp || key.pageDown) {
    return [];
  }
  if (input === '') return [];
  const edits: TextEdit[] = [];
  for (const part of input.split(/([\u0008\u007f\u0015])/)) {
    if (part === '') continue;
    if (part === CLEAR_LINE) edits.push({ kind: 'clear' });
    else if (BACKSPACES.test(part)) edits.push({ kind: 'delete-back' });
    else {
      const text = safeLine(part);
      if (text !== '') edits.push({ kind: 'insert', text });
    }
  }
  return edits;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The cursor one character before `cursor` (a surrogate pair counts as one). */
function previousBoundary(value: string, cursor: number): number {
  if (cursor <= 0) return 0;
  return cursor >= 2 && isLowSurrogate(value.charCodeAt(cursor - 1)) ? cursor - 2 : cursor - 1;
}

/** The cursor one character after `cursor`. */
function nextBoundary(value: string, cursor: number): number {
  if (cursor >= value.length) return value.length;
  return cursor + 1 < value.length && isLowSurrogate(value.charCodeAt(cursor + 1)) ? cursor + 2 : cursor + 1;
}

/** The state after one edit. */
export function applyEdit(state: TextEditState, edit: TextEdit): TextEditState {
  const cursor = Math.min(Math.max(0, state.cursor), state.value.length);
  const { value } = state;
  switch (edit.kind) {
    case 'insert':
      return { value: value.slice(0, cursor) + edit.text + value.slice(cursor), cursor: cursor + edit.text.length };
    case 'delete-back': {
      if (cursor === 0) return cursor === state.cursor ? state : { value, cursor };
      const from = previousBoundary(value, cursor);
      return { value: value.slice(0, from) + value.slice(cursor), cursor: from };
    }
    case 'left':
      return { value, cursor: previousBoundary(value, cursor) };
    case 'right':
      return { value, cursor: nextBoundary(value, cursor) };
    case 'line-start':
      return { value, cursor: 0 };
    case 'line-end':
      return { value, cursor: value.length };
    case 'clear':
      return { value: '', cursor: 0 };
  }
}

/** The state after every edit in order. */
export function applyEdits(state: TextEditState, edits: readonly TextEdit[]): TextEditState {
  return edits.reduce(applyEdit, state);
}

/** What a one-line field of `width` cells shows: a window of the value that holds the cursor. */
export interface VisibleText {
  readonly before: string;
  /** The character under the cursor (a space at the end of the text). */
  readonly atCursor: string;
  readonly after: string;
  /** Text is cut off on the left / right. */
  readonly isCutLeft: boolean;
  readonly isCutRight: boolean;
}

/**
 * The part of `state.value` a field `width` cells wide shows, with the cursor in view and
 * `…` marks where text is cut. Only the window is touched, so a 100 KB value costs no more
 * to draw than a short one.
 */
export function visibleText(state: TextEditState, width: number): VisibleText {
  const room = Math.max(3, Math.floor(width));
  const { value } = state;
  const cursor = Math.min(Math.max(0, state.cursor), value.length);
  const cursorEnd = nextBoundary(value, cursor);
  const atCursor = cursor < value.length ? value.slice(cursor, cursorEnd) : ' ';
  if (value.length + 1 <= room) {
    return { before: value.slice(0, cursor), atCursor, after: value.slice(cursorEnd), isCutLeft: false, isCutRight: false };
  }
  // Keep the cursor near the right edge when typing at the end, else a third from the left.
  let start = Math.max(0, cursor - (cursor >= value.length - 1 ? room - 2 : Math.floor(room / 3)));
  if (start > 0 && isLowSurrogate(value.charCodeAt(start))) start += 1;
  const isCutLeft = start > 0;
  const textRoom = room - (isCutLeft ? 1 : 0);
  let end = Math.min(value.length, start + textRoom);
  const isCutRight = end < value.length;
  if (isCutRight) end -= 1;
  if (end < cursorEnd) end = cursorEnd;
  if (end < value.length && isLowSurrogate(value.charCodeAt(end))) end -= 1;
  return {
    before: (isCutLeft ? '…' : '') + value.slice(start, cursor),
    atCursor,
    after: value.slice(cursorEnd, Math.max(cursorEnd, end)) + (isCutRight ? '…' : ''),
    isCutLeft,
    isCutRight,
  };
}
