/**
 * flannel host-gw: plain routing. Each node holds one route per other node's pod CIDR via that
 * node's address (n − 1 routes), so packets leave unencapsulated at MTU 1500; it needs the nodes
 * on one L2 segment. The NIC sees the pods' TCP header, so RSS spreads connections over queues.
 */
import type { Backend, BackendContext, OuterHeader } from './backend.ts';
import type { Stage } from '../datapath/packet-path.ts';

export class HostGwBackend implements Backend {
  readonly name = 'host-gw';
  readonly offloadPath = 'plain' as const;
  readonly encapBytes = 0;

  routes(nodes: number): number {
    return nodes - 1;
  }

  fdbEntries(): number {
    return 0;
  }

  arpEntries(): number {
    return 0;
  }

  outerHeader([srcPort, dstPort]: readonly [number, number]): OuterHeader {
    return { protocol: 'tcp', srcPort, dstPort };
  }

  egress({ profile, from, to, senderResource }: BackendContext): Stage[] {
    return [{ name: `route via node-${to} (host-gw)`, node: from, netns: 'host', side: 'kernel', resource: senderResource, ns: profile.routeNs }];
  }

  ingress({ profile, to }: BackendContext): Stage[] {
    return [{ name: 'route to cni0', node: to, netns: 'host', side: 'kernel', resource: 'softirq', ns: profile.routeNs }];
  }
}
