/**
 * The connected workers (one per GetWorkItems stream): how many work items each has in
 * flight, which workflow and activity names each is known to lack, and which worker should
 * take the next item (the least loaded one that has room and is not known to lack it).
 */
import type { WorkerSink } from '../engine.js';

/** One connected worker, as the dispatcher tracks it. */
export interface ConnectedWorker {
  readonly workerId: string;
  readonly sink: WorkerSink;
  /** Instance IDs of its in-flight orchestrator items. */
  readonly orchestrators: Set<string>;
  /** Keys of its in-flight activity items. */
  readonly activities: Set<string>;
  /** Names this worker answered "not registered" for. */
  readonly lacksWorkflows: Set<string>;
  readonly lacksActivities: Set<string>;
}

/** The connected workers and their load. */
export class WorkerPool {
  private readonly workers = new Map<string, ConnectedWorker>();
  private nextId = 1;

  /** `capacity`: the most work items one worker gets at once. */
  constructor(private readonly capacity: number) {}

  /** The number of connected workers. */
  get size(): number {
    return this.workers.size;
  }

  /** Registers a worker. */
  add(sink: WorkerSink): ConnectedWorker {
    const worker: ConnectedWorker = {
      workerId: `worker-${this.nextId++}`,
      sink,
      orchestrators: new Set(),
      activities: new Set(),
      lacksWorkflows: new Set(),
      lacksActivities: new Set(),
    };
    this.workers.set(worker.workerId, worker);
    return worker;
  }

  /** Forgets a worker; returns it when it was connected. */
  remove(workerId: string): ConnectedWorker | undefined {
    const worker = this.workers.get(workerId);
    this.workers.delete(workerId);
    return worker;
  }

  /** The worker, when still connected. */
  get(workerId: string): ConnectedWorker | undefined {
    return this.workers.get(workerId);
  }

  /** Every connected worker. */
  all(): IterableIterator<ConnectedWorker> {
    return this.workers.values();
  }

  /** True when some worker has room for another item. */
  hasRoom(): boolean {
    for (const worker of this.workers.values()) if (loadOf(worker) < this.capacity) return true;
    return false;
  }

  /**
   * The least loaded worker with room that `accepts`; `'none-accepts'` when every connected
   * worker refuses (or none is connected), `'busy'` when the ones that accept have no room.
   */
  pick(accepts: (worker: ConnectedWorker) => boolean): ConnectedWorker | 'none-accepts' | 'busy' {
    let best: ConnectedWorker | undefined;
    let anyAccepts = false;
    for (const worker of this.workers.values()) {
      if (!accepts(worker)) continue;
      anyAccepts = true;
      if (loadOf(worker) >= this.capacity) continue;
      if (!best || loadOf(worker) < loadOf(best)) best = worker;
    }
    return best ?? (anyAccepts ? 'busy' : 'none-accepts');
  }
}

/** How many work items the worker has in flight. */
export function loadOf(worker: ConnectedWorker): number {
  return worker.orchestrators.size + worker.activities.size;
}
