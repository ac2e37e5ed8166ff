/**
 * Which endpoints of a Service kube-proxy on a node programs for a connection, as
 * pkg/proxy/topology.go (CategorizeEndpoints) decides, in the order the chains list them:
 * - traffic entering at a NodePort of a Service with `externalTrafficPolicy: Local` uses only the
 *   endpoints on that node (KUBE-SVL-*, nft's local chain, IPVS real servers of this node); with
 *   none the node drops it, and its health-check NodePort answers 503, so a load balancer sends
 *   it nothing (external-load-balancer.ts). Topology does not apply to Local endpoints;
 * - otherwise the cluster endpoints: all of them, unless every endpoint carries a zone hint and
 *   at least one is hinted for the node's zone (topologyModeFromHints), when only those hinted for
 *   it. With `trafficDistribution: PreferClose` the EndpointSlice controller hints each endpoint
 *   for its own zone (staging/src/k8s.io/endpointslice/trafficdist), so a node uses the
 *   endpoints in its zone when there is one, and all of them when its zone has none.
 * Every endpoint is ready and every node has a zone (zoneOf); the older `topology-mode: Auto`
 * heuristic (hints allocated by zones' CPU, dropped when a zone would be overloaded) is not
 * modelled. Sets are computed once per node and Service the traffic touches.
 */
import { zoneOf } from '../datapath/cluster.ts';
import type { ServiceCatalogue } from './service-catalogue.ts';

export type ExternalTrafficPolicy = 'Cluster' | 'Local';
export type TrafficDistribution = 'PreferClose';

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
  private readonly allOfSize = new Map<number, readonly number[]>();
  private readonly sets = new Map<number, readonly number[]>();
  private readonly hinted: boolean;

  constructor(readonly config: EndpointSetsConfig, private readonly catalogue: ServiceCatalogue, via: 'clusterIP' | 'nodePort') {
    this.local = via === 'nodePort' && config.externalTrafficPolicy === 'Local';
    this.hinted = !this.local && config.trafficDistribution === 'PreferClose' && config.zones > 1;
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
      set = this.local ? this.all(s).filter((j) => this.catalogue.endpointNode(s, j) === node) : this.sameZone(node, s);
      this.sets.set(key, set);
    }
    return set;
  }

  /** Whether a load balancer's health check of `node` for Service `s` passes: with policy Local,
   *  only where an endpoint runs (kube-proxy's healthCheckNodePort); with Cluster, everywhere. */
  healthy(node: number, s: number): boolean {
    return !this.local || this.usable(node, s).length > 0;
  }

  private sameZone(node: number, s: number): readonly number[] {
    const z = zoneOf(node, this.config.zones);
    const near = this.all(s).filter((j) => zoneOf(this.catalogue.endpointNode(s, j), this.config.zones) === z);
    return near.length > 0 ? near : this.all(s);
  }
}
