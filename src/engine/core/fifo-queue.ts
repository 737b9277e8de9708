/**
 * A first-in first-out queue with O(1) push, shift and unshift (a ring of chunks would be
 * overkill here: an array with a moving head, compacted when half of it is consumed).
 */

/** A FIFO queue. */
export class FifoQueue<T> {
  private items: (T | undefined)[] = [];
  private head = 0;
  private readonly front: T[] = [];

  /** The number of queued items. */
  get length(): number {
    return this.items.length - this.head + this.front.length;
  }

  /** Appends at the end. */
  push(item: T): void {
    this.items.push(item);
  }

  /** Puts an item back at the front (it is taken next). */
  unshift(item: T): void {
    this.front.push(item);
  }

  /** Takes the first item, or undefined when empty. */
  shift(): T | undefined {
    if (this.front.length > 0) return this.front.pop();
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Removes and returns every queued item, in order. */
  drain(): T[] {
    const all = [...this.front.reverse(), ...(this.items.slice(this.head) as T[])];
    this.front.length = 0;
    this.items = [];
    this.head = 0;
    return all;
  }
}
