/**
 * What the in-process workflow runtime offers the console besides the workflows it hosts
 * (described by the model's WorkflowInfo): a live log of what the SDK and the workflow code
 * print.
 */

/** Severity of a log line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One line of the log pane. `text` is raw: the pane makes it safe before drawing. */
export interface LogLine {
  readonly seq: number;
  readonly time: number;
  readonly level: LogLevel;
  /** Where it came from: `sdk`, `workflow`, `runtime` (the in-process runtime's own lines), `sidecar`, `console`. */
  readonly source: string;
  readonly text: string;
}

/** A live, bounded log the UI can read and subscribe to. */
export interface LogSource {
  /** The retained lines, oldest first. */
  lines(): readonly LogLine[];
  /** Calls `listener` after new lines arrive; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}
