/**
 * One replication of a Service load-balancing point: the Service catalogue, the proxy mode, a
 * conntrack table per node and the client traffic on a fresh simulation; warm-up, reset, measured
 * period; then the metrics of the results contract (first-packet, connect and request latency,
 * CPU per role, rules, conntrack entries, memory and drops) and the series (conntrack entries over
 * time on the first client's node, the request latency CDF).
 */
import { Simulation, Streams } from '../sim/index.ts';
import { Cluster } from '../models/datapath/cluster.ts';
import { ConntrackTable, kubeProxyConntrackMax, kubeProxyTimeoutsNs } from '../models/netfilter/conntrack-table.ts';
import { resolveProfile } from '../models/profiles/cost-profile.ts';
import { PodAddressing } from '../models/datapath/pod-addressing.ts';
import { ServiceCatalogue } from '../models/services/service-catalogue.ts';
import { createProxy } from '../models/services/service-proxy.ts';
import { ServiceTraffic } from '../models/workloads/service-traffic.ts';
import { backendOf } from '../models/backends/backends.ts';
import type { ModelConfig, ServiceModelConfig } from '../models/model-config.ts';
import type { ReplicationResult } from './replication-result.ts';

const cdfFractions = Array.from({ length: 101 }, (_, i) => i / 100);

/** The model of one replication, built on a fresh simulation and not yet run. */
export function buildServiceModel(config: ModelConfig, s: ServiceModelConfig, seed: number, replication: number) {
  const sim = new Simulation();
  const streams = new Streams(seed, replication);
  const profile = resolveProfile(config.profile, config.costs);
  const backend = backendOf(config.network.backend);
  const cluster = new Cluster(sim, config.cluster, profile, backend);
  const addressing = new PodAddressing(s.addressing);
  const catalogue = new ServiceCatalogue(s.catalogue, addressing, s.traffic.clientNodes);
  const proxy = createProxy(s.proxy, s.catalogue, profile, streams, addressing);
  const max = s.conntrack.max ?? kubeProxyConntrackMax(config.cluster.coresPerNode);
  const ctConfig = { max, buckets: s.conntrack.buckets ?? Math.max(1, Math.floor(max / 4)), timeoutsNs: { ...kubeProxyTimeoutsNs, ...s.conntrack.timeoutsNs } };
  const tables = new Map<number, ConntrackTable>();
  const conntrack = (node: number): ConntrackTable => {
    let t = tables.get(node);
    if (!t) {
      t = new ConntrackTable(ctConfig, profile);
      tables.set(node, t);
    }
    return t;
  };
  const traffic = new ServiceTraffic(sim, cluster, catalogue, proxy, conntrack, s.traffic, streams);
  return { sim, cluster, proxy, tables, conntrack, traffic, max };
}

export function runServiceReplication(config: ModelConfig, s: ServiceModelConfig, seed: number, replication: number): ReplicationResult {
  const { sim, cluster, proxy, tables, conntrack, traffic, max } = buildServiceModel(config, s, seed, replication);

  const watched = conntrack(s.traffic.clientNodes[0]);
  const entriesRows: number[][] = [];
  const dropRows: number[][] = [];
  let warmupDrops = 0;
  const sample = (): void => {
    watched.expire(sim.now);
    entriesRows.push([sim.now / 1e9, watched.entries]);
    dropRows.push([sim.now / 1e9, warmupDrops + watched.drops]);
    sim.schedule(s.conntrack.sampleNs, sample);
  };
  sim.schedule(0, sample);

  const { warmupNs, durationNs } = config.run;
  traffic.recordFromNs = warmupNs;
  sim.run({ untilNs: warmupNs });
  cluster.resetStats();
  warmupDrops = watched.drops;
  for (const t of tables.values()) t.resetStats();
  sim.run({ untilNs: warmupNs + durationNs });
  for (const t of tables.values()) t.expire(sim.now);

  const seconds = durationNs / 1e9;
  const clients = new Set(s.traffic.clientNodes);
  const cpuCores = { client_node: 0, server_nodes: 0 };
  const byStation: Record<string, number> = {};
  for (const node of cluster.activeNodes()) {
    const role = clients.has(node.index) ? 'client_node' : 'server_nodes';
    cpuCores[role] += node.cpuCores(durationNs) / (role === 'client_node' ? clients.size : 1);
    for (const [name, station] of node.cpuStations()) {
      const key = `${role}.${name}`;
      byStation[key] = (byStation[key] ?? 0) + station.busyNs() / durationNs / (role === 'client_node' ? clients.size : 1);
    }
  }
  const drops = [...tables.values()].reduce((n, t) => n + t.drops, 0);
  const newConnections = traffic.connections;
  return {
    metrics: {
      first_packet_latency_ms: traffic.firstPacket.summary(1e6),
      connect_latency_ms: traffic.connect.summary(1e6),
      request_latency_ms: traffic.request.summary(1e6),
      requests_per_s: traffic.completed / seconds,
      cpu_cores: cpuCores,
      cpu_cores_by_station: byStation,
      rules: proxy.rules,
      rules_evaluated_per_connection: traffic.selections > 0 ? traffic.rulesWalked / traffic.selections : 0,
      conntrack_entries: watched.entries,
      conntrack_max: max,
      conntrack_memory_bytes: watched.memoryBytes,
      conntrack_drops: drops,
      connections_opened: newConnections,
      connections_failed: traffic.failed,
      /** Requests issued in the measured period but not answered by its end (their SYN still
       *  retransmitting, or failed): missing from request_latency_ms. */
      requests_unfinished: traffic.issuedRecorded - traffic.completed,
    },
    series: {
      conntrack_entries: { columns: ['t_s', 'entries'], rows: entriesRows },
      conntrack_drops: { columns: ['t_s', 'drops'], rows: dropRows },
      request_latency_cdf: { columns: ['latency_ms', 'fraction'], rows: traffic.request.cdf(1e6, cdfFractions) },
    },
    events: sim.fired,
  };
}
