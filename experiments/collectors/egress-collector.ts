/**
 * An egress point's connections and SNAT races: connect latency (connect() to the SYN-ACK's
 * wake-up, every attempt included) as a distribution and by SYN-retry step (the share of
 * connections established within each step of the SYN timer: under 1 s, 1-3 s, 3-7 s …, the
 * shape xing-2017 saw), the share stalled (≥ 1 s), confirms lost to the race (insert_failed) and
 * SYNs that found MASQUERADE's range exhausted in the measured period, and the connections opened
 * and failed over the run. A connection counts when it was opened after the warm-up.
 */
import { LatencyRecorder, type Simulation } from '../../sim/index.ts';
import type { EgressConnection, EgressTraffic } from '../../models/workloads/egress-traffic.ts';
import type { Collector, MeasuredPeriod } from '../replication.ts';
import type { ReplicationOutput } from '../replication-output.ts';

/** Where the SYN timer's attempts start, s: 0, 1, 3, 7, 15, 31, 63 (initial RTO 1 s, doubling). */
const retrySteps = [0, 1, 3, 7, 15, 31, 63];

export class EgressCollector implements Collector {
  private readonly connect = new LatencyRecorder();
  private readonly byStep = retrySteps.map(() => 0);
  private insertFailedAtReset = 0;
  private exhaustedAtReset = 0;

  constructor(private readonly sim: Simulation, private readonly period: MeasuredPeriod, private readonly traffic: EgressTraffic) {
    traffic.established.subscribe(this.onEstablished);
  }

  private readonly onEstablished = (conn: EgressConnection): void => {
    if (!this.period.includes(conn.issuedNs)) return;
    const ns = this.sim.now - conn.connectNs;
    this.connect.record(ns);
    let step = 0;
    while (step + 1 < retrySteps.length && ns >= retrySteps[step + 1] * 1e9) step++;
    this.byStep[step]++;
  };

  reset(): void {
    this.insertFailedAtReset = this.traffic.confirm.insertFailed;
    this.exhaustedAtReset = this.traffic.exhausted;
  }

  collect(out: ReplicationOutput): void {
    const s = this.period.seconds;
    const n = this.connect.count;
    out.metric('connect_latency_ms', this.connect.summary(1e6));
    out.metric('connect_stall_fraction', n > 0 ? (n - this.byStep[0]) / n : 0);
    out.metric('conntrack_insert_failed', (this.traffic.confirm.insertFailed - this.insertFailedAtReset) / s);
    out.metric('snat_port_exhaustion_failures', this.traffic.exhausted - this.exhaustedAtReset);
    out.metric('connections_opened', this.traffic.connections);
    out.metric('connections_failed', this.traffic.failed);
    out.addSeries('connect_latency_steps', ['step_s', 'fraction'], retrySteps.map((t, i) => [t, n > 0 ? this.byStep[i] / n : 0]));
  }
}
