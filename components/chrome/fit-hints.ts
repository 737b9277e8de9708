/**
 * Fits the footer's key hints into one line, pure: hints are kept in keymap order while they
 * fit, and the essential ones (help and quit) are always kept, so every other key stays one
 * `?` away.
 */
import type { KeyHint } from '../keymap.js';

const SEPARATOR = 2;
const ESSENTIAL = new Set(['help', 'quit']);

/** The width one hint takes: `key label`. */
export function hintWidth(hint: KeyHint): number {
  return Array.from(hint.key).length + 1 + Array.from(hint.label).length;
}

/** The hints that fit in `width` cells (two spaces apart), the essential ones always among them, in keymap order. */
export function fitHints(hints: readonly KeyHint[], width: number): KeyHint[] {
  const essential = hints.filter((hint) => ESSENTIAL.has(hint.label));
  let used = essential.reduce((sum, hint) => sum + hintWidth(hint) + SEPARATOR, 0);
  const kept = new Set<KeyHint>(essential);
  for (const hint of hints) {
    if (kept.has(hint)) continue;
    const needed = hintWidth(hint) + SEPARATOR;
    if (used + needed > width + SEPARATOR) break;
    kept.add(hint);
    used += needed;
  }
  return hints.filter((hint) => kept.has(hint));
}
