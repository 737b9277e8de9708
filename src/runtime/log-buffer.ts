/**
 * The runtime's log: a bounded ring of lines (the oldest drop off) that the console's log
 * pane reads and subscribes to. Appending is cheap: listeners are told once per burst of
 * lines (in a microtask), not once per line.
 */
import type { LogLevel, LogLine, LogSource } from './types.js';

/** How many lines a LogBuffer keeps unless told otherwise. */
export const DEFAULT_LOG_CAPACITY = 2000;

/** A bounded, observable log; implements LogSource for the UI. */
export class LogBuffer implements LogSource {
  readonly #capacity: number;
  readonly #ring: LogLine[] = [];
  #start = 0;
  #nextSeq = 1;
  #snapshot: readonly LogLine[] | undefined;
  #listeners = new Set<() => void>();
  #notifyScheduled = false;

  /** Keeps the newest `capacity` lines (at least 1). */
  constructor(capacity = DEFAULT_LOG_CAPACITY) {
    this.#capacity = Math.max(1, Math.floor(capacity));
  }

  /** Adds a line (time = now) and returns it; listeners hear about it shortly after. */
  append(level: LogLevel, source: string, text: string): LogLine {
    const line: LogLine = { seq: this.#nextSeq++, time: Date.now(), level, source, text };
    if (this.#ring.length < this.#capacity) {
      this.#ring.push(line);
    } else {
      this.#ring[this.#start] = line;
      this.#start = (this.#start + 1) % this.#capacity;
    }
    this.#snapshot = undefined;
    this.#scheduleNotify();
    return line;
  }

  /** The retained lines, oldest first (the same array until the next append). */
  lines(): readonly LogLine[] {
    this.#snapshot ??= Object.freeze([...this.#ring.slice(this.#start), ...this.#ring.slice(0, this.#start)]);
    return this.#snapshot;
  }

  /** Calls `listener` after new lines arrive; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #scheduleNotify(): void {
    if (this.#notifyScheduled || this.#listeners.size === 0) return;
    this.#notifyScheduled = true;
    queueMicrotask(() => {
      this.#notifyScheduled = false;
      for (const listener of [...this.#listeners]) {
        try {
          listener();
        } catch {
          // A failing listener must not stop the others or the code that logged.
        }
      }
    });
  }
}
