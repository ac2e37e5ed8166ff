/**
 * CPU of named nodes (`client_node`, `server_node`), one node per role: cores busy on average in
 * the measured period, by resource (receive queues summed) and each station's utilization, from
 * the stations' busy time since the end of the warm-up.
 */
import type { Cluster } from '../../models/datapath/cluster.ts';
import type { Collector, MeasuredPeriod } from '../replication.ts';
import type { ReplicationOutput } from '../replication-output.ts';

export class NodeCpuCollector implements Collector {
  constructor(
    private readonly cluster: Cluster,
    private readonly period: MeasuredPeriod,
    private readonly roles: Record<string, number>,
  ) {}

  collect(out: ReplicationOutput): void {
    const durationNs = this.period.durationNs;
    const cpuCores: Record<string, number> = {};
    const byStation: Record<string, number> = {};
    const utilization: Record<string, number> = {};
    for (const [role, index] of Object.entries(this.roles)) {
      const node = this.cluster.node(index);
      cpuCores[role] = node.cpuCores(durationNs);
      for (const [resource, cores] of Object.entries(node.cpuCoresByResource(durationNs))) byStation[`${role}.${resource}`] = cores;
      for (const [name, station] of node.cpuStations()) utilization[`${role}.${name}`] = station.utilization();
    }
    out.metric('cpu_cores', cpuCores);
    out.metric('cpu_cores_by_station', byStation);
    out.metric('utilization', utilization);
  }
}
