/**
 * Small conversions between the domain's plain values and protobuf's wrapper types:
 * milliseconds since the epoch ↔ `Timestamp`, optional text ↔ `StringValue`.
 */
import { StringValue, Timestamp } from './sdk-proto.js';

/** A `Timestamp` for the given milliseconds since the epoch (millisecond precision kept). */
export function timestampFromMs(ms: number): Timestamp {
  const timestamp = new Timestamp();
  const seconds = Math.floor(ms / 1000);
  timestamp.setSeconds(seconds);
  timestamp.setNanos(Math.round((ms - seconds * 1000) * 1_000_000));
  return timestamp;
}

/** Milliseconds since the epoch of a `Timestamp`; undefined when it is absent. */
export function msFromTimestamp(timestamp: Timestamp | undefined): number | undefined {
  if (timestamp === undefined) return undefined;
  return timestamp.getSeconds() * 1000 + Math.floor(timestamp.getNanos() / 1_000_000);
}

/** A `StringValue` holding `text`, or undefined when there is no text (empty text is kept). */
export function stringValue(text: string | undefined): StringValue | undefined {
  if (text === undefined) return undefined;
  const value = new StringValue();
  value.setValue(text);
  return value;
}

/** The text of a `StringValue`; undefined when the wrapper is absent. */
export function textOf(value: StringValue | undefined): string | undefined {
  return value === undefined ? undefined : value.getValue();
}

/** A copy of `fields` without the keys whose value is undefined (decoded objects carry no `key: undefined`). */
export function withoutUndefined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}
