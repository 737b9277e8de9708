/**
 * A one-line text field, drawn from its value and cursor (kept in the form's state): the
 * window of text around the cursor, the cursor in inverse when the field has focus, and the
 * placeholder when empty. It handles no keys itself; the form routes them (see text-edit.ts).
 */
import { Text } from 'ink';
import React from 'react';
import type { Theme } from '../theme.js';
import { visibleText, type TextEditState } from './text-edit.js';

/** Props of TextField. */
export interface TextFieldProps {
  readonly state: TextEditState;
  readonly isFocused: boolean;
  readonly placeholder?: string;
  /** Cells available for the text. */
  readonly width: number;
  readonly theme: Theme;
}

/** The field's one line. */
export function TextField({ state, isFocused, placeholder, width, theme }: TextFieldProps): React.JSX.Element {
  if (state.value === '' && placeholder) {
    const shown = placeholder.slice(0, Math.max(1, width));
    return isFocused ? (
      <Text wrap="truncate-end">
        <Text inverse>{shown.slice(0, 1)}</Text>
        <Text {...theme.muted}>{shown.slice(1)}</Text>
      </Text>
    ) : (
      <Text {...theme.muted} wrap="truncate-end">
        {shown}
      </Text>
    );
  }
  const shown = visibleText(isFocused ? state : { value: state.value, cursor: 0 }, width);
  if (!isFocused) {
    return <Text wrap="truncate-end">{shown.before + (state.value === '' ? '' : shown.atCursor) + shown.after}</Text>;
  }
  return (
    <Text wrap="truncate-end">
      {shown.before}
      <Text inverse>{shown.atCursor}</Text>
      {shown.after}
    </Text>
  );
}
