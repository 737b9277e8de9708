/**
 * Keeps key sequences that Ink 6.8 cannot handle away from it. Ink's input hook throws when
 * an escape sequence carries the Ctrl bit in its modifier but names no key it knows (for
 * example Ctrl-F1 as `ESC[1;5P`, or an SGR colour code such as `ESC[31m` inside pasted
 * text), which would end the console. Such sequences are no key the console uses, so they
 * are dropped from what the terminal sends before Ink reads it.
 */

/** Escape-sequence codes Ink names (the part after ESC, without modifiers), as in its key table. */
const NAMED_CODES = new Set([
  'OP', 'OQ', 'OR', 'OS', '[11~', '[12~', '[13~', '[14~', '[[A', '[[B', '[[C', '[[D', '[[E',
  '[15~', '[17~', '[18~', '[19~', '[20~', '[21~', '[23~', '[24~',
  '[A', '[B', '[C', '[D', '[E', '[F', '[H', 'OA', 'OB', 'OC', 'OD', 'OE', 'OF', 'OH',
  '[1~', '[2~', '[3~', '[4~', '[5~', '[6~', '[[5~', '[[6~', '[7~', '[8~',
  '[a', '[b', '[c', '[d', '[e', '[2$', '[3$', '[5$', '[6$', '[7$', '[8$',
  'Oa', 'Ob', 'Oc', 'Od', 'Oe', '[2^', '[3^', '[5^', '[6^', '[7^', '[8^', '[Z',
]);

/** One escape sequence as a terminal sends it: CSI (ESC [ …) or SS3 (ESC O x), possibly meta-prefixed. */
const SEQUENCE = /\u001B+(?:\[\[?[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]|O[\u0040-\u007E])/g;
/** How Ink splits a function-key sequence into code and modifier. */
const FUNCTION_KEY = /^(?:\u001B+)(O|N|\[|\[\[)(?:(\d+)(?:;(\d+))?([~^$])|(?:1;)?(\d+)?([a-zA-Z]))/;

/** True when Ink 6.8 would throw on this one sequence: a Ctrl modifier bit and no key name. */
export function isUnnamedCtrlSequence(sequence: string): boolean {
  const parts = FUNCTION_KEY.exec(sequence);
  if (!parts) return false;
  const code = [parts[1], parts[2], parts[4], parts[6]].filter(Boolean).join('');
  const modifier = Number(parts[3] || parts[5] || 1) - 1;
  return (modifier & 4) !== 0 && !NAMED_CODES.has(code);
}

/** `text` without the escape sequences Ink 6.8 cannot handle; everything else is kept as it is. */
export function dropUnhandledKeySequences(text: string): string {
  if (!text.includes('\u001B')) return text;
  return text.replace(SEQUENCE, (sequence) => (isUnnamedCtrlSequence(sequence) ? '' : sequence));
}

/**
 * Filters what `stdin.read()` returns through dropUnhandledKeySequences until the returned
 * function is called (which puts the original `read` back).
 */
export function guardKeyInput(stdin: NodeJS.ReadStream): () => void {
  const original = stdin.read;
  const guarded = function (this: NodeJS.ReadStream, size?: number): string | Buffer | null {
    const chunk: unknown = original.call(this, size);
    if (chunk === null || chunk === undefined) return null;
    if (typeof chunk === 'string') return dropUnhandledKeySequences(chunk);
    if (Buffer.isBuffer(chunk) && chunk.includes(0x1b)) return dropUnhandledKeySequences(chunk.toString('utf8'));
    return chunk as Buffer;
  };
  stdin.read = guarded as typeof stdin.read;
  return () => {
    if (stdin.read === (guarded as typeof stdin.read)) stdin.read = original;
  };
}
