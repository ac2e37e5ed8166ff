/**
 * The pending-event set of the engine, behind one small interface so its data structure can be
 * swapped and measured (`npm run bench -- phold --queue NAME`). Events are ordered by
 * (time, sequence): the sequence is the engine's insertion counter, so ties fire in the order they
 * were scheduled. Two implementations: `TypedHeapQueue`, a binary heap over parallel typed arrays
 * (the default: no object per event, no comparator call), and `FastPriorityQueueQueue`, the
 * `fastpriorityqueue` package over small event objects (the reference it is measured against).
 */
import FastPriorityQueue from 'fastpriorityqueue';

/** A scheduled callback; `arg` is handed back to it when it fires. */
export type Handler = (arg: any) => void;

export interface EventQueue {
  readonly size: number;
  push(timeNs: number, seq: number, fn: Handler, arg: unknown): void;
  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number;
  /** Removes the earliest event, leaving its callback and argument in `fn` and `arg`. */
  pop(): void;
  fn: Handler;
  arg: unknown;
}

const noop: Handler = () => {};

/** Binary heap keyed by parallel Float64Arrays of time and sequence; callbacks live in slots. */
export class TypedHeapQueue implements EventQueue {
  size = 0;
  fn: Handler = noop;
  arg: unknown = undefined;
  private times: Float64Array;
  private seqs: Float64Array;
  private slots: Int32Array;
  private fns: Handler[] = [];
  private args: unknown[] = [];
  private free: number[] = [];

  constructor(initialCapacity = 1024) {
    this.times = new Float64Array(initialCapacity);
    this.seqs = new Float64Array(initialCapacity);
    this.slots = new Int32Array(initialCapacity);
  }

  push(timeNs: number, seq: number, fn: Handler, arg: unknown): void {
    let slot: number;
    if (this.free.length > 0) {
      slot = this.free.pop()!;
      this.fns[slot] = fn;
      this.args[slot] = arg;
    } else {
      slot = this.fns.length;
      this.fns.push(fn);
      this.args.push(arg);
    }
    if (this.size === this.times.length) this.grow();
    const times = this.times, seqs = this.seqs, slots = this.slots;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p];
      if (pt < timeNs || (pt === timeNs && seqs[p] < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[p];
      slots[i] = slots[p];
      i = p;
    }
    times[i] = timeNs;
    seqs[i] = seq;
    slots[i] = slot;
  }

  peekTime(): number {
    return this.size > 0 ? this.times[0] : Infinity;
  }

  pop(): void {
    const times = this.times, seqs = this.seqs, slots = this.slots;
    const top = slots[0];
    this.fn = this.fns[top];
    this.arg = this.args[top];
    this.args[top] = undefined;
    this.free.push(top);
    const n = --this.size;
    if (n === 0) return;
    const t = times[n], s = seqs[n], slot = slots[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && (times[r] < times[c] || (times[r] === times[c] && seqs[r] < seqs[c]))) c = r;
      const ct = times[c];
      if (t < ct || (t === ct && s < seqs[c])) break;
      times[i] = ct;
      seqs[i] = seqs[c];
      slots[i] = slots[c];
      i = c;
    }
    times[i] = t;
    seqs[i] = s;
    slots[i] = slot;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const times = new Float64Array(cap), seqs = new Float64Array(cap), slots = new Int32Array(cap);
    times.set(this.times);
    seqs.set(this.seqs);
    slots.set(this.slots);
    this.times = times;
    this.seqs = seqs;
    this.slots = slots;
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
  }
}

export const queueKinds = {
  'typed-heap': () => new TypedHeapQueue(),
  fastpriorityqueue: () => new FastPriorityQueueQueue(),
} as const;

export type QueueKind = keyof typeof queueKinds;
