/**
 * Like Ink's useInput, but the handler that runs is always the one from the latest render:
 * a key that arrives right after a frame is drawn (before effects re-subscribe) still sees
 * the state that frame shows.
 */
import { useInput, type Key } from 'ink';
import { useCallback, useRef } from 'react';

/** Calls the latest `handler` for every key while `isActive`. */
export function useKeyHandler(handler: (input: string, key: Key) => void, isActive = true): void {
  const latest = useRef(handler);
  latest.current = handler;
  const stable = useCallback((input: string, key: Key) => latest.current(input, key), []);
  useInput(stable, { isActive });
}
