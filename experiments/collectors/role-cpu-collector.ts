/**
 * CPU of a Service point's nodes in two roles: the client nodes (averaged over them) and every
 * other node traffic touched (summed, `server_nodes`), in cores busy on average over the measured
 * period, in all and per station.
 */
import type { Cluster } from '../../models/datapath/cluster.ts';
import type { Collector, MeasuredPeriod } from '../replication.ts';
import type { ReplicationOutput } from '../replication-output.ts';

export class RoleCpuCollector implements Collector {
  constructor(
    private readonly cluster: Cluster,
    private readonly period: MeasuredPeriod,
    private readonly clientNodes: readonly number[],
  ) {}

  collect(out: ReplicationOutput): void {
    const durationNs = this.period.durationNs;
    const clients = new Set(this.clientNodes);
    const cpuCores = { client_node: 0, server_nodes: 0 };
    const byStation: Record<string, number> = {};
    for (const node of this.cluster.activeNodes()) {
      const role = clients.has(node.index) ? 'client_node' : 'server_nodes';
      const share = role === 'client_node' ? clients.size : 1;
      cpuCores[role] += node.cpuCores(durationNs) / share;
      for (const [name, station] of node.cpuStations()) {
        const key = `${role}.${name}`;
        byStation[key] = (byStation[key] ?? 0) + station.busyNs() / durationNs / share;
      }
    }
    out.metric('cpu_cores', cpuCores);
    out.metric('cpu_cores_by_station', byStation);
  }
}
