/**
 * Reading a log as a stream: for `serve` (which has no log pane) and anything else that
 * wants each new line once, in order, e.g. to print it to stderr.
 */
import type { LogLine, LogSource } from './types.js';

/**
 * Calls `onLine` once for each line added to `log` from now on, in order; returns the
 * function that stops following. Lines that scrolled out of the ring before the listener
 * ran are skipped.
 */
export function followLog(log: LogSource, onLine: (line: LogLine) => void): () => void {
  let lastSeq = log.lines().at(-1)?.seq ?? 0;
  return log.subscribe(() => {
    const lines = log.lines();
    let first = lines.length;
    while (first > 0 && lines[first - 1]!.seq > lastSeq) first--;
    for (const line of lines.slice(first)) {
      lastSeq = line.seq;
      onLine(line);
    }
  });
}

/** One line of plain text for a log line: `HH:MM:SS.mmm LEVEL source text`. */
export function formatLogLine(line: LogLine): string {
  const time = new Date(line.time).toISOString().slice(11, 23);
  return `${time} ${line.level.toUpperCase().padEnd(5)} ${line.source} ${line.text}`;
}
