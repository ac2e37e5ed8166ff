/**
 * `LadderQueue`: a binary heap for the near future in front of buckets for the rest, on the
 * engine's integer clock (a ladder queue with one rung; Tang, Goh & Thng 2005, after Brown's
 * calendar queue, 1988). Events earlier than `lim` wait in a small heap ordered by (time,
 * sequence); later ones are appended, unsorted, to the bucket of their time (buckets of `width`
 * ns, a power of two, from `base`), or, beyond the last bucket, to an unsorted "top" list. When the
 * heap runs dry, the next bucket goes into it whole and `lim` moves one bucket on; when the buckets
 * run out, the top is spread over new buckets, `width` chosen for about PER_BUCKET events each.
 * Every event is so moved a bounded number of times (top to bucket, bucket to heap), the heap
 * stays a few levels deep and in cache, and the order of events is decided only by the heap's
 * (time, sequence) compare: ties fire in insertion order, whatever bucket an event passed through.
 */
import { type EventQueue, type Handler, noop } from './event-queue.ts';
import { doubled } from './typed-arrays.ts';

/** Target events per bucket when it reaches the heap. A choice: measured on PHOLD (bench/PHOLD.md). */
export const PER_BUCKET = 32;
/** At most one bucket per this many events spread from the top (bounds the bucket array). */
const EVENTS_PER_BUCKET_MIN = 4;
/** Times of the top sampled, evenly by position, to estimate its density and its median. */
const SAMPLES = 63;

export class LadderQueue implements EventQueue {
  size = 0;
  fn: Handler = noop;
  arg: unknown = undefined;
  seq = 0;
  /**
   * Per slot, one 32-byte record: [4s] its time, [4s + 1] its sequence, [4s + 2] the next slot of
   * its bucket's chain; and [2s], [2s + 1] of `fa` its callback and argument. A bucket's move to the
   * heap reads the record (one cache line) and touches the callback, so that both are in cache when
   * the event fires. Slots are reused last-freed first.
   */
  private rec = new Float64Array(4 * 1024);
  private fa: unknown[] = [];
  private free = new Int32Array(1024);
  private nFree = 0;
  private nSlots = 0;
  /** Counts callbacks found missing when a bucket moves to the heap (never, in fact): a load the compiler keeps. */
  missing = 0;

  constructor(private readonly perBucket = PER_BUCKET) {}
  /** The near heap: times and slots of the events before `lim`. */
  private hT = new Float64Array(256);
  private hS = new Int32Array(256);
  private hn = 0;
  /** Every event outside the heap is at `lim` or later: `lim` = base + cur × width. */
  private lim = 0;
  private base = 0;
  private width = 1;
  private invWidth = 1;
  private nb = 0;
  private cur = 0;
  /** base + nb × width: events from here on go to the top. */
  private topStart = 0;
  /** First slot of each bucket's chain, -1 when empty. */
  private head = new Int32Array(64).fill(-1);
  private tT = new Float64Array(1024);
  private tS = new Int32Array(1024);
  private tn = 0;
  /** Events popped since the buckets were last spread, and `lim` then: the recent event rate. */
  private popped = 0;
  private spreadAt = 0;
  /** Times the top was spread over new buckets (for tests and benchmarks). */
  spreads = 0;
  private sample = new Float64Array(SAMPLES);

  push(timeNs: number, seq: number, fn: Handler, arg: unknown): void {
    let slot: number;
    if (this.nFree > 0) {
      slot = this.free[--this.nFree];
    } else {
      slot = this.nSlots++;
      if (4 * slot === this.rec.length) this.growSlots();
    }
    const rec = this.rec, fa = this.fa;
    rec[4 * slot] = timeNs;
    rec[4 * slot + 1] = seq;
    fa[2 * slot] = fn;
    fa[2 * slot + 1] = arg;
    this.size++;
    if (timeNs < this.lim) {
      this.heapPush(slot);
    } else if (timeNs < this.topStart) {
      const k = Math.floor((timeNs - this.base) * this.invWidth); // exact: width is a power of two
      rec[4 * slot + 2] = this.head[k];
      this.head[k] = slot;
    } else {
      this.toTop(slot);
    }
  }

  /** Appends the event of `slot` to the top. (Helpers take slots, not times: a time passed to a call that is not inlined is boxed, an allocation per event.) */
  private toTop(slot: number): void {
    if (this.tn === this.tT.length) this.growTop();
    this.tT[this.tn] = this.rec[4 * slot];
    this.tS[this.tn++] = slot;
  }

  peekTime(): number {
    if (this.hn === 0) {
      if (this.size === 0) return Infinity;
      this.refill();
    }
    return this.hT[0];
  }

  pop(): void {
    if (this.hn === 0) this.refill();
    const slot = this.hS[0];
    const last = --this.hn;
    if (last > 0) this.siftDown(this.hS[last], last);
    this.popped++;
    const fa = this.fa;
    this.fn = fa[2 * slot] as Handler;
    this.arg = fa[2 * slot + 1];
    this.seq = this.rec[4 * slot + 1];
    fa[2 * slot + 1] = undefined;
    this.free[this.nFree++] = slot;
    this.size--;
  }

