/**
 * One replication of an egress point: pods calling an address outside the cluster through
 * MASQUERADE (egress-traffic.ts) on a fresh simulation, with kube-proxy's rules on the nodes (the
 * SYN walks its nat table without matching a Service) and a conntrack table per node, and the
 * collectors of requests, connections and SNAT races, CPU per role, conntrack and drops.
 */
import { Simulation, Streams } from '../sim/index.ts';
import { Cluster } from '../models/datapath/cluster.ts';
import { resolveProfile } from '../models/profiles/profiles.ts';
import { PodAddressing } from '../models/datapath/pod-addressing.ts';
import { createProxy } from '../models/services/service-proxy.ts';
import { backendOf } from '../models/backends/backends.ts';
import type { EgressTrafficConfig } from '../models/workloads/egress-traffic.ts';
import { EgressTraffic } from '../models/workloads/egress-traffic.ts';
import type { ModelConfig, ServiceModelConfig } from '../models/model-config.ts';
import { ConntrackCollector } from './collectors/conntrack-collector.ts';
import { EgressCollector } from './collectors/egress-collector.ts';
import { RequestCollector } from './collectors/request-collector.ts';
import { RoleCpuCollector } from './collectors/role-cpu-collector.ts';
import { ConservationCheck } from './collectors/conservation-check.ts';
import { DropCollector } from './collectors/drop-collector.ts';
import { MeasuredPeriod, replicate } from './replication.ts';
import type { ReplicationResult } from './replication-result.ts';
import { conntrackTables } from './service-experiment.ts';

export function runEgressReplication(config: ModelConfig, s: ServiceModelConfig, e: EgressTrafficConfig, seed: number, replication: number): ReplicationResult {
  const sim = new Simulation();
  const streams = new Streams(seed, replication);
  const profile = resolveProfile(config.profile, config.costs);
  const cluster = new Cluster(sim, config.cluster, profile, backendOf(config.network.backend), true);
  const proxy = createProxy(s.proxy, s.catalogue, profile, streams, new PodAddressing(s.addressing));
  const { tables, conntrack } = conntrackTables(config, s, profile);
  const traffic = new EgressTraffic(sim, cluster, proxy, conntrack, e, streams);
  const period = new MeasuredPeriod(config.run);
  const first = e.clientNodes[0];
  const collectors = [
    new RequestCollector(sim, period, { answered: traffic.answered, issued: traffic.issued }, null),
    new EgressCollector(sim, period, traffic),
    new RoleCpuCollector(cluster, period, e.clientNodes),
    new ConntrackCollector(sim, tables, conntrack(first), s.conntrack.sampleNs, period),
    new DropCollector(sim, cluster, period, { client_node: first }, { generators: traffic.generators, lost: () => traffic.lost }),
    new ConservationCheck(cluster.carrier),
  ];
  return replicate({ sim, collectors, resetStats: () => cluster.resetStats() }, period);
}
