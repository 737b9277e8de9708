/**
 * The details view: the content lines of details-lines.ts, scrolled to `top`, with only
 * the visible lines rendered, and a scroll position hint when there is more.
 */
import { Box, Text } from 'ink';
import React from 'react';
import type { RuntimeStatus } from '../../src/model/index.js';
import type { Theme, TextStyle } from '../theme.js';
import type { DetailLine, Tone } from './details-lines.js';

/** Props of DetailsView. */
export interface DetailsViewProps {
  readonly lines: readonly DetailLine[];
  readonly top: number;
  readonly height: number;
  readonly width: number;
  readonly status: RuntimeStatus;
  readonly theme: Theme;
}

function toneStyle(tone: Tone, status: RuntimeStatus, theme: Theme): TextStyle {
  switch (tone) {
    case 'heading':
      return theme.heading;
    case 'muted':
      return theme.muted;
    case 'error':
    case 'failed':
      return theme.error;
    case 'status':
      return theme.status(status);
    case 'ok':
      return theme.success;
    case 'open':
      return theme.warning;
    case 'tick':
      return theme.key;
    case 'plain':
      return {};
  }
}

/** The largest useful scroll position for `count` lines in `height` (one line goes to the scroll hint when they do not fit). */
export function maxDetailsTop(count: number, height: number): number {
  return count > height ? count - Math.max(1, height - 1) : 0;
}

/** The visible slice of the details lines. */
export function DetailsView({ lines, top, height, width, status, theme }: DetailsViewProps): React.JSX.Element {
  const first = Math.min(top, maxDetailsTop(lines.length, height));
  const hasMore = lines.length > height;
  const bodyHeight = hasMore ? height - 1 : height;
  const visible = lines.slice(first, first + bodyHeight);
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      {visible.map((line, index) => (
        <Text key={first + index} wrap="truncate-end">
          {line.length === 0 || line.every((segment) => segment.text === '') ? ' ' : null}
          {line.map((segment, part) => (
            <Text key={part} {...toneStyle(segment.tone, status, theme)}>
              {segment.text}
            </Text>
          ))}
        </Text>
      ))}
      {hasMore ? (
        <Text {...theme.muted} wrap="truncate-end">
          {`── lines ${first + 1}-${Math.min(lines.length, first + bodyHeight)} of ${lines.length} · ↑↓ PgUp PgDn scroll ──`}
        </Text>
      ) : null}
    </Box>
  );
}