  private growSlots(): void {
    this.rec = doubled(this.rec);
    this.free = doubled(this.free);
  }

  /** The heap is empty and events wait: the next non-empty bucket goes into it, or the top is spread. */
  private refill(): void {
    const head = this.head, rec = this.rec, fa = this.fa;
    while (this.cur < this.nb) {
      const k = this.cur++;
      this.lim = this.base + this.cur * this.width;
      let s = head[k];
      if (s < 0) continue;
      head[k] = -1;
      do {
        const next = rec[4 * s + 2];
        if (fa[2 * s] === undefined) this.missing++;
        this.heapPush(s);
        s = next;
      } while (s >= 0);
      return;
    }
    this.spread();
    this.refill();
  }

  /**
   * Spreads the top (the heap and the buckets are empty) over new buckets from its earliest time.
   * The width is about `perBucket` times the time per event popped since the last spread (at the
   * first spread, per event in the top's earliest quarter, from a sample), a power of two, and at
   * least wide enough that at most n / EVENTS_PER_BUCKET_MIN buckets reach past the sampled median
   * of the top: each spread moves at least about half of the top into buckets, so an event is
   * carried over a few times at most, and one far event (a timer at the end of a run) does not
   * make the buckets wide. Events past the last bucket stay in the top, compacted.
   */
  private spread(): void {
    const tT = this.tT, tS = this.tS, n = this.tn;
    let min = Infinity;
    for (let j = 0; j < n; j++) if (tT[j] < min) min = tT[j];
    const m = Math.min(n, SAMPLES), sample = this.sample;
    for (let i = 0; i < m; i++) sample[i] = tT[Math.floor((i * n) / m)];
    const sorted = sample.subarray(0, m).sort();
    const median = sorted[m >> 1];
    const maxBuckets = Math.max(16, Math.ceil(n / EVENTS_PER_BUCKET_MIN));
    const elapsed = this.lim - this.spreadAt;
    let w: number;
    if (this.popped > 0 && elapsed > 0) {
      w = (elapsed / this.popped) * this.perBucket;
    } else {
      const q = Math.max(1, m >> 2);
      w = ((sorted[q] - min + 1) / ((q * n) / m)) * this.perBucket;
    }
    w = Math.max(w, (median - min + 1) / maxBuckets);
    let width = 1;
    while (width < w) width *= 2;
    let max = -Infinity;
    for (let j = 0; j < n; j++) if (tT[j] > max) max = tT[j];
    const nb = Math.min(Math.floor((max - min) / width) + 1, maxBuckets);
    if (nb > this.head.length) this.head = new Int32Array(Math.max(nb, 2 * this.head.length)).fill(-1);
    this.base = this.lim = this.spreadAt = min;
    this.width = width;
    this.invWidth = 1 / width;
    this.nb = nb;
    this.cur = 0;
    const topStart = (this.topStart = min + nb * width);
    this.popped = 0;
    this.spreads++;
    const head = this.head, rec = this.rec, inv = this.invWidth;
    let kept = 0;
    for (let j = 0; j < n; j++) {
      const t = tT[j], s = tS[j];
      if (t < topStart) {
        const k = Math.floor((t - min) * inv);
        rec[4 * s + 2] = head[k];
        head[k] = s;
      } else {
        tT[kept] = t;
        tS[kept++] = s;
      }
    }
    this.tn = kept;
  }

  private heapPush(slot: number): void {
    if (this.hn === this.hT.length) this.growHeap();
    this.siftUp(this.hn++, slot);
  }

  /** Places the event of `slot` at the root of the heap of n entries: Floyd's bottom-up sift, ties by sequence. */
  private siftDown(slot: number, n: number): void {
    const hT = this.hT, hS = this.hS, rec = this.rec;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n) {
        const ct = hT[c], rt = hT[c + 1];
        if (rt === ct) {
          if (rec[4 * hS[c + 1] + 1] < rec[4 * hS[c] + 1]) c++;
        } else {
          c += +(rt < ct);
        }
      }
      hT[i] = hT[c];
      hS[i] = hS[c];
      i = c;
    }
    this.siftUp(i, slot);
  }

  /** Places the event of `slot` at hole `i` of the heap or above it, ties by sequence. */
  private siftUp(i: number, slot: number): void {
    const hT = this.hT, hS = this.hS, rec = this.rec;
    const t = rec[4 * slot], s = rec[4 * slot + 1];
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = hT[p];
      if (pt < t || (pt === t && rec[4 * hS[p] + 1] < s)) break;
      hT[i] = pt;
      hS[i] = hS[p];
      i = p;
    }
    hT[i] = t;
    hS[i] = slot;
  }

  private growHeap(): void {
    this.hT = doubled(this.hT);
    this.hS = doubled(this.hS);
  }

  private growTop(): void {
    this.tT = doubled(this.tT);
    this.tS = doubled(this.tS);
  }
}
