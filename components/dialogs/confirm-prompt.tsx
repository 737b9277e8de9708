/**
 * The confirmation of a dangerous action, shown in the status line: `y` confirms, `n` or Esc
 * cancels (keys from the keymap); nothing else is accepted while it asks.
 */
import { Box, Text } from 'ink';
import { useKeyHandler } from '../hooks/use-key-handler.js';
import React from 'react';
import { footerHints, resolveCommand } from '../keymap.js';
import type { Theme } from '../theme.js';

/** Props of ConfirmPrompt. */
export interface ConfirmPromptProps {
  /** The question, e.g. `Terminate order-1?` (already safe). */
  readonly question: string;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
  readonly width: number;
  readonly theme: Theme;
  readonly isActive?: boolean;
}

/** The question and its keys; handles y / n / Esc. */
export function ConfirmPrompt({ question, onConfirm, onCancel, width, theme, isActive = true }: ConfirmPromptProps): React.JSX.Element {
  useKeyHandler((input, key) => {
    const command = resolveCommand('confirm', input, key, { readOnly: false });
    if (command === 'dialog.confirm') onConfirm();
    else if (command === 'dialog.cancel') onCancel();
  }, isActive);
  const keys = footerHints('confirm', { readOnly: false })
    .map((hint) => `${hint.key} ${hint.label}`)
    .join(', ');
  return (
    <Box width={width} height={1} overflowY="hidden">
      <Text wrap="truncate-end">
        <Text {...theme.dangerousKey}>{question}</Text>
        <Text> ({keys}; n or Esc cancels)</Text>
      </Text>
    </Box>
  );
}
