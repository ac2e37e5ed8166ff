/**
 * The cluster's Services as a catalogue of ClusterIP (or NodePort) Services in groups of equal
 * size (service-groups.ts: one group when every Service has the same endpoints), their endpoints
 * placed round-robin, endpoint after endpoint over the whole catalogue, over the nodes that host no
 * client (`otherNodes`), over all nodes (`spread`), or over the client nodes (`clientNode`, so
 * every connection stays on its node when there is one client node). Nothing is stored per Service
 * or endpoint: an endpoint's node and a Service's address are functions of their indices (and the
 * groups' prefix sums), so 50,000 Services and 500,000 endpoints cost nothing until traffic
 * touches them. Which Service a request goes to follows a popularity law (uniform, or Zipf with
 * exponent s) over `targetServices` Services from `firstTarget` on (the first ones of the
 * catalogue, or of one group). Addresses come from the cluster's one scheme (pod-addressing.ts).
 */
import type { RandomStream } from '../../sim/index.ts';
import type { PodAddressing } from '../datapath/pod-addressing.ts';
import type { Parameters } from '../parameters.ts';
import { type ServiceGroup, ServiceGroups } from './service-groups.ts';

/** The catalogue's sizes (`services:`), declared once. */
export const serviceCatalogueParameters = {
  count: {
    value: 1000, unit: 'Services', min: 0, max: 1_000_000, integer: true,
    doc: 'Services in the cluster; 0 only with proxy.mode none (the clients call the pods of one Deployment by pod IP).',
    source: "A choice: a mid-sized cluster. The bound of 1,000,000 is a guard, 100 times Kubernetes' tested 10,000 Services per cluster (SIG Scalability thresholds).",
  },
  endpointsPerService: {
    value: 10, unit: 'endpoints', min: 1, integer: true,
    doc: "Endpoints (ready pods) of each Service.",
    source: 'A choice: a Deployment of 10 replicas.',
  },
  nodePorts: {
    value: 0, unit: 'Services', min: 0, integer: true,
    doc: 'How many of the Services (the first ones) are also NodePorts (externalTrafficPolicy Cluster).',
    source: 'A choice: ClusterIP Services only.',
  },
  targetServices: {
    absent: 'all of them', unit: 'Services', min: 1, integer: true,
    doc: 'How many Services (the first ones) the clients call.',
    source: 'A choice of the scenario: by default the clients call every Service.',
  },
} as const satisfies Parameters;

/** One entry of `services.groups`, declared once. */
export const serviceGroupParameters = {
  count: {
    value: 1, unit: 'Services', min: 1, max: serviceCatalogueParameters.count.max, integer: true,
    doc: "Services in the group, each with the group's endpointsPerService.",
    source: 'A choice: one Service (a group of one, such as one large Service among small ones).',
  },
  endpointsPerService: serviceCatalogueParameters.endpointsPerService,
} as const satisfies Parameters;

export type Popularity = { kind: 'uniform' } | { kind: 'zipf'; exponent: number };
export type EndpointPlacement = 'spread' | 'clientNode' | 'otherNodes';

/** Where the called Service's rule sits in the list a new connection walks (iptables
 *  KUBE-SERVICES or KUBE-NODEPORTS, the userspace proxy's portals): uniform (kube-proxy's Go map
 *  order, re-drawn at every sync), first, or last (behind every other Service). */
export type TargetPosition = 'uniform' | 'first' | 'last';

export interface ServiceCatalogueConfig {
  /** The Services, group after group; counts of 0 only for a catalogue of no Service. */
  groups: readonly ServiceGroup[];
  /** Services that are also NodePorts (the first ones). */
  nodePortServices: number;
  /** The first Service receiving the clients' requests. Absent: 0. */
  firstTarget?: number;
  /** Services that receive the clients' requests (from firstTarget on). */
  targetServices: number;
  /** Absent: uniform. */
  position?: TargetPosition;
  popularity: Popularity;
  /** Absent: otherNodes. */
  placement?: EndpointPlacement;
}

export class ServiceCatalogue {
  readonly groups: ServiceGroups;
  private readonly serverNodes: number[];
  private readonly zipfCdf: Float64Array | null = null;

  constructor(readonly config: ServiceCatalogueConfig, readonly addressing: PodAddressing, clientNodes: number[]) {
    this.groups = new ServiceGroups(config.groups);
    const nodes = addressing.config.nodes;
    const clients = new Set(clientNodes);
    const all = Array.from({ length: nodes }, (_, i) => i);
    const others = all.filter((i) => !clients.has(i));
    this.serverNodes = config.placement === 'clientNode' ? [...clientNodes]
      : config.placement === 'spread' || others.length === 0 ? all : others;
    const p = config.popularity;
    if (p.kind === 'zipf') {
      const n = config.targetServices;
      const cdf = new Float64Array(n);
      let sum = 0;
      for (let k = 0; k < n; k++) cdf[k] = sum += 1 / Math.pow(k + 1, p.exponent);
      for (let k = 0; k < n; k++) cdf[k] /= sum;
      this.zipfCdf = cdf;
    }
  }

  /** The node hosting endpoint `j` of Service `s`. */
  endpointNode(s: number, j: number): number {
    const k = this.groups.endpointIndex(s, j);
    return this.serverNodes[k % this.serverNodes.length];
  }

  /** The Service a request goes to, drawn from `stream`. */
  pick(stream: RandomStream): number {
    const u = stream.random();
    const first = this.config.firstTarget ?? 0;
    const cdf = this.zipfCdf;
    if (!cdf) return first + Math.floor(u * this.config.targetServices);
    let lo = 0, hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return first + lo;
  }
}

/** Service `s`'s place (0: first) in a list of `listed` Services walked rule by rule: the
 *  scenario's position for a Service the clients target, uniform for any other (kube-dns). */
export function listPosition(config: ServiceCatalogueConfig, s: number, listed: number, order: RandomStream): number {
  const first = config.firstTarget ?? 0;
  const targeted = s >= first && s < first + config.targetServices;
  switch (targeted ? config.position ?? 'uniform' : 'uniform') {
    case 'uniform':
      return order.integer(listed);
    case 'first':
      return 0;
    case 'last':
      return listed - 1;
  }
}
