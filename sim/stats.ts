/**
 * Statistics collectors: latency distributions on `hdr-histogram-js` (3 significant digits, values
 * in integer ns, exact mean kept beside), counters, time-weighted averages of a level (queue
 * length, table occupancy) and the time-weighted distribution of an integer level (how long a
 * queue held each length). Collectors know nothing of what they measure.
 */
import * as hdr from 'hdr-histogram-js';

/** A distribution's statistics; every one is null when nothing was recorded (count 0): an empty
 *  distribution has no median, and 0 would read as "instant". */
export interface Summary {
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  p999: number | null;
  max: number | null;
  count: number;
}

export class LatencyRecorder {
  private readonly histogram = hdr.build({ lowestDiscernibleValue: 1, numberOfSignificantValueDigits: 3 });
  private sum = 0;

  get count(): number {
    return this.histogram.totalCount;
  }

  /** Records one value, integer ns >= 0. */
  record(valueNs: number): void {
    this.histogram.recordValue(valueNs);
    this.sum += valueNs;
  }

  /** Mean and percentiles divided by `unitNs` (1e6 gives ms). All null when nothing was recorded. */
  summary(unitNs = 1): Summary {
    const h = this.histogram;
    const n = h.totalCount;
    if (n === 0) return { mean: null, p50: null, p90: null, p99: null, p999: null, max: null, count: 0 };
    return {
      mean: this.sum / n / unitNs,
      p50: this.at(50) / unitNs,
      p90: this.at(90) / unitNs,
      p99: this.at(99) / unitNs,
      p999: this.at(99.9) / unitNs,
      max: h.maxValue / unitNs,
      count: n,
    };
  }

  /** The value at percentile `pct`, ns: HDR's bucket answers with its highest equivalent value
   *  (up to 0.1% above what was recorded at 3 digits), which for the top bucket lies above the
   *  recorded maximum; a percentile is never reported above the maximum. */
  private at(pct: number): number {
    return Math.min(this.histogram.getValueAtPercentile(pct), this.histogram.maxValue);
  }

  /** The empirical CDF at the given quantiles, as [value / unitNs, fraction] rows. */
  cdf(unitNs = 1, fractions = defaultCdfFractions): number[][] {
    if (this.histogram.totalCount === 0) return [];
    return fractions.map((f) => [this.at(f * 100) / unitNs, f]);
  }

  reset(): void {
    this.histogram.reset();
    this.sum = 0;
  }
}

const defaultCdfFractions = [
  0, 0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.97, 0.99, 0.995, 0.999, 0.9999, 1,
];

export class Counter {
  value = 0;

  add(n = 1): void {
    this.value += n;
  }

  reset(): void {
    this.value = 0;
  }
}

/** The time-weighted mean of a level that changes at event times. */
export class TimeWeighted {
  private level = 0;
  private area = 0;
  private since: number;
  private start: number;

  constructor(nowNs = 0) {
    this.since = nowNs;
    this.start = nowNs;
  }

  get value(): number {
    return this.level;
  }

  set(nowNs: number, level: number): void {
    this.area += this.level * (nowNs - this.since);
    this.since = nowNs;
    this.level = level;
  }

  /** Integral of the level since the last reset, level·ns. */
  integral(nowNs: number): number {
    return this.area + this.level * (nowNs - this.since);
  }

  mean(nowNs: number): number {
    const span = nowNs - this.start;
    return span > 0 ? this.integral(nowNs) / span : this.level;
  }

  /** Forgets the past (e.g. at the end of a warm-up); the current level stays. */
  reset(nowNs: number): void {
    this.area = 0;
    this.since = nowNs;
    this.start = nowNs;
  }
}

/** How long an integer level (a queue's length) spent at each value since the last reset: its
 *  time-weighted percentiles and its maximum. */
export class LevelHistogram {
  private readonly timeAt: number[] = [0];
  private level = 0;
  private since: number;
  private maxLevel = 0;

  constructor(nowNs = 0) {
    this.since = nowNs;
  }

  set(nowNs: number, level: number): void {
    this.timeAt[this.level] += nowNs - this.since;
    this.since = nowNs;
    this.level = level;
    while (this.timeAt.length <= level) this.timeAt.push(0);
    if (level > this.maxLevel) this.maxLevel = level;
  }

  /** The smallest level the level was at or below for at least fraction `q` of the time. */
  percentile(nowNs: number, q: number): number {
    const span = this.timeAt.reduce((a, b) => a + b, 0) + (nowNs - this.since);
    if (span <= 0) return this.level;
    let below = 0;
    for (let l = 0; l < this.timeAt.length; l++) {
      below += this.timeAt[l] + (l === this.level ? nowNs - this.since : 0);
      if (below >= q * span) return l;
    }
    return this.timeAt.length - 1;
  }

  /** The highest level since the last reset. */
  get max(): number {
    return this.maxLevel;
  }

  /** Forgets the past; the current level stays. */
  reset(nowNs: number): void {
    this.timeAt.fill(0);
    this.since = nowNs;
    this.maxLevel = this.level;
  }
}
