/**
 * Keeps a WaitWatch (history readings that tell which instances wait for an event) fed with
 * the current candidates while it is needed, and re-renders when its readings change.
 */
import { useEffect, useMemo, useState } from 'react';
import type { SidecarClient } from '../../src/client/types.js';
import { WaitWatch, type WaitCandidate } from '../../src/tracker/wait-watch.js';

/** The watch for `client`, updated with `candidates` while `isActive`; the number changes with every new reading. */
export function useWaitWatch(client: SidecarClient, candidates: readonly WaitCandidate[], isActive: boolean): { watch: WaitWatch; version: number } {
  const watch = useMemo(() => new WaitWatch({ client }), [client]);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const unsubscribe = watch.subscribe(() => setVersion(watch.version));
    return () => {
      unsubscribe();
    };
  }, [watch]);
  useEffect(() => () => watch.stop(), [watch]);
  useEffect(() => {
    if (isActive) watch.update(candidates);
  }, [watch, candidates, isActive]);
  return { watch, version };
}
