/**
 * The log pane: the newest lines of the in-process runtime's log (workflow and activity
 * output, the sidecar's and the SDK's lines, as the level filter lets through), each made
 * safe and cut to one line, under a thin title rule that names the filter.
 */
import { Box, Text } from 'ink';
import React, { useMemo } from 'react';
import { lastShownLines, logFilterLabel, type LogFilter } from '../../src/runtime/log-filter.js';
import type { LogLine } from '../../src/runtime/types.js';
import { safeLine } from '../../src/text/safe-text.js';
import { formatClock } from '../format/format-time.js';
import type { Theme } from '../theme.js';

/** Props of LogPane. */
export interface LogPaneProps {
  readonly lines: readonly LogLine[];
  readonly filter: LogFilter;
  /** Lines for log text (the title rule is one more). */
  readonly height: number;
  readonly width: number;
  readonly theme: Theme;
}

/** The title rule and the last `height` log lines. */
export const LogPane = React.memo(function LogPane({ lines, filter, height, width, theme }: LogPaneProps): React.JSX.Element {
  const { lines: visible, shown } = useMemo(() => lastShownLines(lines, filter, height), [lines, filter, height]);
  const title = ` logs: ${logFilterLabel(filter)} (${shown} of ${lines.length}) · L level · l hides `;
  const rule = `──${title}${'─'.repeat(Math.max(0, width - title.length - 2))}`;
  return (
    <Box flexDirection="column" width={width} height={height + 1} overflowY="hidden">
      <Text wrap="truncate-end" {...theme.border}>
        {rule}
      </Text>
      {visible.length === 0 ? (
        <Text {...theme.muted}>{lines.length === 0 ? 'No log lines yet.' : 'No lines at this level yet (L shows more).'}</Text>
      ) : (
        visible.map((line) => (
          <Text key={line.seq} wrap="truncate-end">
            <Text {...theme.muted}>{formatClock(line.time)} </Text>
            <Text {...theme.muted}>{safeLine(line.source).padEnd(8).slice(0, 8)} </Text>
            {/* Cut before drawing: Ink measures every character it is given, not only those shown. */}
            <Text {...theme.logLevel(line.level)}>{safeLine(line.text.slice(0, width * 2)).slice(0, width)}</Text>
          </Text>
        ))
      )}
    </Box>
  );
});
