/**
 * Times and durations as the console prints them: compact ages for table cells ("3m12s"),
 * readable durations for waits and timelines ("1.5s", "2m 4s") and local timestamps.
 */

/** A compact age of at most two units, e.g. `42s`, `3m12s`, `5h3m`, `2d4h`; `0s` for the future. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return pair(minutes, 'm', seconds % 60, 's');
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return pair(hours, 'h', minutes % 60, 'm');
  const days = Math.floor(hours / 24);
  return days < 100 ? pair(days, 'd', hours % 24, 'h') : `${days}d`;
}

function pair(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major}${majorUnit}` : `${major}${majorUnit}${minor}${minorUnit}`;
}

/** A duration for people: `350ms`, `1.5s`, `2m 4s`, `1h 2m`. */
export function formatDuration(ms: number): string {
  const value = Math.max(0, ms);
  if (value < 1000) return `${Math.round(value)}ms`;
  if (value < 60_000) return `${(value / 1000).toFixed(value < 10_000 ? 1 : 0)}s`;
  const totalSeconds = Math.round(value / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes}m ${totalSeconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

/** A local timestamp `YYYY-MM-DD HH:MM:SS`. */
export function formatTimestamp(ms: number): string {
  const date = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ` +
    `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`
  );
}

/** A local clock time `HH:MM:SS` (log pane). */
export function formatClock(ms: number): string {
  return formatTimestamp(ms).slice(11);
}
