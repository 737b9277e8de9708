/**
 * Column widths of the instance table for a terminal width: status, ID and workflow name get
 * what their longest value needs (within bounds), ages are fixed, the preview takes the rest
 * and is dropped when too narrow.
 */

/** Widths of the table's columns (0 = column hidden). Columns are separated by one space. */
export interface TableColumns {
  readonly marker: number;
  readonly status: number;
  readonly id: number;
  readonly name: number;
  readonly age: number;
  readonly updated: number;
  readonly preview: number;
}

const MARKER = 2;
const STATUS = 10;
const AGE = 6;
const UPDATED = 7;
const ID_MIN = 12;
const ID_MAX = 40;
const NAME_MIN = 10;
const NAME_MAX = 32;
const PREVIEW_MIN = 12;

/** Lays out the columns for `width` cells, given the longest ID and workflow name on screen. */
export function layoutColumns(width: number, longestId: number, longestName: number): TableColumns {
  const gaps = 5; // between status|id|name|age|updated
  const fixed = MARKER + STATUS + AGE + UPDATED + gaps;
  let id = Math.min(Math.max(longestId, ID_MIN, 'INSTANCE ID'.length), ID_MAX);
  let name = Math.min(Math.max(longestName, NAME_MIN), NAME_MAX);
  let rest = width - fixed - id - name;
  // Make room for a useful preview by shrinking ID and name towards their minimums.
  while (rest < PREVIEW_MIN + 1 && (id > ID_MIN || name > NAME_MIN)) {
    if (id >= name && id > ID_MIN) id -= 1;
    else if (name > NAME_MIN) name -= 1;
    else id -= 1;
    rest += 1;
  }
  const preview = rest >= PREVIEW_MIN + 1 ? rest - 1 : 0;
  if (preview === 0 && rest > 0) {
    // No preview: give the leftover cells to the ID and the name.
    const extraId = Math.floor(rest / 2);
    id += extraId;
    name += rest - extraId;
  }
  return { marker: MARKER, status: STATUS, id: Math.max(1, id), name: Math.max(1, name), age: AGE, updated: UPDATED, preview };
}
