/**
 * What the in-process workflow runtime offers the console: the workflows it hosts (with
 * metadata for the start and raise-event forms) and a live log of what the SDK and the
 * workflow code print.
 */

/** A workflow the in-process runtime registered, with what the console's forms need. */
export interface WorkflowInfo {
  readonly name: string;
  /** One line for the start form. */
  readonly description: string;
  /** Prefilled (as JSON) in the start form; undefined when the workflow takes no input. */
  readonly exampleInput?: unknown;
  /** External events the workflow waits for, with an example payload for each. */
  readonly events: readonly { readonly name: string; readonly examplePayload?: unknown }[];
}

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
