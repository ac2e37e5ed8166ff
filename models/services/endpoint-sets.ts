/**
 * Which endpoints of a Service kube-proxy on a node programs for a connection, as
 * pkg/proxy/topology.go (CategorizeEndpoints) decides, in the order the chains list them:
 * - traffic entering at a NodePort of a Service with `externalTrafficPolicy: Local` uses only the
 *   endpoints on that node (KUBE-SVL-*, nft's local chain, IPVS real servers of this node); with
 *   none the node drops it, and its health-check NodePort answers 503, so a load balancer sends
 *   it nothing (external-load-balancer.ts). Topology does not apply to Local endpoints;
 * - otherwise the cluster endpoints: all of them, unless the hints say otherwise
 *   (topologyModeFromHints): if every endpoint carries a node hint and one is hinted for this node,
 *   those hinted for it (PreferSameNode); else if every endpoint carries a zone hint and one is
 *   hinted for the node's zone, those (PreferSameZone); else all. With `trafficDistribution:
 *   PreferClose` the EndpointSlice controller hints each endpoint for its own zone
 *   (staging/src/k8s.io/endpointslice/trafficdist), so a node uses the endpoints in its zone when
 *   there is one, and all of them when its zone has none. With `PreferSameNode` (Kubernetes 1.33+,
 *   KEP-3015, feature gate PreferSameTrafficDistribution) it hints each endpoint for its own node
 *   and, as for PreferClose, its own zone: a node uses its own endpoints when it has one, else those
 *   of its zone, else all.
 * Every endpoint is ready and every node has a zone (zoneOf); the older `topology-mode: Auto`
 * heuristic (hints allocated by zones' CPU, dropped when a zone would be overloaded) is not
 * modelled. Sets are computed once per node and Service the traffic touches; `layout` sums a
 * node's sets over every Service for its ruleset (kube-proxy-ruleset.ts NodeLayout).
 */
import { zoneOf } from '../datapath/cluster.ts';
import type { NodeLayout } from './kube-proxy-ruleset.ts';
import type { ServiceCatalogue } from './service-catalogue.ts';

export type ExternalTrafficPolicy = 'Cluster' | 'Local';
export type TrafficDistribution = 'PreferClose' | 'PreferSameNode';

export interface EndpointSetsConfig {
  /** Applies to traffic entering at a NodePort. */
  externalTrafficPolicy: ExternalTrafficPolicy;
  /** null: no hints (every endpoint for every node). */
  trafficDistribution: TrafficDistribution | null;
  /** Zones the nodes are spread over (node i in zone i mod zones). */
  zones: number;
}

export const defaultEndpointSets: EndpointSetsConfig = { externalTrafficPolicy: 'Cluster', trafficDistribution: null, zones: 1 };

export class EndpointSets {
  /** Whether connections use only the entry node's endpoints (NodePort with policy Local). */
  readonly local: boolean;
  /** Whether the NodePorts' Services have policy Local (whatever the traffic's address). */
  readonly localPolicy: boolean;
  private readonly allOfSize = new Map<number, readonly number[]>();
  private readonly sets = new Map<number, readonly number[]>();
  /** Whether the cluster endpoints follow topology hints. */
  readonly hinted: boolean;

  constructor(readonly config: EndpointSetsConfig, private readonly catalogue: ServiceCatalogue, via: 'clusterIP' | 'nodePort') {
    this.localPolicy = config.externalTrafficPolicy === 'Local';
    this.local = via === 'nodePort' && this.localPolicy;
    const d = config.trafficDistribution;
    // Zone hints with one zone name every endpoint for every node: no filtering.
    this.hinted = d === 'PreferSameNode' || (d === 'PreferClose' && config.zones > 1);
  }

  /** All of Service `s`'s endpoint indices (one list per Service size). */
  private all(s: number): readonly number[] {
    const n = this.catalogue.groups.endpointsOf(s);
    let all = this.allOfSize.get(n);
    if (!all) {
      all = Array.from({ length: n }, (_, j) => j);
      this.allOfSize.set(n, all);
    }
    return all;
  }

  /** The endpoint indices kube-proxy on `node` programs for Service `s`, in chain order. */
  usable(node: number, s: number): readonly number[] {
    if (!this.local && !this.hinted) return this.all(s);
    const key = s * this.catalogue.addressing.config.nodes + node;
    let set = this.sets.get(key);
    if (!set) {
      set = this.local ? this.onNode(node, s) : this.cluster(node, s);
      this.sets.set(key, set);
    }
    return set;
  }

  /** Whether a load balancer's health check of `node` for Service `s` passes: with policy Local,
   *  only where an endpoint runs (kube-proxy's healthCheckNodePort); with Cluster, everywhere. */
  healthy(node: number, s: number): boolean {
    return !this.local || this.usable(node, s).length > 0;
  }

  /** Whether the nodes program different rulesets (policy Local or topology hints). */
  get perNode(): boolean {
    return this.localPolicy || this.hinted;
  }

  /** `node`'s endpoints summed over every Service, for its ruleset: cluster endpoints (after
   *  topology), those with an endpoint chain (cluster ∪ local), the Local NodePorts with a local
   *  endpoint and their local endpoints, and IPVS's NodePort real servers (local ones, or the
   *  cluster ones where there is none). Not cached: O(Services × endpoints) per call. */
  layout(node: number): NodeLayout {
    const groups = this.catalogue.groups;
    const nodePorts = this.catalogue.config.nodePortServices;
    const out: NodeLayout = { clusterEndpoints: 0, reachableEndpoints: 0, localServices: 0, localEndpoints: 0, nodePortRealServers: 0 };
    for (let s = 0; s < groups.services; s++) {
      const cluster = this.hinted ? this.cluster(node, s) : this.all(s);
      const own = this.localPolicy && s < nodePorts ? this.onNode(node, s) : [];
      const extra = this.hinted ? own.filter((j) => !cluster.includes(j)).length : 0;
      out.clusterEndpoints += cluster.length;
      out.reachableEndpoints += cluster.length + extra;
      if (own.length > 0) {
        out.localServices++;
        out.localEndpoints += own.length;
      }
      if (s < nodePorts) out.nodePortRealServers += own.length > 0 ? own.length : cluster.length;
    }
    return out;
  }

  /** Every node's layout when the nodes differ; null when they program the same endpoints. */
  nodeLayouts(): NodeLayout[] | null {
    if (!this.perNode) return null;
    return Array.from({ length: this.catalogue.addressing.config.nodes }, (_, node) => this.layout(node));
  }

  private onNode(node: number, s: number): readonly number[] {
    return this.all(s).filter((j) => this.catalogue.endpointNode(s, j) === node);
  }

  /** topologyModeFromHints then availableForTopology: same node, else same zone, else all. */
  private cluster(node: number, s: number): readonly number[] {
    if (this.config.trafficDistribution === 'PreferSameNode') {
      const mine = this.onNode(node, s);
      if (mine.length > 0) return mine;
    }
    return this.sameZone(node, s);
  }

  private sameZone(node: number, s: number): readonly number[] {
    const z = zoneOf(node, this.config.zones);
    const near = this.all(s).filter((j) => zoneOf(this.catalogue.endpointNode(s, j), this.config.zones) === z);
    return near.length > 0 ? near : this.all(s);
  }
}
