/**
 * A clock for ages and elapsed times: re-renders the component every `intervalMs` while
 * active. The time source is injectable for tests.
 */
import { useEffect, useState } from 'react';

/** The current time from `clock`, refreshed every `intervalMs` while `isActive`. */
export function useNow(clock: () => number, intervalMs: number, isActive = true): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    if (!isActive) return undefined;
    setNow(clock());
    const timer = setInterval(() => setNow(clock()), intervalMs);
    return () => clearInterval(timer);
  }, [clock, intervalMs, isActive]);
  return now;
}
