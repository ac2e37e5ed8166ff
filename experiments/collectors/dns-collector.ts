/**
 * A Service point's DNS lookups, from the lookups' `ended` trace: the lookup latency (its 5 s
 * steps are the resolver's timeouts; lookups still waiting at the end are missing from it), the
 * fraction of lookups with a query dropped (each waits out a resolver timeout, counted when the
 * drop happens, so a run shorter than 5 s past its warm-up still counts it), lookups that failed, and the queries dropped at conntrack confirm (`insert_failed`)
 * per second, from the carrier's drops. A lookup counts when it started after the warm-up.
 */
import { LatencyRecorder, type Simulation } from '../../sim/index.ts';
import type { Cluster } from '../../models/datapath/cluster.ts';
import type { DnsLookups, Lookup } from '../../models/workloads/dns-lookup.ts';
import type { Collector, MeasuredPeriod } from '../replication.ts';
import type { ReplicationOutput } from '../replication-output.ts';

export class DnsCollector implements Collector {
  private readonly latency = new LatencyRecorder();
  private started = 0;
  private stalled = 0;
  private failed = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly cluster: Cluster,
    private readonly period: MeasuredPeriod,
    dns: DnsLookups,
  ) {
    dns.started.subscribe((l) => { if (period.includes(l.startNs)) this.started++; });
    dns.stalled.subscribe((l) => { if (period.includes(l.startNs)) this.stalled++; });
    dns.ended.subscribe(this.onEnded);
  }

  private readonly onEnded = (l: Lookup): void => {
    if (!this.period.includes(l.startNs)) return;
    if (l.answered === 0) this.failed++;
    else this.latency.record(this.sim.now - l.startNs);
  };

  collect(out: ReplicationOutput): void {
    out.metric('dns_latency_ms', this.latency.summary(1e6));
    out.metric('dns_stalled_fraction', this.started > 0 ? this.stalled / this.started : 0);
    out.metric('dns_lookups_failed', this.failed);
    out.metric('conntrack_insert_failed', (this.cluster.carrier.drops.get('insert_failed') ?? 0) / this.period.seconds);
  }
}
