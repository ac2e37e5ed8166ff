/**
 * kube-proxy's BoundedFrequencyRunner (k8s.io/kubernetes pkg/util/async) in simulated time: a
 * function run on request, at most `burstRuns` times back to back and otherwise no more often
 * than a token bucket refilled every `minIntervalNs` allows, and at least every `maxIntervalNs`.
 * As in Go: `run()` while the function runs is remembered once (a channel of one) and handled
 * when it returns; a refused `run()` arms the timer for lastRun + minInterval (lastRun is when the
 * function last *returned*); after every run the timer is reset to maxInterval. The function here
 * takes simulated time, so it receives a `done` callback. Known simplification: the Go runner's
 * retry path (RetryAfter) is not modelled.
 */
import type { Simulation } from '../../sim/index.ts';

export interface RunnerTiming {
  /** minSyncPeriod: spacing the token bucket enforces, ns (0 = no limit). */
  minIntervalNs: number;
  /** syncPeriod: the longest time between runs, ns. */
  maxIntervalNs: number;
  /** Runs allowed back to back (the bucket's capacity); kube-proxy uses 2. */
  burstRuns: number;
}

export class BoundedFrequencyRunner {
  /** Whether the function is running now. */
  running = false;
  /** When the timer fires next, ns. */
  timerAtNs = Infinity;
  /** When the function last returned, ns (may be negative: before the simulation started). */
  lastRunNs: number;
  private requested = false;
  private timerGeneration = 0;
  /** Tokens in the bucket at `tokensAtNs`, in ns of refill (one token = minIntervalNs). */
  private tokenNs: number;
  private tokensAtNs: number;

  constructor(
    private readonly sim: Simulation,
    private readonly timing: RunnerTiming,
    private readonly fn: (done: () => void) => void,
    lastRunNs = sim.now,
  ) {
    if (!(timing.burstRuns >= 1)) throw new RangeError(`burstRuns must be >= 1, got ${timing.burstRuns}`);
    this.lastRunNs = lastRunNs;
    this.tokenNs = timing.burstRuns * timing.minIntervalNs;
    this.tokensAtNs = sim.now;
    this.resetTimer(Math.max(sim.now, lastRunNs + timing.maxIntervalNs));
  }

  /** A new process's runner: the bucket full again (kube-proxy restarted). */
  refill(): void {
    this.tokenNs = this.timing.burstRuns * this.timing.minIntervalNs;
    this.tokensAtNs = this.sim.now;
  }

  /** Asks for a run (Go: Run()). */
  run(): void {
    if (this.running) this.requested = true;
    else this.tryRun();
  }

  /**
   * The earliest time >= `atNs` at which `run()` would change anything: start the function or
   * arm the timer earlier. Infinity when the timer or the running function covers it anyway.
   */
  effectiveRunNs(atNs: number): number {
    if (this.running) return Infinity;
    if (this.tokensAt(atNs) >= this.timing.minIntervalNs) return atNs < this.timerAtNs ? atNs : Infinity;
    if (this.lastRunNs + this.timing.minIntervalNs < this.timerAtNs) return atNs;
    const ready = Math.max(atNs, this.tokenReadyNs());
    return ready < this.timerAtNs ? ready : Infinity;
  }

  private tokensAt(tNs: number): number {
    const cap = this.timing.burstRuns * this.timing.minIntervalNs;
    return Math.min(cap, this.tokenNs + (tNs - this.tokensAtNs));
  }

  private tokenReadyNs(): number {
    return this.tokensAtNs + Math.max(0, this.timing.minIntervalNs - this.tokenNs);
  }

  private tryAccept(): boolean {
    const now = this.sim.now;
    const tokens = this.tokensAt(now);
    if (tokens < this.timing.minIntervalNs) return false;
    this.tokenNs = tokens - this.timing.minIntervalNs;
    this.tokensAtNs = now;
    return true;
  }

  private tryRun(): void {
    const now = this.sim.now;
    if (this.tryAccept()) {
      this.running = true;
      this.timerGeneration++;
      this.timerAtNs = Infinity;
      this.fn(this.finished);
      return;
    }
    const nextPossibleNs = Math.max(this.lastRunNs + this.timing.minIntervalNs, this.tokenReadyNs());
    this.resetTimer(Math.max(now, Math.min(this.timerAtNs, nextPossibleNs)));
  }

  private readonly finished = (): void => {
    this.running = false;
    this.lastRunNs = this.sim.now;
    this.resetTimer(this.sim.now + this.timing.maxIntervalNs);
    if (this.requested) {
      this.requested = false;
      this.tryRun();
    }
  };

  private resetTimer(atNs: number): void {
    this.timerAtNs = atNs;
    this.sim.at(atNs, this.fire, ++this.timerGeneration);
  }

  private readonly fire = (generation: number): void => {
    if (generation === this.timerGeneration) this.tryRun();
  };
}
