/**
 * One replication of one point: build the cluster and workload on a fresh simulation, run the
 * warm-up, reset statistics, run the measured period, and read the metrics. The metric names are
 * the results contract's (DESIGN.md).
 */
import { type DistributionSpec, Simulation, Streams, type Summary } from '../sim/index.ts';
import type { Backend } from './backend.ts';
import { Cluster, type ClusterConfig } from './cluster.ts';
import { type CostProfile, type ProfileName, resolveProfile } from './cost-profile.ts';
import { HostGwBackend } from './host-gw-backend.ts';
import { type Arrival, RequestResponse } from './request-response.ts';
import { runStationReplication } from './station-workload.ts';

export type BackendName = 'host-gw';

export interface ModelConfig {
  profile: ProfileName;
  costs: Partial<CostProfile>;
  cluster: ClusterConfig;
  network: { backend: BackendName };
  workload: {
    kind: 'request-response' | 'station';
    clientNode: number;
    serverNode: number;
    arrival: Arrival;
    requestBytes: number;
    responseBytes: number;
    serviceTime: DistributionSpec;
  };
  run: { durationNs: number; warmupNs: number };
}

export type ReplicationMetrics = Record<string, number | Summary | Record<string, number>>;

export interface ReplicationResult {
  metrics: ReplicationMetrics;
  series: Record<string, { columns: string[]; rows: number[][] }>;
  events: number;
}

export function backendOf(name: BackendName): Backend {
  switch (name) {
    case 'host-gw':
      return new HostGwBackend();
  }
}

export function runReplication(config: ModelConfig, seed: number, replication: number): ReplicationResult {
  const w = config.workload;
  if (w.kind === 'station') {
    return runStationReplication({ servers: config.cluster.coresPerNode, ...w }, config.run, seed, replication);
  }
  const sim = new Simulation();
  const streams = new Streams(seed, replication);
  const profile = resolveProfile(config.profile, config.costs);
  const backend = backendOf(config.network.backend);
  const cluster = new Cluster(sim, config.cluster, profile, backend);
  const client = { name: 'client', node: w.clientNode };
  const server = { name: 'server', node: w.serverNode };
  const rr = new RequestResponse(sim, cluster, client, server, w, streams);

  const { warmupNs, durationNs } = config.run;
  rr.recordFromNs = warmupNs;
  sim.run({ untilNs: warmupNs });
  cluster.resetStats();
  sim.run({ untilNs: warmupNs + durationNs });

  const seconds = durationNs / 1e9;
  const carrier = cluster.carrier;
  const perPacket = (x: number): number => (carrier.delivered > 0 ? x / carrier.delivered : 0);
  const payloadBytes = rr.completed * (w.requestBytes + w.responseBytes);
  const roles: Record<string, number> = { client_node: w.clientNode, server_node: w.serverNode };
  const cpuCores: Record<string, number> = {};
  const byStation: Record<string, number> = {};
  const utilization: Record<string, number> = {};
  for (const [role, index] of Object.entries(roles)) {
    const node = cluster.node(index);
    cpuCores[role] = node.cpuCores(durationNs);
    for (const [name, station] of node.cpuStations()) {
      byStation[`${role}.${name}`] = station.busyNs() / durationNs;
      utilization[`${role}.${name}`] = station.utilization();
    }
  }
  return {
    metrics: {
      request_latency_ms: rr.latency.summary(1e6),
      requests_per_s: rr.completed / seconds,
      throughput_mbps: (payloadBytes * 8) / seconds / 1e6,
      cpu_cores: cpuCores,
      cpu_cores_by_station: byStation,
      utilization,
      crossings_per_packet: perPacket(carrier.crossings),
      copied_bytes_per_packet: perPacket(carrier.copiedBytes),
      encap_bytes: backend.encapBytes,
      wire_efficiency: carrier.wireBytes > 0 ? payloadBytes / carrier.wireBytes : 0,
      routes: backend.routes(config.cluster.nodes),
    },
    series: { request_latency_cdf: { columns: ['latency_ms', 'fraction'], rows: rr.latency.cdf(1e6) } },
    events: sim.fired,
  };
}
