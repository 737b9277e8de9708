/**
 * The status line: the outcome of the last action in one sentence (or the action still
 * running), a confirmation question, the filter being typed, or the wait spinner.
 */
import { Box, Text } from 'ink';
import React from 'react';
import type { StatusMessage } from '../app-state.js';
import type { Theme } from '../theme.js';

/** Props of StatusLine. */
export interface StatusLineProps {
  readonly message?: StatusMessage;
  readonly pending?: string;
  readonly width: number;
  readonly theme: Theme;
}

/** One line: the pending action, else the last message, else nothing. */
export function StatusLine({ message, pending, width, theme }: StatusLineProps): React.JSX.Element {
  let content: React.ReactNode = ' ';
  if (pending) {
    content = <Text {...theme.muted}>{pending}</Text>;
  } else if (message) {
    const style = message.tone === 'error' ? theme.error : message.tone === 'success' ? theme.success : theme.info;
    content = <Text {...style}>{message.text}</Text>;
  }
  return (
    <Box width={width} height={1} overflowY="hidden">
      <Text wrap="truncate-end">{content}</Text>
    </Box>
  );
}
