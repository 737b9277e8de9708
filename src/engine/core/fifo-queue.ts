/**
 * A first-in first-out queue with O(1) push, shift and unshift: an array read from a moving
 * head (compacted once half of it is consumed), plus a stack of items put back in front.
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
}
