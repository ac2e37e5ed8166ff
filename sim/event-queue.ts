/**
 * The pending-event set of the engine, behind one small interface so its data structure can be
 * swapped and measured (`npm run bench -- phold --queue NAME`). Events are ordered by
 * (time, sequence): the sequence is the engine's insertion counter, so ties fire in the order they
 * were scheduled. Here: `TypedHeapQueue`, a binary heap over parallel typed arrays (no object per
 * event, no comparator call), and `FastPriorityQueueQueue`, the `fastpriorityqueue` package over
 * small event objects, the reference it is measured against. radix-heap-queue.ts has the radix
 * heap and `AdaptiveQueue`, the default; queue-kinds.ts names them all.
 */
import FastPriorityQueue from 'fastpriorityqueue';
import { doubled } from './typed-arrays.ts';

/** A scheduled callback; `arg` is handed back to it when it fires. */
export type Handler = (arg: any) => void;

export interface EventQueue {
  readonly size: number;
  push(timeNs: number, seq: number, fn: Handler, arg: unknown): void;
  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number;
  /** Removes the earliest event, leaving its callback, argument and sequence in `fn`, `arg`, `seq`. */
  pop(): void;
  fn: Handler;
  arg: unknown;
  seq: number;
}

export const noop: Handler = () => {};

/**
 * The events' callbacks, arguments and sequence numbers, by slot: a queue orders small numbers
 * (time, slot) and keeps the rest here. Slots are reused last-freed first, so the one a handler
 * gets is still in cache.
 */
export abstract class SlotQueue {
  size = 0;
  fn: Handler = noop;
  arg: unknown = undefined;
  seq = 0;
  protected seqOf = new Float64Array(1024);
  private fns: Handler[] = [];
  private args: unknown[] = [];
  private free = new Int32Array(1024);
  private nFree = 0;
  private nSlots = 0;

  /** A slot holding (fn, arg, seq); counts the event in `size`. */
  protected take(fn: Handler, arg: unknown, seq: number): number {
    let slot: number;
    if (this.nFree > 0) {
      slot = this.free[--this.nFree];
    } else {
      slot = this.nSlots++;
      if (slot === this.seqOf.length) this.growSlots();
    }
    this.fns[slot] = fn;
    this.args[slot] = arg;
    this.seqOf[slot] = seq;
    this.size++;
    return slot;
  }

  /** Hands the slot's event out in `fn`, `arg` and `seq`, and frees the slot. */
  protected release(slot: number): void {
    this.fn = this.fns[slot];
    this.arg = this.args[slot];
    this.seq = this.seqOf[slot];
    this.args[slot] = undefined;
    this.free[this.nFree++] = slot;
    this.size--;
  }

  private growSlots(): void {
    this.seqOf = doubled(this.seqOf);
    this.free = doubled(this.free);
  }
}

/**
 * Binary heap over two typed arrays, event time and slot; the callback, argument and insertion
 * sequence live in the slot, so a heap level costs two cache lines and the sequence is read only on
 * a tie. The popped root is removed lazily: a handler that schedules one event (the common case)
 * puts it in the root's place with a single sift-down instead of a sift-down and a sift-up.
 */
export class TypedHeapQueue extends SlotQueue implements EventQueue {
  /** Entries in `times` and `slots`, counting a popped root not yet removed. */
  private n = 0;
  private rootPopped = false;
  /** The sum of `siftDown`'s look-ahead loads, stored so the compiler keeps them; no meaning. */
  lookAhead = 0;
  private times: Float64Array;
  private slots: Int32Array;

  constructor(initialCapacity = 1024) {
    super();
    this.times = new Float64Array(initialCapacity);
    this.slots = new Int32Array(initialCapacity);
  }

  push(timeNs: number, seq: number, fn: Handler, arg: unknown): void {
    const slot = this.take(fn, arg, seq);
    if (this.rootPopped) {
      this.rootPopped = false;
      this.siftDown(timeNs, seq, slot, this.n);
      return;
    }
    if (this.n === this.times.length) this.growHeap();
    const times = this.times, slots = this.slots, seqOf = this.seqOf;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p];
      if (pt < timeNs || (pt === timeNs && seqOf[slots[p]] < seq)) break;
      times[i] = pt;
      slots[i] = slots[p];
      i = p;
    }
    times[i] = timeNs;
    slots[i] = slot;
  }

  peekTime(): number {
    if (this.rootPopped) this.removeRoot();
    return this.n > 0 ? this.times[0] : Infinity;
  }

  pop(): void {
    if (this.rootPopped) this.removeRoot();
    this.release(this.slots[0]);
    this.rootPopped = true;
  }

  private removeRoot(): void {
    this.rootPopped = false;
    const last = --this.n;
    if (last > 0) {
      const slot = this.slots[last];
      this.siftDown(this.times[last], this.seqOf[slot], slot, last);
    }
  }

  /**
   * Places (t, s, slot) at the root of the heap of `n` entries (Floyd's bottom-up sift): the hole
   * at the root moves down to a leaf, always to the earlier child, and the entry then rises from
   * there, usually a level or two since a new event is mostly among the latest pending. The child
   * is chosen without a branch (`+(rt < ct)`): the comparison is a coin toss a branch predictor
   * misses half the time, a dozen times per pop. With no branch to speculate past, the next
   * levels' loads would wait for each compare; instead each level reads the first and last of its
   * great-grandchildren (eight adjacent entries), so the cache lines two levels down are on
   * their way whichever way the hole goes. Ties go by sequence.
   */
  private siftDown(t: number, s: number, slot: number, n: number): void {
    const times = this.times, slots = this.slots, seqOf = this.seqOf;
    let i = 0, ahead = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const g = 4 * c + 3;
      if (g + 7 < n) ahead += times[g] + times[g + 7] + slots[g] + slots[g + 7];
      if (c + 1 < n) {
        const ct = times[c], rt = times[c + 1];
        if (rt === ct) {
          if (seqOf[slots[c + 1]] < seqOf[slots[c]]) c++;
        } else {
          c += +(rt < ct);
        }
      }
      times[i] = times[c];
      slots[i] = slots[c];
      i = c;
    }
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p];
      if (pt < t || (pt === t && seqOf[slots[p]] < s)) break;
      times[i] = pt;
      slots[i] = slots[p];
      i = p;
    }
    times[i] = t;
    slots[i] = slot;
    this.lookAhead = ahead;
  }

  private growHeap(): void {
    this.times = doubled(this.times);
    this.slots = doubled(this.slots);
  }
}

interface QueuedEvent {
  timeNs: number;
  seq: number;
  fn: Handler;
  arg: unknown;
}

/** The `fastpriorityqueue` package over one object per event. */
export class FastPriorityQueueQueue implements EventQueue {
  fn: Handler = noop;
  arg: unknown = undefined;
  seq = 0;
  private heap = new FastPriorityQueue<QueuedEvent>(
    (a, b) => a.timeNs < b.timeNs || (a.timeNs === b.timeNs && a.seq < b.seq),
  );

  get size(): number {
    return this.heap.size;
  }

  push(timeNs: number, seq: number, fn: Handler, arg: unknown): void {
    this.heap.add({ timeNs, seq, fn, arg });
  }

  peekTime(): number {
    return this.heap.size > 0 ? this.heap.peek()!.timeNs : Infinity;
  }

  pop(): void {
    const e = this.heap.poll()!;
    this.fn = e.fn;
    this.arg = e.arg;
    this.seq = e.seq;
  }
}
