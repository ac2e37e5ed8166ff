/**
 * One replication of a network point without Services: build the cluster, backend and workload
 * (request/response, bulk streams, or both, optionally the control plane beside them) on a fresh
 * simulation, run the warm-up, reset statistics, run the measured period, and read the metrics.
 * The metric names are the results contract's (DESIGN.md).
 */
import { Simulation, Streams } from '../sim/index.ts';
import { backendOf } from '../models/backends/backends.ts';
import { ControlPlane } from '../models/control-plane/control-plane.ts';
import { Cluster } from '../models/datapath/cluster.ts';
import type { ModelConfig } from '../models/model-config.ts';
import { resolveProfile } from '../models/profiles/cost-profile.ts';
import { BulkTransfer } from '../models/workloads/bulk-transfer.ts';
import { RequestResponse } from '../models/workloads/request-response.ts';
import { serviceStream } from '../models/workloads/service-stream.ts';
import type { ReplicationMetrics, ReplicationResult } from './replication-result.ts';

export function runNetworkReplication(config: ModelConfig, seed: number, replication: number): ReplicationResult {
  const w = config.workload;
  const sim = new Simulation();
  const streams = new Streams(seed, replication);
  const profile = resolveProfile(config.profile, config.costs);
  const backend = backendOf(config.network.backend);
  const cluster = new Cluster(sim, config.cluster, profile, backend);
  const client = { name: 'client', node: w.clientNode };
  const server = { name: 'server', node: w.serverNode };
  const netfilter = w.kind === 'bulk' && w.bulk?.service ? serviceStream(cluster, w.bulk.service, w.clientNode, w.serverNode, streams) : null;
  const bulk = w.kind === 'bulk' && w.bulk ? new BulkTransfer(sim, cluster, client, server, w.bulk, 1, netfilter) : null;
  const rr = !bulk || w.bulk?.probe ? new RequestResponse(sim, cluster, client, server, w, streams) : null;

  const { warmupNs, durationNs } = config.run;
  const cp = config.controlPlane && new ControlPlane(sim, cluster, config.controlPlane, profile, streams, warmupNs);
  if (rr) rr.recordFromNs = warmupNs;
  if (bulk) bulk.recordFromNs = warmupNs;
  sim.run({ untilNs: warmupNs });
  cluster.resetStats();
  sim.run({ untilNs: warmupNs + durationNs });

  const seconds = durationNs / 1e9;
  const carrier = cluster.carrier;
  const perPacket = (x: number): number => (carrier.delivered > 0 ? x / carrier.delivered : 0);
  const rrBytes = rr ? rr.completed * (w.requestBytes + w.responseBytes) : 0;
  const payloadBytes = rrBytes + (bulk ? bulk.deliveredBytes : 0);
  const roles: Record<string, number> = { client_node: w.clientNode, server_node: w.serverNode };
  const cpuCores: Record<string, number> = {};
  const byStation: Record<string, number> = {};
  const utilization: Record<string, number> = {};
  for (const [role, index] of Object.entries(roles)) {
    const node = cluster.node(index);
    cpuCores[role] = node.cpuCores(durationNs);
    for (const [resource, cores] of Object.entries(node.cpuCoresByResource(durationNs))) byStation[`${role}.${resource}`] = cores;
    for (const [name, station] of node.cpuStations()) utilization[`${role}.${name}`] = station.utilization();
  }
  const rrMetrics: ReplicationMetrics = rr ? { request_latency_ms: rr.latency.summary(1e6), requests_per_s: rr.completed / seconds } : {};
  return {
    metrics: {
      ...rrMetrics,
      throughput_mbps: ((bulk ? bulk.deliveredBytes : rrBytes) * 8) / seconds / 1e6,
      cpu_cores: cpuCores,
      cpu_cores_by_station: byStation,
      utilization,
      crossings_per_packet: perPacket(carrier.crossings),
      copied_bytes_per_packet: perPacket(carrier.copiedBytes),
      encap_bytes: backend.encapBytes,
      wire_efficiency: carrier.wireBytes > 0 ? payloadBytes / carrier.wireBytes : 0,
      mss_bytes: cluster.mssBytes,
      routes: backend.routes(config.cluster.nodes),
      ...(netfilter ? { rules: netfilter.rules } : {}),
      fdb_entries: backend.fdbEntries(config.cluster.nodes),
      arp_entries: backend.arpEntries(config.cluster.nodes),
      ...(cp ? { ...cp.metrics(durationNs), cpu_cores: { ...cpuCores, ...cp.cpuCores(durationNs) } } : {}),
    },
    series: {
      ...(rr ? { request_latency_cdf: { columns: ['latency_ms', 'fraction'], rows: rr.latency.cdf(1e6) } } : {}),
      ...(cp ? { programming_latency_cdf: { columns: ['latency_ms', 'fraction'], rows: cp.latency.cdf(1e6) } } : {}),
    },
    events: sim.fired,
  };
}
