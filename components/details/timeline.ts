/**
 * Turns an instance's history into a timeline, pure: activities (TaskScheduled →
 * TaskCompleted/TaskFailed by taskScheduledId), timers (TimerCreated → TimerFired by
 * timerId), child workflows (SubOrchestrationInstanceCreated → Completed/Failed) as spans,
 * and external events and lifecycle moments as ticks; then draws them as bars on one time
 * axis for a given width. Labels are raw; the lines are made safe by the caller's renderer.
 */
import type { HistoryEvent } from '../../src/model/index.js';
import { formatDuration } from '../format/format-time.js';

/** What a timeline row stands for. */
export type TimelineKind = 'activity' | 'timer' | 'child' | 'event' | 'lifecycle';

/** How a span ended: `ok`, `failed`, still `open`, or a `tick` (a moment, not a span). */
export type TimelineOutcome = 'ok' | 'failed' | 'open' | 'tick';

/** One row of the timeline. Times are ms since the epoch. */
export interface TimelineItem {
  readonly kind: TimelineKind;
  readonly label: string;
  readonly start: number;
  /** undefined while the span is still open. */
  readonly end?: number;
  readonly outcome: TimelineOutcome;
}

/** A timeline: its rows and its time axis. */
export interface Timeline {
  readonly items: readonly TimelineItem[];
  readonly start: number;
  readonly end: number;
}

interface OpenSpan {
  kind: TimelineKind;
  label: string;
  start: number;
  end?: number;
  outcome: TimelineOutcome;
}

/**
 * Builds the timeline of `history`. Spans still open end at `now` on the axis when the
 * instance is still going (`isFinished` false), else at the last event.
 */
export function buildTimeline(history: readonly HistoryEvent[], now: number, isFinished: boolean): Timeline {
  const items: OpenSpan[] = [];
  const tasks = new Map<number, OpenSpan>();
  const timers = new Map<number, OpenSpan>();
  const children = new Map<number, OpenSpan>();
  let first: number | undefined;
  let last: number | undefined;

  const tick = (kind: TimelineKind, label: string, at: number) => items.push({ kind, label, start: at, end: at, outcome: 'tick' });
  const close = (span: OpenSpan | undefined, at: number, outcome: TimelineOutcome) => {
    if (!span) return;
    span.end = at;
    span.outcome = outcome;
  };

  for (const event of history) {
    const at = event.timestamp;
    first = first === undefined ? at : Math.min(first, at);
    last = last === undefined ? at : Math.max(last, at);
    switch (event.kind) {
      case 'ExecutionStarted':
        tick('lifecycle', `started ${event.name}`, at);
        break;
      case 'ExecutionCompleted':
        tick('lifecycle', event.status === 'COMPLETED' ? 'completed' : event.status.toLowerCase(), at);
        break;
      case 'ExecutionTerminated':
        tick('lifecycle', 'terminated', at);
        break;
      case 'ExecutionSuspended':
        tick('lifecycle', 'suspended', at);
        break;
      case 'ExecutionResumed':
        tick('lifecycle', 'resumed', at);
        break;
      case 'ExecutionStalled':
        tick('lifecycle', `stalled: ${event.description ?? event.reason}`, at);
        break;
      case 'ContinueAsNew':
        tick('lifecycle', 'continued as new', at);
        break;
      case 'TaskScheduled': {
        const span: OpenSpan = { kind: 'activity', label: event.name, start: at, outcome: 'open' };
        tasks.set(event.eventId, span);
        items.push(span);
        break;
      }
      case 'TaskCompleted':
        close(tasks.get(event.taskScheduledId), at, 'ok');
        break;
      case 'TaskFailed':
        close(tasks.get(event.taskScheduledId), at, 'failed');
        break;
      case 'TimerCreated': {
        const span: OpenSpan = { kind: 'timer', label: `timer ${formatDuration(event.fireAt - at)}`, start: at, outcome: 'open' };
        timers.set(event.eventId, span);
        items.push(span);
        break;
      }
      case 'TimerFired':
        close(timers.get(event.timerId), at, 'ok');
        break;
      case 'SubOrchestrationInstanceCreated': {
        const span: OpenSpan = { kind: 'child', label: `${event.name} (${event.instanceId})`, start: at, outcome: 'open' };
        children.set(event.eventId, span);
        items.push(span);
        break;
      }
      case 'SubOrchestrationInstanceCompleted':
        close(children.get(event.taskScheduledId), at, 'ok');
        break;
      case 'SubOrchestrationInstanceFailed':
        close(children.get(event.taskScheduledId), at, 'failed');
        break;
      case 'EventRaised':
        tick('event', `event ${event.name}`, at);
        break;
      case 'EventSent':
        tick('event', `sent ${event.name} → ${event.instanceId}`, at);
        break;
      case 'OrchestratorStarted':
      case 'OrchestratorCompleted':
        break;
    }
  }

  const start = first ?? now;
  const hasOpen = items.some((item) => item.outcome === 'open');
  let end = last ?? now;
  if (hasOpen && !isFinished) end = Math.max(end, now);
  if (end <= start) end = start + 1;
  return { items, start, end };
}

/** One drawn timeline row: the label, the bar area and a short outcome suffix. */
export interface TimelineRow {
  readonly label: string;
  readonly bar: string;
  readonly suffix: string;
  readonly kind: TimelineKind;
  readonly outcome: TimelineOutcome;
  /** True for the last row, the time axis. */
  readonly isAxis: boolean;
}

const GLYPHS: Record<TimelineOutcome, string> = { ok: '█', failed: '▓', open: '░', tick: '◆' };

/** The label column's width for a total width. */
export function timelineLabelWidth(width: number): number {
  return Math.max(8, Math.min(30, Math.floor(width * 0.3)));
}

/**
 * Draws the timeline for `width` cells: each row is a label column, a bar area where the
 * row's span (or tick) sits on the shared axis, and a suffix (`✓ 1.2s`, `✗ 0.3s`, `… 4s`).
 * The last row is the axis itself.
 */
export function drawTimeline(timeline: Timeline, width: number, now: number): TimelineRow[] {
  const labelWidth = timelineLabelWidth(width);
  const suffixWidth = 10;
  const barWidth = Math.max(10, width - labelWidth - suffixWidth - 2);
  const span = timeline.end - timeline.start;
  const column = (at: number) =>
    Math.min(barWidth - 1, Math.max(0, Math.floor(((at - timeline.start) / span) * (barWidth - 1))));

  const rows: TimelineRow[] = timeline.items.map((item) => {
    const from = column(item.start);
    const to = item.outcome === 'tick' ? from : column(item.end ?? Math.max(now, item.start));
    const cells = Array.from({ length: barWidth }, (_, index) => (index >= from && index <= to ? GLYPHS[item.outcome] : ' '));
    const duration = formatDuration((item.end ?? now) - item.start);
    const suffix =
      item.outcome === 'ok' ? `✓ ${duration}` : item.outcome === 'failed' ? `✗ ${duration}` : item.outcome === 'open' ? `… ${duration}` : '';
    return { label: item.label, bar: cells.join(''), suffix, kind: item.kind, outcome: item.outcome, isAxis: false };
  });
  const total = formatDuration(span);
  const axis = `0s${'─'.repeat(Math.max(1, barWidth - 3 - total.length))} ${total}`;
  rows.push({ label: 'time', bar: axis, suffix: '', kind: 'lifecycle', outcome: 'tick', isAxis: true });
  return rows;
}
