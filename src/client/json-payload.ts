/**
 * JSON payloads as the console and the verbs handle them: text the user typed, checked
 * before anything is sent, with one sentence when it is not JSON.
 */
import { InvalidRequestError } from './errors.js';

/**
 * Parses JSON text; throws InvalidRequestError naming `what` ("--input", "the event payload")
 * when it is not JSON, or when it is nested too deeply to be serialised again for sending
 * (the SDK re-encodes every payload; JSON.parse takes any depth, JSON.stringify does not).
 */
export function parseJsonPayload(text: string, what: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/\.$/, '') : 'it does not parse';
    throw new InvalidRequestError(`${what} is not valid JSON: ${reason}.`);
  }
  try {
    JSON.stringify(value);
  } catch {
    throw new InvalidRequestError(`${what} is valid JSON but nested too deeply to send.`);
  }
  return value;
}

/** Checks that optional JSON text parses; returns it unchanged. Empty or blank text counts as absent. */
export function checkedJsonText(text: string | undefined, what: string): string | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  parseJsonPayload(text, what);
  return text;
}
