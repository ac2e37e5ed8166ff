/**
 * Drops, recovery and offered load: packets dropped in the measured period by reason and by where
 * (the carrier's counters since the end of the warm-up), segments retransmitted by kind (the
 * carrier's count, which every workload's TCP senders share), open-loop arrivals offered and
 * shed, requests given up after their retransmissions, and the time-weighted 99th percentile and maximum of the packets
 * waiting at the named nodes' stations (softirq per receive queue, NIC transmitter, daemons).
 * Every reason the point's model can drop for (the kernel queues' and netfilter's, and a rolling
 * update's) and every station of the named nodes is written, zero or not (drops elsewhere: at a
 * node's conntrack table or listening socket, or on another node, as `elsewhere`), so the keys
 * are the same in every replication of a point.
 */
import type { Cluster } from '../../models/datapath/cluster.ts';
import { dropReasons } from '../../models/datapath/kernel-queues.ts';
import { retransmitKinds } from '../../models/tcp/retransmission-timer.ts';
import type { OpenLoopGenerator } from '../../models/workloads/open-loop-generator.ts';
import type { Simulation } from '../../sim/index.ts';
import type { Collector, MeasuredPeriod } from '../replication.ts';
import type { ReplicationOutput } from '../replication-output.ts';

/** What the workload counts since the start of the run. */
export interface RequestLosses {
  generators: readonly OpenLoopGenerator[];
  /** Requests lost so far. */
  lost: () => number;
}

export class DropCollector implements Collector {
  private shedAtReset = 0;
  private lostAtReset = 0;
  private issuedAtReset = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly cluster: Cluster,
    private readonly period: MeasuredPeriod,
    private readonly roles: Record<string, number>,
    private readonly losses: RequestLosses,
    /** Whether to write `retransmits_per_s` from the carrier's count (bulk points have the TCP
     *  collector's, from their streams' counters). */
    private readonly retransmits = true,
    /** The reasons `drops_per_s` lists: the kernel queues' and netfilter's, and those the point's
     *  model adds (a rolling update's `node_gone`, `no_endpoints`). */
    private readonly reasons: readonly string[] = dropReasons,
  ) {}

  private shed(): number {
    return this.losses.generators.reduce((n, g) => n + g.shed, 0);
  }

  private issued(): number {
    return this.losses.generators.reduce((n, g) => n + g.issued, 0);
  }

  reset(): void {
    this.shedAtReset = this.shed();
    this.lostAtReset = this.losses.lost();
    this.issuedAtReset = this.issued();
  }

  collect(out: ReplicationOutput): void {
    const s = this.period.seconds;
    const shed = this.shed() - this.shedAtReset;
    const issued = this.issued() - this.issuedAtReset;
    out.metric('offered_requests_per_s', (issued + shed) / s);
    out.metric('requests_shed_per_s', shed / s);
    out.metric('requests_lost_per_s', (this.losses.lost() - this.lostAtReset) / s);
    const carrier = this.cluster.carrier;
    out.metric('drops_per_s', Object.fromEntries(this.reasons.map((r) => [r, (carrier.drops.get(r) ?? 0) / s])));
    if (this.retransmits) out.metric('retransmits_per_s', Object.fromEntries(retransmitKinds.map((k) => [k, (carrier.retransmits.get(k) ?? 0) / s])));
    const p99: Record<string, number> = {};
    const max: Record<string, number> = {};
    const byStation: Record<string, number> = {};
    let elsewhere = carrier.dropped;
    const now = this.sim.now;
    for (const [role, index] of Object.entries(this.roles)) {
      const node = this.cluster.node(index);
      for (const [name, station] of [...node.cpuStations(), ['nic-tx', node.nicTx] as const]) {
        const n = carrier.dropsByWhere.get(station.name) ?? 0;
        byStation[`${role}.${name}`] = n / s;
        elsewhere -= n;
        p99[`${role}.${name}`] = station.occupancy.percentile(now, 0.99);
        max[`${role}.${name}`] = station.occupancy.max;
      }
    }
    byStation.elsewhere = elsewhere / s;
    out.metric('drops_by_station_per_s', byStation);
    out.metric('queue_occupancy_p99', p99);
    out.metric('queue_occupancy_max', max);
  }
}
