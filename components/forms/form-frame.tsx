/**
 * The frame of a modal form: a bordered box with a title, the fields, the inline error and
 * the form's keys (from the keymap), plus a labelled field row whose label column is as
 * wide as the longest label and one cell more, so a label never runs into its value.
 */
import { Box, Text } from 'ink';
import React from 'react';
import { footerHints } from '../keymap.js';
import type { Theme } from '../theme.js';

/** The widest a form gets. */
const MAX_FORM_WIDTH = 100;
/** Border and padding, left and right. */
const FRAME_CELLS = 4;
/** The focus marker before a label. */
const MARKER = '› ';

/** The label column's width for these labels: marker, the longest label, and a gap. */
export function labelColumnWidth(labels: readonly string[]): number {
  return MARKER.length + Math.max(0, ...labels.map((label) => Array.from(label).length)) + 1;
}

/** Cells left for a field's value in a form drawn `width` wide with this label column. */
export function fieldWidth(width: number, labelWidth: number): number {
  return Math.max(3, Math.min(width, MAX_FORM_WIDTH) - FRAME_CELLS - labelWidth);
}

/** Props of FormFrame. */
export interface FormFrameProps {
  readonly title: string;
  readonly error?: string;
  /** A passing remark, shown muted where the error would be. */
  readonly note?: string;
  readonly busyText?: string;
  readonly width: number;
  readonly theme: Theme;
  readonly children: React.ReactNode;
}

/** The bordered form. */
export function FormFrame({ title, error, note, busyText, width, theme, children }: FormFrameProps): React.JSX.Element {
  const keys = footerHints('form', { readOnly: false })
    .map((hint) => `${hint.key} ${hint.label}`)
    .join(' · ');
  return (
    <Box flexDirection="column" width={Math.min(width, MAX_FORM_WIDTH)} borderStyle="round" {...(theme.hasColor ? { borderColor: 'cyan' } : {})} paddingX={1}>
      <Text {...theme.heading}>{title}</Text>
      {children}
      {error ? (
        <Text {...theme.error} wrap="wrap">
          {error}
        </Text>
      ) : note ? (
        <Text {...theme.muted} wrap="wrap">
          {note}
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
  /** From labelColumnWidth over the form's labels. */
  readonly labelWidth: number;
  readonly isFocused: boolean;
  readonly hasError?: boolean;
  readonly theme: Theme;
  readonly children: React.ReactNode;
}

/** A label column and the field; the focused field's label is marked. */
export function FieldRow({ label, labelWidth, isFocused, hasError, theme, children }: FieldRowProps): React.JSX.Element {
  const labelStyle = hasError ? theme.error : isFocused ? theme.key : theme.muted;
  return (
    <Box flexDirection="row" marginTop={1}>
      <Box width={Math.max(1, labelWidth - 1)} flexShrink={0} overflow="hidden">
        <Text {...labelStyle} wrap="truncate-end">
          {isFocused ? MARKER : '  '}
          {label}
        </Text>
      </Box>
      <Box width={1} flexShrink={0} />
      <Box flexGrow={1} flexShrink={1} flexDirection="column" overflow="hidden">
        {children}
      </Box>
    </Box>
  );
}
