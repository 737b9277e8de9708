/**
 * Pretty-prints payload text (JSON as the sidecar stores it) for the details view, made
 * safe for the terminal. Text that is not JSON is shown as it is.
 */
import { safeText } from '../../src/text/safe-text.js';

/** The payload as indented JSON lines, or its raw lines when it is not JSON; safe to draw. */
export function prettyJsonLines(text: string | undefined): string[] {
  if (text === undefined || text === '') return [];
  let pretty: string;
  try {
    pretty = JSON.stringify(JSON.parse(text), null, 2) ?? text;
  } catch {
    pretty = text;
  }
  return safeText(pretty).replace(/\t/g, '  ').split(/\r?\n/);
}

/** A one-line preview of a payload: compact JSON (or the raw text), safe to draw. */
export function previewText(text: string | undefined): string {
  if (text === undefined) return '';
  let compact = text;
  try {
    const value: unknown = JSON.parse(text);
    compact = typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    // Not JSON: show it as it is.
  }
  return safeText(compact).replace(/\s+/g, ' ').trim();
}
