/**
 * No Service at all: the client connects to a pod IP (the baseline a benchmark runs beside the
 * Service, or a headless Service the client resolves itself). No kube-proxy rules, no selection,
 * no translation; conntrack still tracks the flow on every node whose host namespace it crosses
 * (the connection model does that for every mode). The client picks one of the target's pods
 * uniformly at random per connection, as a client round-robining over a headless Service's
 * addresses would on average.
 */
import type { RandomStream, Streams } from '../../sim/index.ts';
import type { ServiceCatalogueConfig } from './service-catalogue.ts';
import { ServiceGroups } from './service-groups.ts';
import type { Selection, ServiceProxy } from './proxier.ts';

export class DirectPodIp implements ServiceProxy {
  readonly mode = 'none';
  readonly rules = 0;
  readonly connectNs = 0;
  readonly translates = false;
  readonly unmatchedNs = 0;
  readonly translateNs = 0;
  readonly filterNs = 0;
  private readonly random = new Map<number, RandomStream>();

  private readonly groups: ServiceGroups;

  constructor(services: ServiceCatalogueConfig, private readonly streams: Streams) {
    this.groups = new ServiceGroups(services.groups);
  }

  select(node: number, s: number): Selection {
    let stream = this.random.get(node);
    if (!stream) {
      stream = this.streams.get(`pod-ip/node-${node}`);
      this.random.set(node, stream);
    }
    return { endpoint: stream.integer(this.groups.endpointsOf(s)), ns: 0, rulesWalked: 0, masquerade: false };
  }

  closed(): void {}
}
