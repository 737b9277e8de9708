/**
 * Small conversions between the model's plain values and protobuf's wrapper types:
 * milliseconds since the epoch ↔ `Timestamp`, optional text ↔ `StringValue`, and the
 * "absent" of decoded messages (null or a zero value) ↔ undefined.
 */
import type { wire } from './wire.js';

type Timestamp = wire.google.protobuf.ITimestamp;
type StringValue = wire.google.protobuf.IStringValue;

/** A `Timestamp` for the given milliseconds since the epoch (millisecond precision kept). */
export function timestampFromMs(ms: number): Timestamp {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1_000_000) };
}

/** A 64-bit protobuf integer (a number or a Long) as a number. */
export function numberOf(value: number | { toNumber(): number } | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

/** Milliseconds since the epoch of a `Timestamp`; undefined when it is absent. */
export function msFromTimestamp(timestamp: Timestamp | null | undefined): number | undefined {
  if (!timestamp) return undefined;
  return numberOf(timestamp.seconds) * 1000 + Math.floor((timestamp.nanos ?? 0) / 1_000_000);
}

/** A `StringValue` holding `text`, or undefined when there is no text (empty text is kept). */
export function stringValue(text: string | undefined): StringValue | undefined {
  return text === undefined ? undefined : { value: text };
}

/** The text of a `StringValue`; undefined when the wrapper is absent. */
export function textOf(value: StringValue | null | undefined): string | undefined {
  return value ? (value.value ?? '') : undefined;
}

/** A non-empty string, or undefined for null, undefined or ''. */
export function nonEmpty(text: string | null | undefined): string | undefined {
  return text ? text : undefined;
}

/** A map field as a record, or undefined when it has no entries. */
export function tagsOf(map: { [key: string]: string } | null | undefined): Readonly<Record<string, string>> | undefined {
  if (!map) return undefined;
  const entries = Object.entries(map);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/** A copy of `fields` without the keys whose value is undefined (decoded objects carry no `key: undefined`). */
export function withoutUndefined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}
