/**
 * What the conformance run records of a scenario: only what a user can observe (runtime
 * status, output, custom status, failure details, history event types in order, gRPC status
 * codes and messages, HTTP status codes and bodies), with times and stack traces left out so
 * that two sidecars' answers compare as plain JSON.
 */
import { status as grpcStatus } from '@grpc/grpc-js';

/** One scenario's observations: named steps, each a JSON value. */
export type Observation = Record<string, unknown>;

/** A scenario of the corpus: an ID, what it does, and how to play it against one sidecar. */
export interface Scenario<Target> {
  readonly id: string;
  /** Which client plays it: the JS SDK, the Python SDK or the HTTP API. */
  readonly via: 'JS SDK' | 'Python SDK' | 'HTTP API';
  readonly description: string;
  run(target: Target): Promise<Observation>;
}

const GRPC_CODE_NAMES = new Map<number, string>(
  Object.entries(grpcStatus)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    .map(([name, code]) => [code, name]),
);

/** A failed call as observed: the gRPC code's name and the details text, or the error's message. */
export function observedError(error: unknown): { readonly error: string; readonly message: string } {
  if (typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'number' && 'details' in error) {
    const { code, details } = error as { code: number; details?: string };
    return { error: GRPC_CODE_NAMES.get(code) ?? `code ${code}`, message: String(details ?? '') };
  }
  return { error: (error as Error)?.name ?? 'Error', message: firstLine((error as Error)?.message ?? String(error)) };
}

/** Runs a call and records either its (normalised) result or its error. */
export async function attempt(run: () => Promise<unknown>): Promise<unknown> {
  try {
    const value = await run();
    return { ok: value === undefined ? null : value };
  } catch (error) {
    return observedError(error);
  }
}

/** The first line of a text (a failure's message without the stack trace that may follow). */
export function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}

/** Cuts long strings (multi-megabyte payloads in error texts) so the report stays readable. */
export function shorten(value: unknown): unknown {
  if (typeof value === 'string') return value.length > 300 ? `${value.slice(0, 300)}… (${value.length} characters)` : value;
  if (Array.isArray(value)) return value.map(shorten);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shorten(inner)]));
  return value;
}

/** Waits until `check` returns a value other than undefined, polling; throws after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Sleeps. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
