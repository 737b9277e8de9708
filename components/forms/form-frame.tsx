/**
 * The frame of a modal form: a bordered box with a title, the fields, the inline error and
 * the form's keys (from the keymap), plus a labelled field row.
 */
import { Box, Text } from 'ink';
import React from 'react';
import { footerHints } from '../keymap.js';
import type { Theme } from '../theme.js';

/** Props of FormFrame. */
export interface FormFrameProps {
  readonly title: string;
  readonly error?: string;
  readonly busyText?: string;
  readonly width: number;
  readonly theme: Theme;
  readonly children: React.ReactNode;
}

/** The bordered form. */
export function FormFrame({ title, error, busyText, width, theme, children }: FormFrameProps): React.JSX.Element {
  const keys = footerHints('form', { readOnly: false })
    .map((hint) => `${hint.key} ${hint.label}`)
    .join(' · ');
  return (
    <Box flexDirection="column" width={Math.min(width, 100)} borderStyle="round" {...(theme.hasColor ? { borderColor: 'cyan' } : {})} paddingX={1}>
      <Text {...theme.heading}>{title}</Text>
      {children}
      {error ? (
        <Text {...theme.error} wrap="wrap">
          {error}
        </Text>
      ) : null}
      {busyText ? <Text {...theme.muted}>{busyText}</Text> : null}
      <Text {...theme.muted} wrap="truncate-end">
        {keys}
      </Text>
    </Box>
  );
}

/** Props of FieldRow. */
export interface FieldRowProps {
  readonly label: string;
  readonly isFocused: boolean;
  readonly hasError?: boolean;
  readonly theme: Theme;
  readonly children: React.ReactNode;
}

/** A label column and the field; the focused field's label is marked. */
export function FieldRow({ label, isFocused, hasError, theme, children }: FieldRowProps): React.JSX.Element {
  const labelStyle = hasError ? theme.error : isFocused ? theme.key : theme.muted;
  return (
    <Box flexDirection="row" marginTop={1}>
      <Box width={16} flexShrink={0}>
        <Text {...labelStyle}>
          {isFocused ? '› ' : '  '}
          {label}
        </Text>
      </Box>
      <Box flexGrow={1} flexDirection="column">
        {children}
      </Box>
    </Box>
  );
}
