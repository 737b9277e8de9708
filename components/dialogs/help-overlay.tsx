/**
 * The `?` help overlay: every key of the keymap with its description, grouped, generated from
 * the keymap (read-only mode lists no lifecycle actions). Scrolls when the terminal is short.
 */
import { Box, Text } from 'ink';
import React from 'react';
import { helpSections } from '../keymap.js';
import type { Theme } from '../theme.js';

/** Props of HelpOverlay. */
export interface HelpOverlayProps {
  readonly readOnly: boolean;
  readonly top: number;
  readonly height: number;
  readonly width: number;
  readonly theme: Theme;
}

type HelpLine = { kind: 'title'; text: string } | { kind: 'entry'; keys: string; text: string; isDangerous: boolean } | { kind: 'blank' };

/** All lines of the help text. */
export function helpLines(readOnly: boolean): HelpLine[] {
  const lines: HelpLine[] = [];
  for (const section of helpSections({ readOnly })) {
    if (lines.length > 0) lines.push({ kind: 'blank' });
    lines.push({ kind: 'title', text: section.title });
    for (const entry of section.entries) {
      lines.push({ kind: 'entry', keys: entry.keys, text: entry.description, isDangerous: entry.isDangerous });
    }
  }
  if (readOnly) {
    lines.push({ kind: 'blank' });
    lines.push({ kind: 'title', text: 'Read-only: start, pause, resume, terminate, purge and events are off.' });
  }
  return lines;
}

/** The help text, scrolled to `top`. */
export function HelpOverlay({ readOnly, top, height, width, theme }: HelpOverlayProps): React.JSX.Element {
  const lines = helpLines(readOnly);
  const bodyHeight = Math.max(1, height - 2);
  const first = Math.min(Math.max(0, top), Math.max(0, lines.length - bodyHeight));
  const keyWidth = 16;
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Text {...theme.heading}>Keys {lines.length > bodyHeight ? '(↑↓ scroll)' : ''}</Text>
      {lines.slice(first, first + bodyHeight).map((line, index) => {
        if (line.kind === 'blank') return <Text key={first + index}> </Text>;
        if (line.kind === 'title') {
          return (
            <Text key={first + index} {...theme.heading} wrap="truncate-end">
              {line.text}
            </Text>
          );
        }
        return (
          <Box key={first + index} flexDirection="row" height={1}>
            <Box width={keyWidth} flexShrink={0}>
              <Text {...(line.isDangerous ? theme.dangerousKey : theme.key)} wrap="truncate-end">
                {`  ${line.keys}`}
              </Text>
            </Box>
            <Text wrap="truncate-end">{line.text}</Text>
          </Box>
        );
      })}
      <Text {...theme.muted}>Esc, ? or q closes this help.</Text>
    </Box>
  );
}
