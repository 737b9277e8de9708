/**
 * The log pane: the newest lines of the in-process runtime's log (SDK, workflow and
 * activity output), each made safe and cut to one line, under a thin title rule.
 */
import { Box, Text } from 'ink';
import React from 'react';
import type { LogLine } from '../../src/runtime/types.js';
import { safeLine } from '../../src/text/safe-text.js';
import { formatClock } from '../format/format-time.js';
import type { Theme } from '../theme.js';

/** Props of LogPane. */
export interface LogPaneProps {
  readonly lines: readonly LogLine[];
  /** Lines for log text (the title rule is one more). */
  readonly height: number;
  readonly width: number;
  readonly theme: Theme;
}

/** The title rule and the last `height` log lines. */
export function LogPane({ lines, height, width, theme }: LogPaneProps): React.JSX.Element {
  const visible = lines.slice(Math.max(0, lines.length - height));
  const title = ` logs (${lines.length}) · l hides `;
  const rule = `──${title}${'─'.repeat(Math.max(0, width - title.length - 2))}`;
  return (
    <Box flexDirection="column" width={width} height={height + 1} overflow="hidden">
      <Text wrap="truncate-end" {...theme.border}>
        {rule}
      </Text>
      {visible.length === 0 ? (
        <Text {...theme.muted}>No log lines yet.</Text>
      ) : (
        visible.map((line) => (
          <Text key={line.seq} wrap="truncate-end">
            <Text {...theme.muted}>{formatClock(line.time)} </Text>
            <Text {...theme.muted}>{safeLine(line.source).padEnd(8).slice(0, 8)} </Text>
            <Text {...theme.logLevel(line.level)}>{safeLine(line.text)}</Text>
          </Text>
        ))
      )}
    </Box>
  );
}
