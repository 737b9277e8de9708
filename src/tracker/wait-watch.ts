/**
 * Reads the histories of a bounded set of instances to tell which wait for an external event
 * (see awaiting-event.ts) and which event names were raised on instances of each workflow.
 * A history only changes when its instance does, so each is fetched once per
 * `lastUpdatedAt`; at most `maxCandidates` are considered per update and `concurrency`
 * fetched at once. No React here: the UI subscribes and reads.
 */
import { UnsupportedBySidecarError } from '../client/errors.js';
import type { SidecarClient } from '../client/types.js';
import type { RuntimeStatus } from '../model/index.js';
import { classifyWait, raisedEventNames, type WaitState } from './awaiting-event.js';
import { boundedMap } from './bounded-map.js';

/** An instance whose history may be read. */
export interface WaitCandidate {
  readonly instanceId: string;
  readonly name: string;
  readonly status: RuntimeStatus;
  readonly lastUpdatedAt: number;
}

/** What one history said, as of `lastUpdatedAt`. */
export interface WaitReading {
  readonly instanceId: string;
  readonly workflowName: string;
  readonly lastUpdatedAt: number;
  readonly state: WaitState;
  /** Event names raised on the instance, first seen first. */
  readonly raised: readonly string[];
}

/** Options of WaitWatch. */
export interface WaitWatchOptions {
  readonly client: SidecarClient;
  /** At most this many candidates per update (default 100); the rest are ignored until on screen. */
  readonly maxCandidates?: number;
  /** History reads in flight at once (default 4). */
  readonly concurrency?: number;
}

/** The live readings of instance histories. */
export class WaitWatch {
  readonly #client: SidecarClient;
  readonly #maxCandidates: number;
  readonly #concurrency: number;
  #readings = new Map<string, WaitReading>();
  #wanted: WaitCandidate[] = [];
  #isRunning = false;
  #isStopped = false;
  #listeners = new Set<() => void>();
  #version = 0;
  /** Set when the sidecar cannot serve histories (then nothing more is asked). */
  unsupported: UnsupportedBySidecarError | undefined;

  constructor(options: WaitWatchOptions) {
    this.#client = options.client;
    this.#maxCandidates = options.maxCandidates ?? 100;
    this.#concurrency = options.concurrency ?? 4;
  }

  /**
   * Names the instances to read (first ones first). Readings of instances no longer named
   * are dropped; those whose `lastUpdatedAt` moved are read again.
   */
  update(candidates: readonly WaitCandidate[]): void {
    if (this.#isStopped) return;
    const chosen = candidates.slice(0, this.#maxCandidates);
    const names = new Set(chosen.map((candidate) => candidate.instanceId));
    let dropped = false;
    for (const id of this.#readings.keys()) {
      if (!names.has(id)) {
        this.#readings.delete(id);
        dropped = true;
      }
    }
    if (dropped) this.#changed();
    this.#wanted = chosen.filter((candidate) => this.#readings.get(candidate.instanceId)?.lastUpdatedAt !== candidate.lastUpdatedAt);
    void this.#drain();
  }

  /** The reading of an instance, if its history has been read. */
  reading(instanceId: string): WaitReading | undefined {
    return this.#readings.get(instanceId);
  }

  /** Event names raised on instances of `workflowName` among the readings, most common first. */
  raisedFor(workflowName: string): string[] {
    const counts = new Map<string, { name: string; count: number }>();
    for (const reading of this.#readings.values()) {
      if (reading.workflowName !== workflowName) continue;
      for (const name of reading.raised) {
        const entry = counts.get(name.toLowerCase()) ?? { name, count: 0 };
        entry.count += 1;
        counts.set(name.toLowerCase(), entry);
      }
    }
    return [...counts.values()].sort((a, b) => b.count - a.count).map((entry) => entry.name);
  }

  /** Grows with every change. */
  get version(): number {
    return this.#version;
  }

  /** Calls `listener` after readings change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops reading; in-flight reads are discarded. */
  stop(): void {
    this.#isStopped = true;
    this.#listeners.clear();
  }

  async #drain(): Promise<void> {
    if (this.#isRunning || this.unsupported) return;
    this.#isRunning = true;
    try {
      while (this.#wanted.length > 0 && !this.#isStopped && !this.unsupported) {
        const batch = this.#wanted;
        this.#wanted = [];
        const results = await boundedMap(batch, this.#concurrency, (candidate) => this.#client.history(candidate.instanceId), () => this.#isStopped);
        if (this.#isStopped) return;
        let changed = false;
        results.forEach((result, index) => {
          const candidate = batch[index]!;
          if (!result) return;
          if ('error' in result) {
            if (result.error instanceof UnsupportedBySidecarError) {
              this.unsupported = result.error;
              changed = true;
            }
            return;
          }
          this.#readings.set(candidate.instanceId, {
            instanceId: candidate.instanceId,
            workflowName: candidate.name,
            lastUpdatedAt: candidate.lastUpdatedAt,
            state: classifyWait(candidate.status, result.value),
            raised: raisedEventNames(result.value),
          });
          changed = true;
        });
        if (changed) this.#changed();
      }
    } finally {
      this.#isRunning = false;
    }
  }

  #changed(): void {
    this.#version += 1;
    for (const listener of [...this.#listeners]) {
      try {
        listener();
      } catch {
        // One failing listener must not stop the others.
      }
    }
  }
}
