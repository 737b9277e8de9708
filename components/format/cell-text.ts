/**
 * Fixed-width cells for one-line table rows, pure: how many terminal columns a string takes
 * (wide East Asian characters and emoji count two, combining marks none), and a string cut
 * with an ellipsis and padded to an exact width. Rows built from these need one text node
 * each instead of one box per cell, which keeps every frame cheap.
 */

/** Columns one code point takes in a terminal (0, 1 or 2). */
export function charWidth(codePoint: number): number {
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) return 0;
  if (
    (codePoint >= 0x0300 && codePoint <= 0x036f) ||
    (codePoint >= 0x200b && codePoint <= 0x200f) ||
    (codePoint >= 0xfe00 && codePoint <= 0xfe0f) ||
    (codePoint >= 0x20d0 && codePoint <= 0x20ff)
  ) {
    return 0;
  }
  if (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0x303e) ||
    (codePoint >= 0x3041 && codePoint <= 0x33ff) ||
    (codePoint >= 0x3400 && codePoint <= 0x4dbf) ||
    (codePoint >= 0x4e00 && codePoint <= 0x9fff) ||
    (codePoint >= 0xa000 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1f64f) ||
    (codePoint >= 0x1f900 && codePoint <= 0x1f9ff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/** Columns `text` takes in a terminal (for one-line text without escape sequences). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char.codePointAt(0)!);
  return width;
}

/** `text` cut to `width` columns (ending in `…` when cut) and padded with spaces to exactly `width`. */
export function fitCell(text: string, width: number): string {
  if (width <= 0) return '';
  let used = 0;
  let out = '';
  const total = displayWidth(text);
  if (total <= width) return text + ' '.repeat(width - total);
  for (const char of text) {
    const size = charWidth(char.codePointAt(0)!);
    if (used + size > width - 1) break;
    out += char;
    used += size;
  }
  return `${out}…${' '.repeat(Math.max(0, width - used - 1))}`;
}
