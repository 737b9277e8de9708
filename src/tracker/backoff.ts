/**
 * Exponential backoff for a poller whose sidecar stopped answering: the wait doubles with
 * every failure in a row, starting at the normal poll interval, up to a ceiling.
 */

/**
 * The wait before the next attempt after `failures` failed attempts in a row (>= 1):
 * `baseMs * 2^(failures - 1)`, never more than `maxMs` (nor less than `baseMs`).
 */
export function backoffDelay(failures: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.max(baseMs, maxMs);
  if (failures <= 1) return Math.min(baseMs, ceiling);
  const exponent = Math.min(failures - 1, 30);
  return Math.min(baseMs * 2 ** exponent, ceiling);
}
