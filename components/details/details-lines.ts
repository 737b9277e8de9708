/**
 * The details view's content as plain lines with tones, pure: identity and times, payloads
 * as pretty JSON, failure details, and the history timeline (or why there is none). Lines
 * are hard-wrapped to the width so the view can scroll them and render only what is visible.
 * Everything from the sidecar passes safeText/safeLine here.
 */
import type { WorkflowInstance } from '../../src/client/types.js';
import { isTerminalStatus, type FailureDetails, type HistoryEvent } from '../../src/model/index.js';
import { safeLine, safeText } from '../../src/text/safe-text.js';
import { formatAge, formatTimestamp } from '../format/format-time.js';
import { prettyJsonLines } from '../format/pretty-json.js';
import { buildTimeline, drawTimeline, timelineLabelWidth, type TimelineOutcome } from './timeline.js';

/** How a piece of a line is emphasised; the view maps tones to the theme. */
export type Tone = 'plain' | 'heading' | 'muted' | 'error' | 'status' | TimelineOutcome;

/** A piece of a line. */
export interface Segment {
  readonly text: string;
  readonly tone: Tone;
}

/** One line of the details view. */
export type DetailLine = readonly Segment[];

/** What is known of the instance's history. */
export type HistoryState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly events: readonly HistoryEvent[] }
  | { readonly kind: 'unsupported' }
  | { readonly kind: 'failed'; readonly message: string };

/** Inputs of the details content. */
export interface DetailsInput {
  /** The row (no payloads). */
  readonly row: WorkflowInstance;
  /** The same instance with payloads, once fetched. */
  readonly full?: WorkflowInstance;
  readonly history: HistoryState;
  readonly width: number;
  readonly now: number;
}

const INDENT = '  ';

/** Splits `text` into pieces of at most `width` characters (at least one piece). */
export function hardWrap(text: string, width: number): string[] {
  const size = Math.max(1, width);
  if (text.length <= size) return [text];
  const pieces: string[] = [];
  const chars = Array.from(text);
  for (let index = 0; index < chars.length; index += size) pieces.push(chars.slice(index, index + size).join(''));
  return pieces;
}

function line(text: string, tone: Tone = 'plain'): DetailLine {
  return [{ text, tone }];
}

function block(lines: DetailLine[], title: string, body: string[], width: number, tone: Tone = 'plain'): void {
  lines.push(line(title, 'heading'));
  if (body.length === 0) {
    lines.push(line(`${INDENT}(none)`, 'muted'));
  } else {
    for (const text of body) for (const piece of hardWrap(text, width - INDENT.length)) lines.push(line(INDENT + piece, tone));
  }
  lines.push(line(''));
}

function failureLines(failure: FailureDetails | undefined, depth = 0): string[] {
  if (!failure) return [];
  const prefix = depth > 0 ? 'caused by ' : '';
  const out = [`${prefix}${safeLine(failure.errorType)}: ${safeLine(failure.errorMessage)}`];
  if (failure.isNonRetriable) out.push('(not retriable)');
  if (failure.stackTrace) out.push(...safeText(failure.stackTrace).split(/\r?\n/).slice(0, 12));
  if (failure.innerFailure && depth < 4) out.push(...failureLines(failure.innerFailure, depth + 1));
  return out;
}

// Payloads can be megabytes: their lines are built once per fetched state and width, not on
// every redraw (the clock redraws details every second).
const payloadCache = new WeakMap<WorkflowInstance, { width: number; lines: DetailLine[] }>();

function payloadLines(full: WorkflowInstance, width: number): DetailLine[] {
  const cached = payloadCache.get(full);
  if (cached && cached.width === width) return cached.lines;
  const lines: DetailLine[] = [];
  block(lines, 'Input', prettyJsonLines(full.input), width);
  block(lines, 'Output', prettyJsonLines(full.output), width);
  block(lines, 'Custom status', prettyJsonLines(full.customStatus), width);
  payloadCache.set(full, { width, lines });
  return lines;
}

/** Builds every line of the details view for `input`. */
export function detailsLines(input: DetailsInput): DetailLine[] {
  const { row, full, history, width, now } = input;
  const lines: DetailLine[] = [];
  lines.push([
    { text: safeLine(row.instanceId), tone: 'heading' },
    { text: '  ·  ', tone: 'muted' },
    { text: safeLine(row.name), tone: 'plain' },
    { text: '  ·  ', tone: 'muted' },
    { text: row.status, tone: 'status' },
  ]);
  lines.push(line(`Created   ${formatTimestamp(row.createdAt)}  (${formatAge(now - row.createdAt)} ago)`));
  lines.push(line(`Updated   ${formatTimestamp(row.lastUpdatedAt)}  (${formatAge(now - row.lastUpdatedAt)} ago)`));
  const tagged = full?.instanceId === row.instanceId ? full : row;
  if (tagged.version !== undefined) lines.push(line(`Version   ${safeLine(tagged.version)}`));
  if (tagged.tags !== undefined) {
    const text = Object.entries(tagged.tags)
      .map(([key, value]) => `${safeLine(key)}=${safeLine(value)}`)
      .join('  ');
    for (const piece of hardWrap(`Tags      ${text}`, width)) lines.push(line(piece));
  }
  lines.push(line(''));

  if (full && full.instanceId === row.instanceId) {
    lines.push(...payloadLines(full, width));
  } else {
    lines.push(line('Loading input, output and custom status…', 'muted'));
    lines.push(line(''));
  }
  const failure = full?.failure ?? row.failure;
  if (failure) block(lines, 'Failure', failureLines(failure), width, 'error');

  lines.push(line('Timeline', 'heading'));
  if (history.kind === 'loading') {
    lines.push(line(`${INDENT}Loading history…`, 'muted'));
  } else if (history.kind === 'unsupported') {
    lines.push(line(`${INDENT}This sidecar does not provide instance history (Dapr 1.17 or newer does).`, 'muted'));
  } else if (history.kind === 'failed') {
    lines.push(line(`${INDENT}${history.message}`, 'error'));
  } else if (history.events.length === 0) {
    lines.push(line(`${INDENT}No history yet.`, 'muted'));
  } else {
    const innerWidth = width - INDENT.length;
    const timeline = buildTimeline(history.events, now, isTerminalStatus(row.status));
    const labelWidth = timelineLabelWidth(innerWidth);
    for (const drawn of drawTimeline(timeline, innerWidth, now)) {
      const label = Array.from(safeLine(drawn.label));
      const fitted = label.length > labelWidth ? `${label.slice(0, labelWidth - 1).join('')}…` : label.join('').padEnd(labelWidth);
      lines.push([
        { text: `${INDENT}${fitted} `, tone: drawn.isAxis ? 'muted' : 'plain' },
        { text: drawn.bar, tone: drawn.isAxis ? 'muted' : drawn.outcome },
        { text: drawn.suffix ? ` ${drawn.suffix}` : '', tone: drawn.outcome === 'failed' ? 'failed' : 'muted' },
      ]);
    }
  }
  return lines;
}
