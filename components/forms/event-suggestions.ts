/**
 * Names offered in the forms, pure. Event names: the events the instance's workflow is
 * known to wait for, then names raised before (in this session, or seen in the histories of
 * instances of the same workflow), without duplicates (names
 * are case-insensitive, as Dapr treats them), with the example payload when one is known.
 * Names are made safe to draw, since the name field shows them as they are.
 */
import type { WorkflowInfo } from '../../src/model/index.js';
import { safeLine } from '../../src/text/safe-text.js';
import { toJsonText } from './field-validation.js';

/** One suggested event name. */
export interface EventSuggestion {
  readonly name: string;
  /** JSON text to prefill the payload with ('' when unknown). */
  readonly examplePayload: string;
}

/** The suggestions for an instance of `workflow` (undefined: not hosted here). */
export function eventSuggestions(workflow: WorkflowInfo | undefined, raisedBefore: readonly string[]): EventSuggestion[] {
  const seen = new Set<string>();
  const out: EventSuggestion[] = [];
  for (const event of workflow?.events ?? []) {
    // Names come from workflow code: made safe here, since the name field shows them as typed text.
    const name = safeLine(event.name).trim();
    const key = name.toLowerCase();
    if (name === '' || seen.has(key)) continue;
    seen.add(key);
    out.push({ name, examplePayload: toJsonText(event.examplePayload) });
  }
  for (const name of raisedBefore) {
    const key = name.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ name, examplePayload: '' });
  }
  return out;
}

/** The suggestion matching `name` (case-insensitive), if any. */
export function findSuggestion(suggestions: readonly EventSuggestion[], name: string): EventSuggestion | undefined {
  const key = name.trim().toLowerCase();
  return suggestions.find((suggestion) => suggestion.name.toLowerCase() === key);
}

/** The name after (or before, for -1) `name` in `names` (case-insensitive), cycling; the first (last) when `name` is none of them. */
export function cycleName(names: readonly string[], name: string, by: 1 | -1): string | undefined {
  if (names.length === 0) return undefined;
  const current = names.findIndex((candidate) => candidate.toLowerCase() === name.trim().toLowerCase());
  const next = current < 0 ? (by === 1 ? 0 : names.length - 1) : (current + by + names.length) % names.length;
  return names[next];
}

/** The suggestion after (or before, for -1) the one matching `name`, cycling. */
export function cycleSuggestion(
  suggestions: readonly EventSuggestion[],
  name: string,
  by: 1 | -1,
): EventSuggestion | undefined {
  const next = cycleName(
    suggestions.map((suggestion) => suggestion.name),
    name,
    by,
  );
  return next === undefined ? undefined : findSuggestion(suggestions, next);
}
