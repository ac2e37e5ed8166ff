/**
 * TCP's loss recovery on a network point: segments retransmitted in the measured period per
 * second, by kind (fast: duplicate or partial ACKs; rto: after a retransmission timeout),
 * added over every retransmission counter given (each TCP model's), and the congestion window of
 * one watched connection over the whole run, sampled every `sampleNs` (so the series holds at
 * most `maxSamples` rows whatever the run's length). The sampler is an event of its own,
 * scheduled when the collector is built.
 */
import type { Simulation } from '../../sim/index.ts';
import type { RetransmitCounter } from '../../models/tcp/retransmit-counter.ts';
import type { Collector, MeasuredPeriod } from '../replication.ts';
import type { ReplicationOutput } from '../replication-output.ts';

/** Rows of the congestion-window series at most. */
export const maxSamples = 500;

export class TcpCollector implements Collector {
  private fastAtReset = 0;
  private rtoAtReset = 0;
  private readonly windowRows: number[][] = [];
  /** Sampling interval of the congestion window, ns: the run in `maxSamples` steps of whole µs. */
  readonly sampleNs: number;

  constructor(
    private readonly sim: Simulation,
    private readonly period: MeasuredPeriod,
    private readonly counters: readonly RetransmitCounter[],
    /** The watched connection's window, or null when no model has one. */
    private readonly window: { cwnd: number } | null,
  ) {
    this.sampleNs = Math.max(1000, Math.ceil((period.fromNs + period.durationNs) / maxSamples / 1000) * 1000);
    if (window) sim.schedule(0, this.sample);
  }

  private readonly sample = (): void => {
    this.windowRows.push([this.sim.now / 1e9, this.window!.cwnd]);
    if (this.windowRows.length < maxSamples) this.sim.schedule(this.sampleNs, this.sample);
  };

  private sum(cause: 'fast' | 'rto'): number {
    return this.counters.reduce((n, c) => n + c[cause], 0);
  }

  reset(): void {
    this.fastAtReset = this.sum('fast');
    this.rtoAtReset = this.sum('rto');
  }

  collect(out: ReplicationOutput): void {
    const s = this.period.seconds;
    out.metric('retransmits_per_s', { fast: (this.sum('fast') - this.fastAtReset) / s, rto: (this.sum('rto') - this.rtoAtReset) / s });
    if (this.window) out.addSeries('congestion_window', ['t_s', 'segments'], this.windowRows);
  }
}
