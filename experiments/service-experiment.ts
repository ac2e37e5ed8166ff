/**
 * One replication of a Service load-balancing point: the Service catalogue, the proxy mode, a
 * conntrack table per node and the client traffic on a fresh simulation, with the collectors of
 * requests, connections, CPU per role and conntrack (and, with NetworkPolicies, their enforcer,
 * sync cost and programming on every node; with Service options or zones, what they do to the
 * connections; with `controlPlane`, kube-proxy syncing on every node for the same Services, its syncs
 * on the nodes' cores beside the packets), run through the replication cycle
 * (replication.ts).
 */
import { Simulation, Streams } from '../sim/index.ts';
import { Cluster } from '../models/datapath/cluster.ts';
import { ConntrackTable, kubeProxyConntrackMax, kubeProxyTimeoutsNs } from '../models/netfilter/conntrack-table.ts';
import { resolveProfile } from '../models/profiles/profiles.ts';
import type { CostProfile } from '../models/profiles/cost-profile.ts';
import { PodAddressing } from '../models/datapath/pod-addressing.ts';
import { ServiceCatalogue } from '../models/services/service-catalogue.ts';
import type { ServiceProxy } from '../models/services/proxier.ts';
import { createProxy, serviceOptions } from '../models/services/service-proxy.ts';
import { ExternalLoadBalancer } from '../models/services/external-load-balancer.ts';
import { ServiceTraffic } from '../models/workloads/service-traffic.ts';
import { backendOf } from '../models/backends/backends.ts';
import type { ModelConfig, ServiceModelConfig } from '../models/model-config.ts';
import { ConnectionCollector } from './collectors/connection-collector.ts';
import { ConntrackCollector } from './collectors/conntrack-collector.ts';
import { RequestCollector } from './collectors/request-collector.ts';
import { RoleCpuCollector } from './collectors/role-cpu-collector.ts';
import { MeasuredPeriod, replicate } from './replication.ts';
import type { ReplicationResult } from './replication-result.ts';
import { ConservationCheck } from './collectors/conservation-check.ts';
import { DropCollector } from './collectors/drop-collector.ts';
import { dropReasons } from '../models/datapath/kernel-queues.ts';
import { endpointFateDropReasons } from '../models/workloads/connection-lifecycle.ts';
import { DnsCollector } from './collectors/dns-collector.ts';
import { createPolicyEnforcer } from '../models/policy/policy-enforcers.ts';
import { PolicySyncCost } from '../models/control-plane/policy-sync-cost.ts';
import { PolicyProgramming } from '../models/control-plane/policy-programming.ts';
import { PolicyCollector } from './collectors/policy-collector.ts';
import { ServiceOptionsCollector } from './collectors/service-options-collector.ts';
import { ServiceGroups } from '../models/services/service-groups.ts';
import { IngressController } from '../models/services/ingress-controller.ts';
import { IngressCollector } from './collectors/ingress-collector.ts';
import { ControlPlane } from '../models/control-plane/control-plane.ts';
import { ProgrammedEndpoints } from '../models/control-plane/programmed-endpoints.ts';
import { ControlPlaneCollector } from './collectors/control-plane-collector.ts';
import { RolloutCollector } from './collectors/rollout-collector.ts';
import { SyncContentionCollector } from './collectors/sync-contention-collector.ts';
import { UdpServiceFlows } from '../models/workloads/udp-service-flows.ts';
import { ConnectionPackets } from '../models/services/connection-packets.ts';
import { UdpFlowCollector } from './collectors/udp-flow-collector.ts';

const cdfFractions = Array.from({ length: 101 }, (_, i) => i / 100);

/** A conntrack table per node, made when traffic first touches the node, with kube-proxy's
 *  nf_conntrack_max and timeouts unless the scenario sets them. */
export function conntrackTables(config: ModelConfig, s: ServiceModelConfig, profile: CostProfile) {
  const max = s.conntrack.max ?? kubeProxyConntrackMax(config.cluster.coresPerNode);
  const ctConfig = { max, buckets: s.conntrack.buckets ?? Math.max(1, Math.floor(max / 4)), timeoutsNs: { ...kubeProxyTimeoutsNs, ...s.conntrack.timeoutsNs } };
  const tables = new Map<number, ConntrackTable>();
  // Looked up by index for every packet: a dense array (the Map keeps creation order for readers).
  const byNode = new Array<ConntrackTable | undefined>(config.cluster.nodes).fill(undefined);
  const conntrack = (node: number): ConntrackTable => {
    let t = byNode[node];
    if (t === undefined) {
      t = new ConntrackTable(ctConfig, profile);
      tables.set(node, t);
      byNode[node] = t;
    }
    return t;
  };
  return { max, tables, conntrack };
}

