/**
 * Makes text from a sidecar or from workflow code safe to draw in a terminal: ANSI/OSC
 * escape sequences and every other control character are removed, so nothing that comes
 * from outside can move the cursor, change colours, set the title or ring the bell.
 */
import stripAnsi from 'strip-ansi';

// C0 controls except \n and \t, DEL, C1 controls, and the bidi/zero-width format characters
// that can reorder or hide what the user reads.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** Strips escape sequences and control characters; keeps newlines and tabs. */
export function safeText(text: string): string {
  return stripAnsi(text).replace(CONTROL, '');
}

/** Like safeText, and also folds newlines and tabs into spaces: for one-line cells. */
export function safeLine(text: string): string {
  return safeText(text).replace(/[\n\t]+/g, ' ');
}
