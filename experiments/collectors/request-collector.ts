/**
 * Requests answered, from a workload's `answered` trace (each answer gives its request's issue
 * time): latency from issue to answer on an HDR histogram, the count answered per second and, when
 * given, the latency CDF; with the workload's `issued` trace also the requests issued in the
 * measured period but not answered by its end. Only requests issued once the warm-up was over
 * count, however late they are answered.
 */
import { LatencyRecorder, type Simulation, type TraceSource } from '../../sim/index.ts';
import type { Collector, MeasuredPeriod } from '../replication.ts';
import type { ReplicationOutput } from '../replication-output.ts';

export interface RequestTraces {
  /** Emits the issue time, ns, of every request answered. */
  answered: TraceSource<number>;
  issued?: Pick<TraceSource<{ readonly issuedNs: number }>, 'subscribe'>;
}

export class RequestCollector implements Collector {
  /** Measured requests answered so far. */
  answered = 0;
  private issued = 0;
  private readonly latency = new LatencyRecorder();
  private readonly unfinished: boolean;

  /** `cdf`: write request_latency_cdf at these fractions (null: the recorder's default ones). */
  constructor(
    private readonly sim: Simulation,
    private readonly period: MeasuredPeriod,
    traces: RequestTraces,
    private readonly cdf?: number[] | null,
  ) {
    traces.answered.subscribe(this.onAnswered);
    this.unfinished = traces.issued !== undefined;
    traces.issued?.subscribe(this.onIssued);
  }

  private readonly onAnswered = (issuedNs: number): void => {
    if (!this.period.includes(issuedNs)) return;
    this.latency.record(this.sim.now - issuedNs);
    this.answered++;
  };

  private readonly onIssued = (r: { readonly issuedNs: number }): void => {
    if (this.period.includes(r.issuedNs)) this.issued++;
  };

  collect(out: ReplicationOutput): void {
    out.metric('request_latency_ms', this.latency.summary(1e6));
    out.metric('requests_per_s', this.answered / this.period.seconds);
    if (this.unfinished) out.metric('requests_unfinished', this.issued - this.answered);
    if (this.cdf !== undefined) out.addSeries('request_latency_cdf', ['latency_ms', 'fraction'], this.latency.cdf(1e6, this.cdf ?? undefined));
  }
}
