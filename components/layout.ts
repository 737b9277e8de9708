/**
 * How the screen is divided for a terminal size, pure: header, table (or a full pane for
 * details, help and forms), log pane, status line and footer. One line is left free at the
 * bottom so the frame never scrolls the terminal.
 */
import type { TerminalSize } from './hooks/use-terminal-size.js';

/** Heights (in lines) and width of the console's parts. */
export interface ConsoleLayout {
  readonly width: number;
  /** All lines the console draws. */
  readonly height: number;
  readonly header: number;
  /** Lines for table rows (below the column header). */
  readonly tableRows: number;
  /** Lines of log text (0 = pane hidden); the pane takes one more for its title rule. */
  readonly logLines: number;
  /** Lines for a full pane (details, help, forms): everything between header and status line. */
  readonly pane: number;
}

/** Options that change the layout. */
export interface LayoutOptions {
  readonly headerLines: number;
  readonly isLogPaneVisible: boolean;
}

/** The layout for `size`. */
export function computeLayout(size: TerminalSize, options: LayoutOptions): ConsoleLayout {
  const width = Math.max(20, size.columns);
  const height = Math.max(8, size.rows - 1);
  const header = options.headerLines;
  const pane = Math.max(1, height - header - 2);
  let logLines = options.isLogPaneVisible ? Math.min(12, Math.max(3, Math.floor(height * 0.2))) : 0;
  let tableRows = pane - 1 - (logLines > 0 ? logLines + 1 : 0);
  if (tableRows < 3 && logLines > 0) {
    logLines = 0;
    tableRows = pane - 1;
  }
  return { width, height, header, tableRows: Math.max(1, tableRows), logLines, pane };
}
