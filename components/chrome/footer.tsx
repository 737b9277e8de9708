/**
 * The footer: key hints for whatever has the keyboard, generated from the keymap and fitted
 * to one line, and, when the tracker polls (a sidecar without a change feed, such as
 * daprd), a short note on how fresh the rows off screen are.
 */
import { Box, Text } from 'ink';
import React from 'react';
import { footerHints, type KeyScope } from '../keymap.js';
import { formatDuration } from '../format/format-time.js';
import type { Theme } from '../theme.js';
import { fitHints } from './fit-hints.js';

/** Props of Footer. */
export interface FooterProps {
  readonly scope: KeyScope;
  readonly readOnly: boolean;
  readonly width: number;
  readonly theme: Theme;
  /** Shown at the right end when there is room (see refreshNote). */
  readonly note?: string;
}

/** The footer's note on freshness: only while polling, with how long a sweep of the rows off screen takes. */
export function refreshNote(refreshMode: 'change-feed' | 'polling' | undefined, sweepMs: number | undefined): string | undefined {
  if (refreshMode !== 'polling' || sweepMs === undefined) return undefined;
  return `polling: rows on screen every refresh, others within ~${formatDuration(sweepMs)}`;
}

/** One line of `key label` hints. */
export const Footer = React.memo(function Footer({ scope, readOnly, width, theme, note }: FooterProps): React.JSX.Element {
  const all = footerHints(scope, { readOnly });
  // The note gives way to the hints on a narrow terminal.
  const noteWidth = note === undefined ? 0 : note.length + 2;
  const hasNote = note !== undefined && fitHints(all, width - noteWidth).length === fitHints(all, width).length;
  const hints = fitHints(all, hasNote ? width - noteWidth : width);
  return (
    <Box width={width} height={1} overflowY="hidden" justifyContent="space-between">
      <Text wrap="truncate-end">
        {hints.map((hint, index) => (
          <React.Fragment key={`${hint.key}-${hint.label}`}>
            {index > 0 ? '  ' : ''}
            <Text {...(hint.isDangerous ? theme.dangerousKey : theme.key)}>{hint.key}</Text>
            <Text> {hint.label}</Text>
          </React.Fragment>
        ))}
      </Text>
      {hasNote ? <Text dimColor>{note}</Text> : null}
    </Box>
  );
});
