/**
 * The event loop. Simulated time is an integer number of nanoseconds held in a `number` (exact to
 * 2^53 ns, about 104 days); events fire in (time, insertion order). `schedule` and `at` refuse a
 * negative, fractional or past time with a message naming the value. The loop itself is a dozen
 * lines: take the earliest event, advance the clock, call it.
 */
import type { EventQueue, Handler } from './event-queue.ts';
import { type QueueKind, queueKinds } from './queue-kinds.ts';

export interface RunOptions {
  /** Stop before the first event later than this time (the clock is then set to it). */
  untilNs?: number;
  /** Stop after this many events have fired. */
  maxEvents?: number;
}

export class Simulation {
  /** Current simulated time, ns. */
  now = 0;
  /** Events fired so far. */
  fired = 0;
  private seq = 0;
  private stopped = false;
  private readonly queue: EventQueue;

  constructor(options: { queue?: QueueKind } = {}) {
    this.queue = queueKinds[options.queue ?? 'ladder']();
  }

  /** Events waiting to fire. */
  get pending(): number {
    return this.queue.size;
  }

  /** Runs `fn(arg)` after `delayNs` (an integer >= 0). */
  schedule<A>(delayNs: number, fn: (arg: A) => void, arg?: A): void {
    if (!(delayNs >= 0) || !Number.isSafeInteger(delayNs)) {
      throw new RangeError(`delay must be an integer number of ns >= 0, got ${delayNs}`);
    }
    this.queue.push(this.now + delayNs, this.seq++, fn as Handler, arg);
  }

  /** Runs `fn(arg)` at absolute time `timeNs` (an integer, not in the past). */
  at<A>(timeNs: number, fn: (arg: A) => void, arg?: A): void {
    if (!(timeNs >= this.now) || !Number.isSafeInteger(timeNs)) {
      throw new RangeError(`time must be an integer number of ns >= now (${this.now}), got ${timeNs}`);
    }
    this.queue.push(timeNs, this.seq++, fn as Handler, arg);
  }

  /** Makes `run` return after the event being fired. */
  stop(): void {
    this.stopped = true;
  }

  /** Fires events until none is left, `untilNs` is passed, `maxEvents` have fired or `stop()`. */
  run(options: RunOptions = {}): void {
    const untilNs = options.untilNs ?? Infinity;
    const lastEvent = this.fired + (options.maxEvents ?? Infinity);
    if (!(untilNs >= this.now)) throw new RangeError(`untilNs must be >= now (${this.now}), got ${untilNs}`);
    const queue = this.queue;
    this.stopped = false;
    while (queue.size > 0 && this.fired < lastEvent) {
      const t = queue.peekTime();
      if (t > untilNs) break;
      queue.pop();
      this.now = t;
      this.fired++;
      queue.fn(queue.arg);
      if (this.stopped) return;
    }
    if (untilNs !== Infinity && this.fired < lastEvent && !this.stopped) this.now = untilNs;
  }
}
