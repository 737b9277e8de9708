/**
 * The SDK's logging, sent to a LogBuffer: a `LoggerService` for the SDK's `logger` option,
 * and a logger object shaped like the SDK's internal one (error/warn/info/verbose/debug)
 * for the worker, whose 3.18 version builds its own logger and ignores the option.
 */
import type { LoggerService } from '@dapr/dapr';
import { formatConsoleArgs } from './capture-console.js';
import type { LogBuffer } from './log-buffer.js';
import type { LogLevel } from './types.js';

type LogMethod = (message: unknown, ...optionalParams: unknown[]) => void;

/** The methods the SDK calls on a logger or logger service. */
export interface SdkLogMethods {
  error: LogMethod;
  warn: LogMethod;
  info: LogMethod;
  verbose: LogMethod;
  debug: LogMethod;
}

/**
 * Log methods that append to `buffer` with source `sdk` and the SDK's level (verbose
 * counts as debug), each line prefixed with `prefix` (e.g. `[DurableTask, Worker] `, as
 * the SDK's own logger does).
 */
export function sdkLogMethods(buffer: LogBuffer, prefix = ''): SdkLogMethods {
  const write = (level: LogLevel) => (message: unknown, ...params: unknown[]) => {
    buffer.append(level, 'sdk', prefix + formatConsoleArgs([message, ...params]));
  };
  return { error: write('error'), warn: write('warn'), info: write('info'), verbose: write('debug'), debug: write('debug') };
}

/** A LoggerService (the SDK's `logger.service` option) that writes to `buffer`. */
export function sdkLoggerService(buffer: LogBuffer): LoggerService {
  return sdkLogMethods(buffer);
}
