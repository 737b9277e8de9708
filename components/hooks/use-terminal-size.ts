/**
 * The terminal's size, following resizes. Tests (and terminals that report nothing) can
 * pass a fixed size.
 */
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

/** A terminal size in cells. */
export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

/** The smallest size the layout is designed for. */
export const MIN_SIZE: TerminalSize = { columns: 80, rows: 24 };

function measure(stdout: NodeJS.WriteStream): TerminalSize {
  return { columns: stdout.columns || MIN_SIZE.columns, rows: stdout.rows || MIN_SIZE.rows };
}

/** The current size: `fixed` when given, else stdout's, updated on every resize. */
export function useTerminalSize(fixed?: TerminalSize): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState<TerminalSize>(() => fixed ?? measure(stdout));
  useEffect(() => {
    if (fixed) {
      setSize(fixed);
      return undefined;
    }
    const onResize = () => setSize(measure(stdout));
    onResize();
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fixed?.columns, fixed?.rows]);
  return fixed ?? size;
}
