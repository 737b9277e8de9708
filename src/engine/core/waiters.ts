/**
 * Callers waiting for an instance to reach a condition (started, finished). The engine calls
 * `check` after every change of an instance; each waiter is resolved once, removed when it
 * resolves or its signal aborts, so nothing accumulates.
 */
import type { InstanceRecord } from '../backend.js';

interface Waiter {
  readonly isMet: (record: InstanceRecord) => boolean;
  readonly resolve: (record: InstanceRecord | undefined) => void;
  readonly reject: (reason: unknown) => void;
  readonly dispose: () => void;
}

/** Waiters by instance ID. */
export class WaiterRegistry {
  private readonly byInstance = new Map<string, Set<Waiter>>();

  /** True when someone waits on the instance (lets the engine skip a read otherwise). */
  has(instanceId: string): boolean {
    return this.byInstance.has(instanceId);
  }

  /** Resolves with the record once `isMet` holds for it (checked on each `check`); rejects on abort. */
  wait(instanceId: string, signal: AbortSignal, isMet: (record: InstanceRecord) => boolean): Promise<InstanceRecord | undefined> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(abortReason(signal));
        return;
      }
      const onAbort = () => {
        waiter.dispose();
        reject(abortReason(signal));
      };
      const waiter: Waiter = {
        isMet,
        resolve,
        reject,
        dispose: () => {
          signal.removeEventListener('abort', onAbort);
          const set = this.byInstance.get(instanceId);
          set?.delete(waiter);
          if (set?.size === 0) this.byInstance.delete(instanceId);
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      let set = this.byInstance.get(instanceId);
      if (!set) this.byInstance.set(instanceId, (set = new Set()));
      set.add(waiter);
    });
  }

  /** Resolves the instance's waiters whose condition holds; `undefined` (purged) resolves them all. */
  check(instanceId: string, record: InstanceRecord | undefined): void {
    const set = this.byInstance.get(instanceId);
    if (!set) return;
    for (const waiter of [...set]) {
      if (record === undefined || waiter.isMet(record)) {
        waiter.dispose();
        waiter.resolve(record);
      }
    }
  }

  /** Rejects every waiter (the engine is closing). */
  rejectAll(reason: unknown): void {
    for (const set of [...this.byInstance.values()]) {
      for (const waiter of [...set]) {
        waiter.dispose();
        waiter.reject(reason);
      }
    }
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('The wait was cancelled.');
}
