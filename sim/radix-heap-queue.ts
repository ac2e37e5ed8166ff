/**
 * Event queues for large pending sets: `RadixHeapQueue`, which uses the engine's integer,
 * monotone clock, and `AdaptiveQueue`, the engine's default, which holds events in the binary heap
 * of event-queue.ts while they fit in cache and in the radix heap beyond.
 */
import { type EventQueue, type Handler, noop, SlotQueue, TypedHeapQueue } from './event-queue.ts';
import { doubled } from './typed-arrays.ts';

/** Buckets of `RadixHeapQueue`: 0 holds keys equal to `last`, b > 0 keys whose highest bit differing from `last` is b − 1 (keys < 2^53). */
const RADIX_BUCKETS = 54;
const TWO_32 = 4294967296;

/**
 * Radix heap (Ahuja, Mehlhorn, Orlin & Tarjan 1990) for the engine's monotone integer clock: an
 * event of time t waits in bucket msb(t XOR last) + 1, where `last` is the latest time taken out,
 * and bucket 0 holds the events at `last` itself in arrival order. Taking the next event empties
 * the lowest non-empty bucket: its minimum becomes `last` and the rest move, in order, to lower
 * buckets. Every step is a sequential scan or append (no sift through a tree that has left the
 * cache), and each event moves at most once per bit. Events of equal time are always in one bucket
 * and keep their order through every move, so ties fire in arrival order without comparing
 * sequence numbers (arrival order is sequence order: the engine numbers events as it schedules
 * them, and `AdaptiveQueue` hands events over in (time, sequence) order). An event before `last` (scheduled after `run({untilNs})` stopped in front of
 * a later one) rebuilds the buckets around it.
 */
export class RadixHeapQueue extends SlotQueue implements EventQueue {
  private last = 0;
  /** `last`'s bits above and below 2^32. */
  private lastHi = 0;
  private lastLo = 0;
  private times: Float64Array[] = [];
  private slotsOf: Int32Array[] = [];
  private counts = new Int32Array(RADIX_BUCKETS);
  /** Buckets 1–31 and 32–53 that hold events, one bit each: the lowest is found without a scan. */
  private fullLo = 0;
  private fullHi = 0;
  /** Next event of bucket 0 to fire. */
  private head = 0;

  constructor() {
    super();
    for (let b = 0; b < RADIX_BUCKETS; b++) {
      this.times.push(new Float64Array(16));
      this.slotsOf.push(new Int32Array(16));
    }
  }

  push(timeNs: number, seq: number, fn: Handler, arg: unknown): void {
    if (timeNs < this.last) this.rebase(timeNs);
    this.append(this.bucketOf(timeNs), timeNs, this.take(fn, arg, seq));
  }

  peekTime(): number {
    if (this.counts[0] > this.head) return this.last;
    if (this.size === 0) return Infinity;
    this.refill();
    return this.last;
  }

  pop(): void {
    if (this.counts[0] === this.head) this.refill();
    const slot = this.slotsOf[0][this.head++];
    if (this.head === this.counts[0]) this.head = this.counts[0] = 0;
    this.release(slot);
  }

  private bucketOf(t: number): number {
    if (t === this.last) return 0;
    // t < 2^53, so t / 2^32 < 2^21 and `| 0` truncates it exactly.
    const hi = ((t / TWO_32) | 0) ^ this.lastHi;
    return hi !== 0 ? 64 - Math.clz32(hi) : 32 - Math.clz32((t >>> 0) ^ this.lastLo);
  }

  private setLast(t: number): void {
    this.last = t;
    this.lastHi = (t / TWO_32) | 0;
    this.lastLo = t >>> 0;
  }

  private append(b: number, t: number, slot: number): void {
    const n = this.counts[b];
    if (n === 0 && b > 0) {
      if (b < 32) this.fullLo |= 1 << b;
      else this.fullHi |= 1 << (b - 32);
    }
    if (n === this.times[b].length) this.growBucket(b);
    this.times[b][n] = t;
    this.slotsOf[b][n] = slot;
    this.counts[b] = n + 1;
  }

