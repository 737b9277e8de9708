/**
 * Subscribes a component to the runtime's log, at most a few times per second, so a chatty
 * workflow cannot make the console redraw for every line.
 */
import { useEffect, useState } from 'react';
import type { LogLine, LogSource } from '../../src/runtime/types.js';

/** How often, at most, new log lines cause a redraw. */
const LOG_REDRAW_MS = 150;

/** The log's retained lines; updated at most every LOG_REDRAW_MS while lines keep coming. */
export function useLogLines(logs: LogSource, isActive = true): readonly LogLine[] {
  const [lines, setLines] = useState<readonly LogLine[]>(() => logs.lines());
  useEffect(() => {
    if (!isActive) return undefined;
    setLines(logs.lines());
    let timer: NodeJS.Timeout | undefined;
    const unsubscribe = logs.subscribe(() => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        setLines(logs.lines());
      }, LOG_REDRAW_MS);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [logs, isActive]);
  return lines;
}
