/**
 * The hostile-input corpus of test/fixtures/hostile, loaded for the tests: payloads (JSON
 * text a user or a client sends), identifiers (instance IDs, workflow and event names) and
 * display texts (what workflow code may put in outputs, custom status, failures and logs).
 * Large inputs are described by a generator in the data file and built here. Also holds the
 * one check every surface's output must pass: no raw control character.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The surfaces a case runs through. */
export type Surface = 'grpc' | 'sdk' | 'http' | 'verbs' | 'console';

/** What a payload case must lead to. */
export type PayloadExpectation = 'accepted' | 'invalid-json' | 'too-large' | 'too-deep' | 'absent' | 'not-applicable';

/** One payload: JSON text (or not) sent as input, event data or terminate output. */
export interface PayloadCase {
  readonly id: string;
  readonly description: string;
  readonly raw: string;
  readonly expect: PayloadExpectation;
  readonly expectBySurface?: Partial<Record<Surface, PayloadExpectation>>;
}

/** What an identifier case must lead to. */
export type IdentifierExpectation = 'accepted' | 'invalid-id' | 'missing-name';

/** One instance ID, workflow name or event name. */
export interface IdentifierCase {
  readonly id: string;
  readonly description: string;
  readonly kind: 'instance-id' | 'workflow-name' | 'event-name';
  readonly raw: string;
  readonly expect: IdentifierExpectation;
}

/** One text that workflow code puts where the console and the verbs draw it. */
export interface DisplayTextCase {
  readonly id: string;
  readonly description: string;
  readonly raw: string;
  /** What must still be readable once the text is made safe. */
  readonly visible: string;
}

type Generator = { readonly kind: 'nested-arrays'; readonly depth: number } | { readonly kind: 'json-string'; readonly bytes: number; readonly fill?: string };

const FIXTURES = fileURLToPath(new URL('../fixtures/hostile/', import.meta.url));

function readLines<T>(file: string): T[] {
  return readFileSync(FIXTURES + file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as T;
      } catch (error) {
        throw new Error(`${file} line ${index + 1} is not JSON: ${(error as Error).message}`);
      }
    });
}

/** Builds the text a generator describes. */
function generate(spec: Generator): string {
  if (spec.kind === 'nested-arrays') return '['.repeat(spec.depth) + ']'.repeat(spec.depth);
  // A JSON string of exactly `bytes` UTF-8 bytes: two quotes around the fill, padded with ASCII.
  const fill = spec.fill ?? 'a';
  const fillBytes = Buffer.byteLength(fill, 'utf8');
  const inner = spec.bytes - 2;
  const count = Math.floor(inner / fillBytes);
  return `"${fill.repeat(count)}${'a'.repeat(inner - count * fillBytes)}"`;
}

let payloads: PayloadCase[] | undefined;
let identifiers: IdentifierCase[] | undefined;
let displayTexts: DisplayTextCase[] | undefined;

/** Every payload case, generators expanded. */
export function payloadCases(): readonly PayloadCase[] {
  payloads ??= readLines<Omit<PayloadCase, 'raw'> & { raw?: string; generate?: Generator }>('payloads.jsonl').map(
    ({ generate: spec, ...rest }) => ({ ...rest, raw: spec ? generate(spec) : (rest.raw ?? '') }),
  );
  return payloads;
}

/** Every identifier case. */
export function identifierCases(): readonly IdentifierCase[] {
  identifiers ??= readLines<IdentifierCase>('identifiers.jsonl');
  return identifiers;
}

/** Every display-text case. */
export function displayTextCases(): readonly DisplayTextCase[] {
  displayTexts ??= readLines<DisplayTextCase>('display-texts.jsonl');
  return displayTexts;
}

/**
 * True when this Node.js re-encodes the case's JSON: from Node.js 26 JSON.stringify takes any
 * depth, where older lines overflow their stack on the deepest cases.
 */
function reencodes(raw: string): boolean {
  try {
    JSON.stringify(JSON.parse(raw));
    return true;
  } catch {
    return false;
  }
}

/**
 * What the case must lead to on `surface`. `too-deep` means too deep for this Node.js's JSON
 * encoder: where it re-encodes the value, the value must be accepted like any other.
 */
export function expectationOn(testCase: PayloadCase, surface: Surface): PayloadExpectation {
  const expected = testCase.expectBySurface?.[surface] ?? testCase.expect;
  return expected === 'too-deep' && reencodes(testCase.raw) ? 'accepted' : expected;
}

/**
 * Asserts that JSON text holds the same value as `expected`, compared as re-encoded text:
 * deepEqual recurses, and overflows the stack on the deepest cases.
 */
export function assertSameJson(actual: string | undefined, expected: string, message: string): void {
  assert.ok(actual !== undefined, `${message}: no JSON arrived`);
  assert.ok(JSON.stringify(JSON.parse(actual)) === JSON.stringify(JSON.parse(expected)), message);
}

/**
 * Characters that must never reach a terminal raw: C0 controls except newline and tab (ESC,
 * BEL, CR, BS, NUL, ...), DEL, the C1 controls (CSI U+009B, OSC U+009D, ...), and the
 * invisible format characters that hide or reorder text (zero-width, bidi overrides).
 */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** The raw control characters in `text`, described (`U+001B at 12`); empty when there are none. */
export function rawControls(text: string): string[] {
  return [...text.matchAll(RAW_CONTROL)].slice(0, 10).map((match) => `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at ${match.index}`);
}

/** A short, printable label of a case's raw text for assertion messages. */
export function label(raw: string): string {
  const shown = raw.length > 60 ? `${raw.slice(0, 60)}… (${raw.length} chars)` : raw;
  return JSON.stringify(shown).replace(RAW_CONTROL, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
