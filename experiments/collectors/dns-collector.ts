/**
 * A Service point's DNS lookups, from the lookups' `ended` trace: the lookup latency (its 5 s
 * steps are the resolver's timeouts), the fraction of lookups that waited out at least one
 * timeout, lookups that failed, and the queries dropped at conntrack confirm (`insert_failed`)
 * per second, from the carrier's drops. A lookup counts when it started after the warm-up.
 */
import { LatencyRecorder, type Simulation } from '../../sim/index.ts';
import type { Cluster } from '../../models/datapath/cluster.ts';
import type { DnsLookups, Lookup } from '../../models/workloads/dns-lookup.ts';
import { resolverTimeoutNs } from '../../models/workloads/dns-resolver.ts';
import type { Collector, MeasuredPeriod } from '../replication.ts';
import type { ReplicationOutput } from '../replication-output.ts';

export class DnsCollector implements Collector {
  private readonly latency = new LatencyRecorder();
  private stalled = 0;
  private failed = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly cluster: Cluster,
    private readonly period: MeasuredPeriod,
    dns: DnsLookups,
  ) {
    dns.ended.subscribe(this.onEnded);
  }

  private readonly onEnded = (l: Lookup): void => {
    if (!this.period.includes(l.startNs)) return;
    const ns = this.sim.now - l.startNs;
    if (l.answered === 0) this.failed++;
    else this.latency.record(ns);
    if (ns >= resolverTimeoutNs) this.stalled++;
  };

  collect(out: ReplicationOutput): void {
    const n = this.latency.count + this.failed;
    out.metric('dns_latency_ms', this.latency.summary(1e6));
    out.metric('dns_stalled_fraction', n > 0 ? this.stalled / n : 0);
    out.metric('dns_lookups_failed', this.failed);
    out.metric('conntrack_insert_failed_per_s', (this.cluster.carrier.drops.get('insert_failed') ?? 0) / this.period.seconds);
  }
}
