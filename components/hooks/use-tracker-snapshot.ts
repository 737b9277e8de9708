/**
 * Subscribes a component to the tracker: re-renders when the tracker's snapshot changes,
 * and only then.
 */
import { useSyncExternalStore } from 'react';
import type { InstanceTracker, TrackerSnapshot } from '../../src/tracker/index.js';

/** The tracker's current snapshot; the component re-renders on every change. */
export function useTrackerSnapshot(tracker: InstanceTracker): TrackerSnapshot {
  return useSyncExternalStore(
    (listener) => tracker.subscribe(listener),
    () => tracker.snapshot(),
  );
}
