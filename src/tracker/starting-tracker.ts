/**
 * The tracker the console shows while the sidecar is still starting: no instances, the
 * connection "connecting", and nothing to refresh. The real tracker replaces it once the
 * sidecar answers; what is asked of this one meanwhile is kept for the real one.
 */
import type { WorkflowInstance } from '../client/types.js';
import type { InstanceTracker, TrackerSnapshot } from './types.js';

const STARTING_SNAPSHOT: TrackerSnapshot = { instances: [], connection: { status: 'connecting', failures: 0 }, version: 0 };

/** An empty tracker that says "connecting". */
export class StartingTracker implements InstanceTracker {
  /** Instances started before the real tracker took over (to track them there). */
  readonly started: string[] = [];

  start(): void {}
  stop(): void {}
  subscribe(): () => void {
    return () => undefined;
  }
  snapshot(): TrackerSnapshot {
    return STARTING_SNAPSHOT;
  }
  track(instanceId: string): void {
    this.started.push(instanceId);
  }
  async watch(): Promise<WorkflowInstance | undefined> {
    return undefined;
  }
  prioritize(): void {}
  select(): void {}
  async refreshNow(): Promise<void> {}
}
