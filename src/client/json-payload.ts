/**
 * JSON payloads as the console and the verbs handle them: text the user typed, checked
 * before anything is sent, with one sentence when it is not JSON.
 */
import { InvalidRequestError } from './errors.js';

/** Parses JSON text; throws InvalidRequestError naming `what` ("--input", "the event payload") when it is not JSON. */
export function parseJsonPayload(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/\.$/, '') : 'it does not parse';
    throw new InvalidRequestError(`${what} is not valid JSON: ${reason}.`);
  }
}

/** Checks that optional JSON text parses; returns it unchanged. Empty or blank text counts as absent. */
export function checkedJsonText(text: string | undefined, what: string): string | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  parseJsonPayload(text, what);
  return text;
}
