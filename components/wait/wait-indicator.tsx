/**
 * The wait-for-completion indicator in the status line: a spinner, the elapsed time and the
 * timeout; Esc stops waiting (key from the keymap). It re-renders itself only.
 */
import { Box, Text } from 'ink';
import React, { useEffect, useState } from 'react';
import { safeLine } from '../../src/text/safe-text.js';
import { formatDuration } from '../format/format-time.js';
import { useKeyHandler } from '../hooks/use-key-handler.js';
import { resolveCommand } from '../keymap.js';
import type { Theme } from '../theme.js';

/** Spinner frames (braille dots), one every SPIN_MS. */
export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const SPIN_MS = 100;

/** Props of WaitIndicator. */
export interface WaitIndicatorProps {
  readonly instanceId: string;
  readonly startedAt: number;
  readonly timeoutMs: number;
  readonly clock: () => number;
  readonly onStop: () => void;
  readonly width: number;
  readonly theme: Theme;
}

/** `⠋ Waiting for order-1 to finish… 3.2s of 60s · Esc stops waiting`. */
export function WaitIndicator({ instanceId, startedAt, timeoutMs, clock, onStop, width, theme }: WaitIndicatorProps): React.JSX.Element {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    const timer = setInterval(() => setNow(clock()), SPIN_MS);
    return () => clearInterval(timer);
  }, [clock]);
  useKeyHandler((input, key) => {
    if (resolveCommand('wait', input, key, { readOnly: false }) === 'wait.stop') onStop();
  });
  const elapsed = Math.max(0, now - startedAt);
  const frame = SPINNER_FRAMES[Math.floor(elapsed / SPIN_MS) % SPINNER_FRAMES.length];
  return (
    <Box width={width} height={1} overflowY="hidden">
      <Text wrap="truncate-end">
        <Text {...theme.key}>{frame}</Text>
        <Text>
          {' '}
          Waiting for {safeLine(instanceId)} to finish… {formatDuration(elapsed)} of {formatDuration(timeoutMs)}
        </Text>
        <Text {...theme.muted}> · Esc stops waiting</Text>
      </Text>
    </Box>
  );
}
