/**
 * The text filter being typed, in the status line: the table follows every keystroke,
 * Enter keeps the filter, Esc clears it (keys from the keymap).
 */
import { Box, Text } from 'ink';
import TextInput from 'ink-text-input';
import React from 'react';
import { useKeyHandler } from '../hooks/use-key-handler.js';
import { resolveCommand } from '../keymap.js';
import type { Theme } from '../theme.js';

/** Props of FilterPrompt. */
export interface FilterPromptProps {
  readonly value: string;
  readonly onChange: (text: string) => void;
  readonly onApply: () => void;
  readonly onClear: () => void;
  readonly width: number;
  readonly theme: Theme;
}

/** `/ filter: text▌  Enter keeps · Esc clears`. */
export function FilterPrompt({ value, onChange, onApply, onClear, width, theme }: FilterPromptProps): React.JSX.Element {
  useKeyHandler((input, key) => {
    const command = resolveCommand('filter', input, key, { readOnly: false });
    if (command === 'filter.apply') onApply();
    else if (command === 'filter.clear') onClear();
  });
  return (
    <Box width={width} height={1} overflowY="hidden">
      <Text {...theme.key}>/ </Text>
      <Text>filter: </Text>
      <TextInput value={value} onChange={onChange} placeholder="ID or workflow name" />
      <Text {...theme.muted}> Enter keeps · Esc clears</Text>
    </Box>
  );
}
