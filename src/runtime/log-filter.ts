/**
 * Which log lines the console's log pane shows, pure. By default the lines people act on:
 * workflow and activity output, the in-process runtime's, the sidecar's and the console's
 * own, plus the SDK's warnings and errors; the SDK's routine chatter (its INFO and debug
 * lines) shows only when asked for.
 */
import type { LogLine } from './types.js';

/** A level of detail for the log pane. */
export type LogFilter = 'workflow' | 'sdk' | 'all' | 'errors';

/** The order the log-level key cycles through. */
export const LOG_FILTERS: readonly LogFilter[] = ['workflow', 'sdk', 'all', 'errors'];

/** The filter after `current` in the cycle. */
export function nextLogFilter(current: LogFilter): LogFilter {
  return LOG_FILTERS[(LOG_FILTERS.indexOf(current) + 1) % LOG_FILTERS.length]!;
}

/** A few words for the pane's title. */
export function logFilterLabel(filter: LogFilter): string {
  switch (filter) {
    case 'workflow':
      return 'workflow lines';
    case 'sdk':
      return 'workflow + SDK info';
    case 'all':
      return 'everything';
    case 'errors':
      return 'warnings and errors';
  }
}

/** True when `line` shows under `filter`. */
export function isLogLineShown(line: LogLine, filter: LogFilter): boolean {
  const isProblem = line.level === 'warn' || line.level === 'error';
  switch (filter) {
    case 'errors':
      return isProblem;
    case 'all':
      return true;
    case 'sdk':
      return line.source !== 'sdk' || line.level !== 'debug';
    case 'workflow':
      return line.source !== 'sdk' ? line.level !== 'debug' : isProblem;
  }
}

/** The last `count` lines (oldest first) that show under `filter`, and how many show in all. */
export function lastShownLines(lines: readonly LogLine[], filter: LogFilter, count: number): { lines: LogLine[]; shown: number } {
  const picked: LogLine[] = [];
  let shown = 0;
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    if (!isLogLineShown(lines[index]!, filter)) continue;
    shown += 1;
    if (picked.length < count) picked.push(lines[index]!);
  }
  return { lines: picked.reverse(), shown };
}