  /** Bucket 0 is empty and events wait: the lowest non-empty bucket's minimum becomes `last`. */
  private refill(): void {
    const counts = this.counts, lo = this.fullLo;
    let b: number;
    if (lo !== 0) {
      b = 31 - Math.clz32(lo & -lo);
      this.fullLo = lo & (lo - 1);
    } else {
      const hi = this.fullHi;
      b = 63 - Math.clz32(hi & -hi);
      this.fullHi = hi & (hi - 1);
    }
    const times = this.times[b], slots = this.slotsOf[b], n = counts[b];
    let min = times[0];
    for (let j = 1; j < n; j++) if (times[j] < min) min = times[j];
    this.setLast(min);
    counts[b] = 0;
    for (let j = 0; j < n; j++) this.append(this.bucketOf(times[j]), times[j], slots[j]);
  }

  /** Re-files every waiting event, in order, around a new `last` earlier than the current one. */
  private rebase(t: number): void {
    const waiting: number[] = [];
    for (let b = 0; b < RADIX_BUCKETS; b++) {
      for (let j = b === 0 ? this.head : 0; j < this.counts[b]; j++) waiting.push(this.times[b][j], this.slotsOf[b][j]);
      this.counts[b] = 0;
    }
    this.fullLo = this.fullHi = 0;
    this.head = 0;
    this.setLast(t);
    for (let k = 0; k < waiting.length; k += 2) this.append(this.bucketOf(waiting[k]), waiting[k], waiting[k + 1]);
  }

  private growBucket(b: number): void {
    this.times[b] = doubled(this.times[b]);
    this.slotsOf[b] = doubled(this.slotsOf[b]);
  }
}

/** Pending events above which `AdaptiveQueue` moves to the radix heap, and below which it moves back. */
export const RADIX_ABOVE = 131_072;
export const HEAP_BELOW = 32_768;

/**
 * The binary heap while the pending set fits in cache, the radix heap once it does not. PHOLD on
 * the development machine (AMD EPYC, 2 MiB of L2 per core; bench/PHOLD.md, sitting 4) puts the
 * crossover between 100,000 pending events (heap 1.3× faster) and 300,000 (radix 1.2× faster):
 * the heap keeps 20 bytes per event (time and slot in the heap, sequence by slot), 2 MiB at about
 * 100,000 events; beyond, every level of its sift is a cache miss, where the radix heap only scans
 * and appends. The switch hands every event over in (time, sequence)
 * order, so the firing order is the same whichever structure holds them; the gap between the two
 * thresholds keeps a pending count that hovers near one from switching back and forth.
 */
export class AdaptiveQueue implements EventQueue {
  fn: Handler = noop;
  arg: unknown = undefined;
  seq = 0;
  private heap: TypedHeapQueue = new TypedHeapQueue();
  private radix: RadixHeapQueue | null = null;

  constructor(private readonly radixAbove = RADIX_ABOVE, private readonly heapBelow = HEAP_BELOW) {}

  get size(): number {
    return this.radix !== null ? this.radix.size : this.heap.size;
  }

  /** The structure holding the events now. */
  get structure(): 'heap' | 'radix' {
    return this.radix !== null ? 'radix' : 'heap';
  }

  push(timeNs: number, seq: number, fn: Handler, arg: unknown): void {
    if (this.radix !== null) {
      this.radix.push(timeNs, seq, fn, arg);
      return;
    }
    this.heap.push(timeNs, seq, fn, arg);
    if (this.heap.size > this.radixAbove) {
      this.radix = moveAll(this.heap, new RadixHeapQueue());
      this.heap = new TypedHeapQueue(); // its arrays sized for the peak go with the old one
    }
  }

  peekTime(): number {
    return this.radix !== null ? this.radix.peekTime() : this.heap.peekTime();
  }

  pop(): void {
    const q: EventQueue = this.radix ?? this.heap;
    q.pop();
    this.fn = q.fn;
    this.arg = q.arg;
    this.seq = q.seq;
    if (this.radix !== null && this.radix.size < this.heapBelow) {
      moveAll(this.radix, this.heap);
      this.radix = null;
    }
  }
}

/** Moves every event of `from` into `to`, earliest first (ties in sequence order); returns `to`. */
function moveAll<Q extends EventQueue>(from: EventQueue, to: Q): Q {
  while (from.size > 0) {
    const t = from.peekTime();
    from.pop();
    to.push(t, from.seq, from.fn, from.arg);
  }
  return to;
}
