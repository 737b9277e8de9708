/**
 * Routes what is printed through `console` (the SDK's logger, workflow and activity code)
 * into a LogBuffer instead of the terminal, which the console UI owns. Lines in the SDK's
 * own format (`<ISO time> INFO [DurableTask, Worker] ...`) are tagged source `sdk` with
 * the SDK's level, lines the SDK tags `[DurableTask, …]` or `[Dapr…]` are tagged `sdk` too;
 * everything else is tagged `workflow` with the console method's level.
 */
import { format } from 'node:util';
import type { LogBuffer } from './log-buffer.js';
import type { LogLevel } from './types.js';

const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;
type ConsoleMethod = (typeof METHODS)[number];

const METHOD_LEVEL: Record<ConsoleMethod, LogLevel> = { log: 'info', info: 'info', warn: 'warn', error: 'error', debug: 'debug' };
const SDK_LEVEL: Record<string, LogLevel> = { ERROR: 'error', WARN: 'warn', INFO: 'info', VERBOSE: 'debug', DEBUG: 'debug' };
/** The SDK's components name themselves in brackets, e.g. `[DurableTask, Worker]` or `[Dapr-JS]`. */
const SDK_TAG = /^\[(?:DurableTask|Dapr)\b/;
const SDK_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z (ERROR|WARN|INFO|VERBOSE|DEBUG) (.*)$/s;

/**
 * Formats console arguments the way console does, except that errors print as
 * `Name: message` (a stack trace is noise in a log pane; failure details keep it).
 */
export function formatConsoleArgs(args: readonly unknown[]): string {
  return format(...args.map((arg) => (arg instanceof Error ? `${arg.name}: ${arg.message}` : arg)));
}

/** Splits a printed line into level, source and text (recognising the SDK's logger format). */
export function classifyConsoleLine(method: ConsoleMethod, text: string): { level: LogLevel; source: string; text: string } {
  const sdk = SDK_LINE.exec(text);
  if (sdk) return { level: SDK_LEVEL[sdk[1]!]!, source: 'sdk', text: sdk[2]! };
  if (SDK_TAG.test(text)) return { level: METHOD_LEVEL[method], source: 'sdk', text };
  return { level: METHOD_LEVEL[method], source: 'workflow', text };
}

/**
 * Sends console.log/info/warn/error/debug to `buffer` until the returned function is
 * called, which puts back the methods that were there before (it is safe to call twice).
 */
export function captureConsole(buffer: LogBuffer): () => void {
  const saved = new Map<ConsoleMethod, (...args: unknown[]) => void>();
  const installed = new Map<ConsoleMethod, (...args: unknown[]) => void>();
  for (const method of METHODS) {
    saved.set(method, console[method]);
    const capture = (...args: unknown[]): void => {
      const line = classifyConsoleLine(method, formatConsoleArgs(args));
      buffer.append(line.level, line.source, line.text);
    };
    installed.set(method, capture);
    console[method] = capture;
  }
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    for (const method of METHODS) {
      // Only undo our own patch: if someone patched on top of us since, leave theirs alone.
      if (console[method] === installed.get(method)) console[method] = saved.get(method)!;
    }
  };
}
