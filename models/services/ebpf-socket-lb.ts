/**
 * eBPF socket-level load balancing (Cilium's kube-proxy replacement): a cgroup connect() hook
 * looks the Service up in a BPF hash map and rewrites the socket's destination to a backend, so
 * packets leave already addressed to the endpoint: no per-packet NAT, no conntrack translation and
 * no netfilter service rules on any node. The flow itself is still tracked where it crosses a host
 * namespace. Backend choice is uniform random (Cilium's default "random" algorithm).
 */
import type { RandomStream, Streams } from '../../sim/index.ts';
import type { CostProfile } from '../profiles/cost-profile.ts';
import type { ServiceCatalogueConfig } from './service-catalogue.ts';
import { ServiceGroups } from './service-groups.ts';
import type { Selection, ServiceProxy } from './proxier.ts';

export class EbpfSocketLb implements ServiceProxy {
  readonly mode = 'ebpf';
  readonly rules = 0;
  readonly connectNs: number;
  readonly translates = false;
  readonly unmatchedNs = 0;
  readonly translateNs = 0;
  readonly filterNs = 0;
  private readonly random = new Map<number, RandomStream>();

  private readonly groups: ServiceGroups;

  constructor(services: ServiceCatalogueConfig, costs: CostProfile, private readonly streams: Streams) {
    this.groups = new ServiceGroups(services.groups);
    this.connectNs = costs.ebpfConnectNs;
  }

  select(node: number, s: number): Selection {
    let stream = this.random.get(node);
    if (!stream) {
      stream = this.streams.get(`ebpf-backend/node-${node}`);
      this.random.set(node, stream);
    }
    return { endpoint: stream.integer(this.groups.endpointsOf(s)), ns: 0, rulesWalked: 0, masquerade: false };
  }

  closed(): void {}
}
