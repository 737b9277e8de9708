/**
 * How the console looks: colours and emphasis per instance status and per kind of message,
 * with NO_COLOR respected (no colours at all, only bold/inverse/dim, which NO_COLOR allows).
 * Suspended instances stand out in both modes.
 */
import type { TextProps } from 'ink';
import type { RuntimeStatus } from '../src/model/index.js';

/** Text styles the views spread onto Ink's `<Text>`. */
export type TextStyle = Pick<TextProps, 'color' | 'backgroundColor' | 'bold' | 'dimColor' | 'inverse' | 'underline'>;

/** True unless NO_COLOR is set to a non-empty value (https://no-color.org). */
export function isColorEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env['NO_COLOR'];
  return value === undefined || value === '';
}

/** The console's palette; build it once with `createTheme`. */
export interface Theme {
  readonly hasColor: boolean;
  status(status: RuntimeStatus): TextStyle;
  /** A short label for a status, as wide as the status column allows. */
  statusLabel(status: RuntimeStatus): string;
  readonly selectedRow: TextStyle;
  readonly heading: TextStyle;
  readonly muted: TextStyle;
  readonly key: TextStyle;
  readonly dangerousKey: TextStyle;
  readonly success: TextStyle;
  readonly error: TextStyle;
  readonly warning: TextStyle;
  readonly info: TextStyle;
  readonly border: TextStyle;
  logLevel(level: 'debug' | 'info' | 'warn' | 'error'): TextStyle;
}

const STATUS_COLORS: Record<RuntimeStatus, string> = {
  RUNNING: 'cyan',
  PENDING: 'blue',
  SUSPENDED: 'yellow',
  COMPLETED: 'green',
  FAILED: 'red',
  TERMINATED: 'magenta',
  CANCELED: 'gray',
  CONTINUED_AS_NEW: 'cyan',
  STALLED: 'yellowBright',
};

const STATUS_LABELS: Record<RuntimeStatus, string> = {
  RUNNING: 'RUNNING',
  PENDING: 'PENDING',
  SUSPENDED: 'SUSPENDED',
  COMPLETED: 'COMPLETED',
  FAILED: 'FAILED',
  TERMINATED: 'TERMINATED',
  CANCELED: 'CANCELED',
  CONTINUED_AS_NEW: 'CONTINUED',
  STALLED: 'STALLED',
};

/** Builds the theme; colours only when `hasColor`. */
export function createTheme(hasColor: boolean = isColorEnabled()): Theme {
  const color = (name: string): TextStyle => (hasColor ? { color: name } : {});
  return {
    hasColor,
    status(status) {
      if (status === 'SUSPENDED') return hasColor ? { color: 'black', backgroundColor: 'yellow', bold: true } : { inverse: true, bold: true };
      if (status === 'FAILED') return { ...color(STATUS_COLORS[status]), bold: true };
      // Stalled waits for a matching worker: its own colour, underlined so it reads without colour too.
      if (status === 'STALLED') return { ...color(STATUS_COLORS[status]), bold: true, underline: true };
      if (status === 'CANCELED' || status === 'PENDING') return hasColor ? color(STATUS_COLORS[status]) : { dimColor: true };
      return color(STATUS_COLORS[status]);
    },
    statusLabel: (status) => STATUS_LABELS[status],
    selectedRow: { inverse: true },
    heading: { bold: true },
    muted: { dimColor: true },
    key: hasColor ? { color: 'cyan', bold: true } : { bold: true },
    dangerousKey: hasColor ? { color: 'red', bold: true } : { bold: true, underline: true },
    success: color('green'),
    error: hasColor ? { color: 'red', bold: true } : { bold: true },
    warning: hasColor ? { color: 'yellow' } : { bold: true },
    info: {},
    border: hasColor ? { color: 'gray' } : { dimColor: true },
    logLevel(level) {
      if (level === 'error') return hasColor ? { color: 'red' } : { bold: true };
      if (level === 'warn') return color('yellow');
      if (level === 'debug') return { dimColor: true };
      return {};
    },
  };
}
