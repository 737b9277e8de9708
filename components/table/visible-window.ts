/**
 * Cursor and scrolling arithmetic of the instance table, pure: where the cursor lands after
 * a key, where it stays when rows come and go, and which slice of rows is on screen (only
 * those are rendered).
 */

/** A cursor movement. */
export type CursorMove = 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end';

/**
 * The cursor's row: the row with `cursorId` when it is still there, otherwise the row now at
 * `fallbackIndex` (clamped); -1 when there are no rows.
 */
export function resolveCursor(ids: readonly string[], cursorId: string | undefined, fallbackIndex: number): number {
  if (ids.length === 0) return -1;
  if (cursorId !== undefined) {
    const index = ids.indexOf(cursorId);
    if (index >= 0) return index;
  }
  return Math.min(Math.max(0, fallbackIndex), ids.length - 1);
}

/** The row index after `move` (clamped to the rows; -1 when there are none). */
export function moveCursor(index: number, count: number, move: CursorMove, pageSize: number): number {
  if (count === 0) return -1;
  const page = Math.max(1, pageSize);
  const target = {
    up: index - 1,
    down: index + 1,
    pageUp: index - page,
    pageDown: index + page,
    home: 0,
    end: count - 1,
  }[move];
  return Math.min(Math.max(0, target), count - 1);
}

/**
 * The first visible row: moves the previous window as little as possible to keep the cursor
 * visible, and never leaves empty lines at the bottom while rows are hidden above.
 */
export function scrollTop(previousTop: number, cursorIndex: number, height: number, count: number): number {
  if (height <= 0 || count <= height) return 0;
  let top = Math.min(Math.max(0, previousTop), count - height);
  if (cursorIndex >= 0) {
    if (cursorIndex < top) top = cursorIndex;
    else if (cursorIndex >= top + height) top = cursorIndex - height + 1;
  }
  return top;
}