/** The model of one replication, built on a fresh simulation and not yet run. */
export function buildServiceModel(config: ModelConfig, s: ServiceModelConfig, seed: number, replication: number) {
  const sim = new Simulation();
  const streams = new Streams(seed, replication);
  const profile = resolveProfile(config.profile, config.costs);
  const backend = backendOf(config.network.backend);
  const cluster = new Cluster(sim, config.cluster, profile, backend, true);
  const addressing = new PodAddressing(s.addressing);
  const catalogue = new ServiceCatalogue(s.catalogue, addressing, s.traffic.clientNodes);
  const options = serviceOptions(s.proxy, catalogue, config.cluster.zones);
  const proxy = createProxy(s.proxy, s.catalogue, profile, streams, addressing, options);
  const balancer = options.endpoints?.local ? new ExternalLoadBalancer(s.traffic.clientNodes, options.endpoints) : null;
  const { max, tables, conntrack } = conntrackTables(config, s, profile);
  let policies = null;
  if (s.policies) {
    const cost = new PolicySyncCost(s.policies, config.cluster.nodes, profile);
    policies = { enforcer: createPolicyEnforcer(s.policies, profile), cost, programming: new PolicyProgramming(sim, cluster, s.policies, cost, streams) };
  }
  const ingress = s.ingress?.enabled ? new IngressController(sim, cluster, catalogue, proxy, conntrack, s.ingress, s.traffic) : null;
  const controlPlane = config.controlPlane ? new ControlPlane(sim, cluster, config.controlPlane, profile, streams) : null;
  const programmed = controlPlane?.rollout
    ? new ProgrammedEndpoints(proxy, controlPlane, controlPlane.rollout, streams.get('rollout/endpoint-pick'), config.controlPlane!.instantProgramming ?? false, profile)
    : null;
  const traffic = new ServiceTraffic(sim, cluster, catalogue, ingress?.front ?? programmed ?? proxy, conntrack, s.traffic, streams, policies?.enforcer ?? null, balancer, ingress);
  traffic.endpointFate = programmed;
  const udp = udpFlowsOf(sim, cluster, catalogue, proxy, conntrack, controlPlane, config, s, streams);
  return { sim, streams, cluster, catalogue, proxy, tables, conntrack, traffic, max, policies, options, balancer, ingress, controlPlane, programmed, udp };
}

/** The UDP flows to the rolled Service, with their own programmed view and pick stream; null
 *  without `udpFlows` (the schema lets them in only with a rollout). */
function udpFlowsOf(
  sim: Simulation, cluster: Cluster, catalogue: ServiceCatalogue, proxy: ServiceProxy, conntrack: (node: number) => ConntrackTable,
  controlPlane: ControlPlane | null, config: ModelConfig, s: ServiceModelConfig, streams: Streams,
): UdpServiceFlows | null {
  const rollout = controlPlane?.rollout;
  if (!s.udpFlows || !rollout) return null;
  const instant = config.controlPlane!.instantProgramming ?? false;
  const view = new ProgrammedEndpoints(proxy, controlPlane!, rollout, streams.get('udp/endpoint-pick'), instant, cluster.profile);
  return new UdpServiceFlows(
    sim, cluster, catalogue, new ConnectionPackets(cluster, proxy, conntrack), conntrack, view, controlPlane!, rollout,
    config.controlPlane!.version, instant, s.traffic.clientNodes, s.udpFlows,
  );
}

export function runServiceReplication(config: ModelConfig, s: ServiceModelConfig, seed: number, replication: number): ReplicationResult {
  const { sim, cluster, catalogue, proxy, tables, conntrack, traffic, policies, options, ingress, controlPlane, programmed, udp } = buildServiceModel(config, s, seed, replication);
  const withOptions = options.endpoints !== undefined || options.affinity !== undefined || config.cluster.zones !== undefined;
  const period = new MeasuredPeriod(config.run);
  const collectors = [
    new RequestCollector(sim, period, { answered: traffic.answered, issued: traffic.issued }, cdfFractions),
    new ConnectionCollector(sim, period, traffic, ingress?.front ?? proxy),
    new RoleCpuCollector(cluster, period, s.traffic.clientNodes),
    new ConntrackCollector(sim, tables, conntrack(s.traffic.clientNodes[0]), s.conntrack.sampleNs, period),
    new DropCollector(sim, cluster, period, { client_node: s.traffic.clientNodes[0] }, { generators: traffic.generators, lost: () => traffic.lost }, true,
      programmed ? [...dropReasons, ...endpointFateDropReasons] : dropReasons),
    new ConservationCheck(cluster.carrier),
    ...(traffic.dns ? [new DnsCollector(sim, cluster, period, traffic.dns)] : []),
    ...(controlPlane ? [new ControlPlaneCollector(controlPlane, config.controlPlane!, period, true), new SyncContentionCollector(sim, period, traffic, controlPlane)] : []),
    ...(programmed ? [new RolloutCollector(sim, period, traffic, programmed, controlPlane!, cluster, catalogue, s.traffic.clientNodes)] : []),
    ...(udp ? [new UdpFlowCollector(sim, period, udp)] : []),
    ...(policies ? [new PolicyCollector(period, policies.enforcer, policies.cost, policies.programming)] : []),
    ...(s.ingress ? [new IngressCollector(sim, period, cluster.carrier, traffic.answered, ingress)] : []),
    ...(withOptions ? [new ServiceOptionsCollector(period, traffic, cluster, {
      endpointsPerService: new ServiceGroups(s.catalogue.groups).endpointsOf(s.catalogue.firstTarget ?? 0), requestBytes: s.traffic.requestBytes, responseBytes: s.traffic.responseBytes,
      affinity: options.affinity !== undefined, zoned: (config.cluster.zones ?? 1) > 1,
    })] : []),
  ];
  return replicate({ sim, collectors, resetStats: () => cluster.resetStats() }, period);
}
