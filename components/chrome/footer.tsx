/**
 * The footer: key hints for whatever has the keyboard, generated from the keymap and fitted
 * to one line.
 */
import { Box, Text } from 'ink';
import React from 'react';
import { footerHints, type KeyScope } from '../keymap.js';
import type { Theme } from '../theme.js';
import { fitHints } from './fit-hints.js';

/** Props of Footer. */
export interface FooterProps {
  readonly scope: KeyScope;
  readonly readOnly: boolean;
  readonly width: number;
  readonly theme: Theme;
}

/** One line of `key label` hints. */
export const Footer = React.memo(function Footer({ scope, readOnly, width, theme }: FooterProps): React.JSX.Element {
  const hints = fitHints(footerHints(scope, { readOnly }), width);
  return (
    <Box width={width} height={1} overflowY="hidden">
      <Text wrap="truncate-end">
        {hints.map((hint, index) => (
          <React.Fragment key={`${hint.key}-${hint.label}`}>
            {index > 0 ? '  ' : ''}
            <Text {...(hint.isDangerous ? theme.dangerousKey : theme.key)}>{hint.key}</Text>
            <Text> {hint.label}</Text>
          </React.Fragment>
        ))}
      </Text>
    </Box>
  );
});
