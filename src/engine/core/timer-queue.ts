/**
 * Durable timers' in-memory side: a min-heap of (due time, instance ID) and one setTimeout
 * armed for the earliest entry. When entries come due the callback gets their instance IDs;
 * never before their due time.
 */

/** The longest delay setTimeout accepts; later timers are re-armed when it elapses. */
const MAX_DELAY_MS = 2 ** 31 - 1;

interface TimerEntry {
  readonly at: number;
  readonly instanceId: string;
}

/** A set of future wake-ups, each for one instance. */
export class TimerQueue {
  private readonly heap: TimerEntry[] = [];
  private handle: NodeJS.Timeout | undefined;
  private armedAt = Infinity;
  private closed = false;

  /** `onDue` receives the instance IDs whose time has come, earliest first. */
  constructor(
    private readonly onDue: (instanceIds: string[]) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** The number of pending entries. */
  get size(): number {
    return this.heap.length;
  }

  /** Wakes `instanceId` at `at` (or as soon as possible when `at` has passed). */
  add(at: number, instanceId: string): void {
    if (this.closed) return;
    this.push({ at, instanceId });
    if (at < this.armedAt) this.arm();
  }

  /** Stops the timer; no more callbacks. */
  close(): void {
    this.closed = true;
    if (this.handle) clearTimeout(this.handle);
    this.handle = undefined;
  }

  private arm(): void {
    if (this.handle) clearTimeout(this.handle);
    this.handle = undefined;
    this.armedAt = Infinity;
    const first = this.heap[0];
    if (!first || this.closed) return;
    const delay = Math.min(Math.max(first.at - this.now(), 0), MAX_DELAY_MS);
    this.armedAt = first.at;
    this.handle = setTimeout(() => this.fire(), delay);
    this.handle.unref?.();
  }

  private fire(): void {
    this.handle = undefined;
    this.armedAt = Infinity;
    const now = this.now();
    const due: string[] = [];
    while (this.heap.length > 0 && this.heap[0]!.at <= now) due.push(this.pop().instanceId);
    this.arm();
    if (due.length > 0) this.onDue(due);
  }

  private push(entry: TimerEntry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.at <= entry.at) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): TimerEntry {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child = right < heap.length && heap[right]!.at < heap[left]!.at ? right : left;
        if (heap[child]!.at >= last.at) break;
        heap[i] = heap[child]!;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}
