/**
 * Validation of what the user types into forms, pure: JSON payloads and instance IDs. Each
 * failure is one sentence shown inline; nothing is sent until everything is valid.
 */
import { INSTANCE_ID_PATTERN } from '../../src/model/index.js';
import { terminalSafeJson } from '../../src/text/safe-json.js';

/** A field's value after validation: what to send, or why not. */
export type FieldResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/**
 * Validates JSON text. Empty text means "no payload" (undefined); otherwise the value is the
 * text re-serialised compactly, ready to send. JSON nested too deeply to serialise again is
 * refused as such (it is valid JSON, but no client could send it).
 */
export function parseJsonField(text: string, what: string): FieldResult<string | undefined> {
  if (text.trim() === '') return { ok: true, value: undefined };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0]!.replace(/\.$/, '') : 'it does not parse';
    return { ok: false, error: `The ${what} is not valid JSON (${reason}).` };
  }
  try {
    return { ok: true, value: JSON.stringify(value) };
  } catch {
    return { ok: false, error: `The ${what} is valid JSON but nested too deeply to send.` };
  }
}

/** Validates an optional instance ID: empty means "let the sidecar choose". */
export function parseInstanceIdField(text: string, isRequired = false): FieldResult<string | undefined> {
  const id = text.trim();
  if (id === '') return isRequired ? { ok: false, error: 'Type an instance ID.' } : { ok: true, value: undefined };
  if (!INSTANCE_ID_PATTERN.test(id)) {
    return { ok: false, error: 'An instance ID may contain only letters, digits, "_" and "-".' };
  }
  return { ok: true, value: id };
}

/** Validates a required name (workflow or event): trimmed, not empty. */
export function parseNameField(text: string, what: string): FieldResult<string> {
  const name = text.trim();
  return name === '' ? { ok: false, error: `Type the ${what}.` } : { ok: true, value: name };
}

/** A value as JSON text for prefilling a field ('' for undefined); control characters in it are escapes. */
export function toJsonText(value: unknown): string {
  if (value === undefined) return '';
  try {
    return JSON.stringify(value) === undefined ? '' : terminalSafeJson(value);
  } catch {
    return '';
  }
}
