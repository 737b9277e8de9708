/**
 * The instance tracker: which workflow instances the console shows and how fresh they are.
 * No React here; the UI subscribes and renders snapshots.
 */
import { PollingInstanceTracker } from './instance-tracker.js';
import type { InstanceTracker, TrackerOptions } from './types.js';

export type {
  ConnectionState,
  ConnectionStatus,
  InstanceTracker,
  RefreshMode,
  TrackedInstance,
  TrackerOptions,
  TrackerSnapshot,
} from './types.js';

/**
 * Creates a tracker over `client` that polls every `refreshMs` once started, keeps the
 * started and watched IDs in `storeFile` (when given) and reads time from `now`.
 */
export function createTracker(options: TrackerOptions): InstanceTracker {
  return new PollingInstanceTracker(options);
}
