/**
 * JSON text that is safe to print to a terminal. JSON.stringify escapes the C0 controls
 * (so ESC and BEL never appear raw) but leaves DEL, the C1 controls (U+0080–U+009F, which
 * some terminals obey as CSI/OSC) and the invisible format characters (zero-width, bidi
 * overrides) as they are. Here those are written as `\uXXXX` escapes too: the text still
 * parses to exactly the same value.
 */

// DEL, C1 controls, and the zero-width / bidi format characters safe-text.ts also removes.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

function escapeCodeUnit(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Like JSON.stringify(value, null, space), with no character a terminal could act on or hide
 * text with; 'null' for a value JSON cannot represent (undefined, a function).
 */
export function terminalSafeJson(value: unknown, space?: number): string {
  const text = JSON.stringify(value, null, space) ?? 'null';
  // Every such character can only occur inside a JSON string, where an escape means the same.
  return text.replace(UNSAFE_IN_JSON, escapeCodeUnit);
}
