/**
 * Time arguments of the verbs, as the Dapr CLI reads them: a Go-style duration ("300ms",
 * "1.5h", "2h45m"; "d" for days is accepted too) or a timestamp ("2023-01-02T15:04:05Z",
 * "2023-01-02T15:04:05", "2023-01-02"; no zone means UTC). Bad values throw VerbUsageError.
 */
import { VerbUsageError } from './verb-errors.js';

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d))+$/;
const DURATION_PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/g;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Milliseconds of a Go-style duration, or undefined when the text is not one. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!DURATION.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(DURATION_PART)) total += Number(amount) * UNIT_MS[unit!]!;
  return total;
}

/** The instant of a timestamp, or undefined when the text is not one. */
export function parseTimestamp(text: string): number | undefined {
  const trimmed = text.trim();
  const match = TIMESTAMP.exec(trimmed);
  if (!match) return undefined;
  let iso = trimmed.replace(' ', 'T');
  if (iso.length === 10) iso += 'T00:00:00Z';
  else if (!match[1]) iso += 'Z';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * A point in time from a duration or a timestamp. A duration counts back from `now`
 * (direction 'past', as --filter-max-age and --all-older-than do) or forward ('future', as
 * --start-time does).
 */
export function parseDurationOrTimestamp(text: string, flag: string, direction: 'past' | 'future', now = Date.now()): Date {
  const duration = parseDuration(text);
  if (duration !== undefined) return new Date(direction === 'past' ? now - duration : now + duration);
  const instant = parseTimestamp(text);
  if (instant !== undefined) return new Date(instant);
  throw new VerbUsageError(
    `${flag} takes a duration such as 300ms, 1.5h or 2h45m, or a timestamp such as 2024-01-02T15:04:05Z, not "${text}".`,
  );
}
