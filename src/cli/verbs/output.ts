/**
 * How the verbs print: aligned tables and label/value blocks for people, JSON and YAML for
 * scripts. Every text that came from a sidecar or from workflow code is made safe for the
 * terminal (safeLine) before it is drawn; JSON and YAML write control characters as escapes
 * (terminalSafeJson), so they parse back to the same text without reaching the terminal.
 */
import prettyMs from 'pretty-ms';
import { terminalSafeJson } from '../../text/safe-json.js';
import { safeLine } from '../../text/safe-text.js';
import type { HistoryEvent, WorkflowInstance } from '../../client/types.js';

/** The output formats of `list` and `history` (as the Dapr CLI names them). */
export const OUTPUT_FORMATS = ['short', 'wide', 'json', 'yaml'] as const;
/** One of OUTPUT_FORMATS. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The longest a table cell gets in short output before it is cut with an ellipsis. */
const SHORT_CELL_WIDTH = 48;

/** Cuts text to `width` characters, ending with an ellipsis when cut. */
export function truncate(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, width - 1).join('')}…`;
}

/** A table with a header row, columns padded to their widest cell, separated by two spaces. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[], maxCellWidth?: number): string {
  const clean = rows.map((row) => row.map((cell) => {
    const safe = safeLine(cell);
    return maxCellWidth === undefined ? safe : truncate(safe, maxCellWidth);
  }));
  const widths = headers.map((header, column) =>
    Math.max([...header].length, ...clean.map((row) => [...(row[column] ?? '')].length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell + ' '.repeat(widths[column]! - [...cell].length)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...clean.map(line)].join('\n') + '\n';
}

/** A block of `Label:  value` lines, labels aligned; values are made single-line and safe. */
export function renderFields(fields: readonly (readonly [string, string | undefined])[]): string {
  const present = fields.filter((field): field is readonly [string, string] => field[1] !== undefined);
  const width = Math.max(...present.map(([label]) => label.length)) + 1;
  return present.map(([label, value]) => `${`${label}:`.padEnd(width)}  ${safeLine(value)}`).join('\n') + '\n';
}

/** A duration for people: "5s", "1m5s", "3d1h". */
export function humanDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  return prettyMs(ms, { unitCount: 2, secondsDecimalDigits: 0 }).replace(/ /g, '');
}

/** An instant as RFC 3339 (UTC, milliseconds). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** JSON for scripts, two-space indented, with a final newline. */
export function renderJson(value: unknown): string {
  return `${terminalSafeJson(value, 2)}\n`;
}

function yamlScalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return terminalSafeJson(String(value)); // a JSON string is a valid double-quoted YAML scalar
}

function yamlLines(value: unknown, indent: string): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}[]`];
    return value.flatMap((item) => {
      if (item !== null && typeof item === 'object') {
        const [first = '', ...rest] = yamlLines(item, `${indent}  `);
        return [`${indent}- ${first.trimStart()}`, ...rest];
      }
      return [`${indent}- ${yamlScalar(item)}`];
    });
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return [`${indent}{}`];
    return entries.flatMap(([key, v]) => {
      const name = /^[A-Za-z_][\w.-]*$/.test(key) ? key : terminalSafeJson(key);
      if (v !== null && typeof v === 'object' && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0)) {
        return [`${indent}${name}:`, ...yamlLines(v, `${indent}  `)];
      }
      return [`${indent}${name}: ${v !== null && typeof v === 'object' ? (Array.isArray(v) ? '[]' : '{}') : yamlScalar(v)}`];
    });
  }
  return [`${indent}${yamlScalar(value)}`];
}

/** YAML for scripts (block style; every string double-quoted). */
export function renderYaml(value: unknown): string {
  return `${yamlLines(value, '').join('\n')}\n`;
}

/** The JSON shape of an instance in every verb's machine-readable output. */
export function instanceToJson(instance: WorkflowInstance): Record<string, unknown> {
  return {
    instanceId: instance.instanceId,
    name: instance.name,
    status: instance.status,
    createdAt: isoTime(instance.createdAt),
    lastUpdatedAt: isoTime(instance.lastUpdatedAt),
    input: instance.input,
    output: instance.output,
    customStatus: instance.customStatus,
    failure: instance.failure,
    version: instance.version,
    tags: instance.tags,
  };
}

/** The JSON shape of a history event: its fields, with the timestamp as RFC 3339. */
export function historyEventToJson(event: HistoryEvent): Record<string, unknown> {
  const { timestamp, ...rest } = event;
  return { ...rest, timestamp: isoTime(timestamp) };
}
