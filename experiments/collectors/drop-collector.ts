/**
 * Drops and offered load: packets dropped in the measured period by reason and by where (the
 * carrier's counters since the end of the warm-up), open-loop arrivals offered and shed, requests
 * lost to a dropped segment, and the time-weighted 99th percentile and maximum of the packets
 * waiting at the named nodes' stations (softirq per receive queue, NIC transmitter, daemons).
 */
import type { Cluster } from '../../models/datapath/cluster.ts';
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
    const perS = (m: ReadonlyMap<string, number>): Record<string, number> =>
      Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, n]) => [k, n / s]));
    const shed = this.shed() - this.shedAtReset;
    const issued = this.issued() - this.issuedAtReset;
    out.metric('offered_requests_per_s', (issued + shed) / s);
    out.metric('requests_shed_per_s', shed / s);
    out.metric('requests_lost_per_s', (this.losses.lost() - this.lostAtReset) / s);
    out.metric('drops_per_s', perS(this.cluster.carrier.drops));
    out.metric('drops_by_station_per_s', perS(this.cluster.carrier.dropsByWhere));
    const p99: Record<string, number> = {};
    const max: Record<string, number> = {};
    const now = this.sim.now;
    for (const [role, index] of Object.entries(this.roles)) {
      const node = this.cluster.node(index);
      for (const [name, station] of [...node.cpuStations(), ['nic-tx', node.nicTx] as const]) {
        p99[`${role}.${name}`] = station.occupancy.percentile(now, 0.99);
        max[`${role}.${name}`] = station.occupancy.max;
      }
    }
    out.metric('queue_occupancy_p99', p99);
    out.metric('queue_occupancy_max', max);
  }
}
