/**
 * flannel IPIP: the kernel tunnel device `tunl0`. One route per remote node's pod CIDR via tunl0
 * (onlink, gateway = the node's address), no FDB or ARP state (an L3 device). Transmit adds an
 * outer IPv4 header (+20 bytes, pod MTU 1480) through ip_tunnel_xmit, the output path a UDP
 * datagram takes below UDP; receive demuxes protocol 4 and hands the inner packet to the stack
 * again through tunl0. IP protocol 4 carries no ports, so RSS hashes addresses only: all of it
 * between two nodes lands on one receive queue.
 */
import type { Backend, BackendContext, OuterHeader } from './backend.ts';
import type { Stage } from '../datapath/packet-path.ts';

export class IpipBackend implements Backend {
  readonly name = 'ipip';
  readonly offloadPath = 'tunnel' as const;
  readonly encapBytes = 20;

  routes(nodes: number): number {
    return nodes - 1;
  }

  fdbEntries(): number {
    return 0;
  }

  arpEntries(): number {
    return 0;
  }

  outerHeader(): OuterHeader {
    return { protocol: 'ip', srcPort: 0, dstPort: 0 };
  }

  egress({ profile: p, from, to, senderResource }: BackendContext): Stage[] {
    const at = { node: from, netns: 'host', side: 'kernel' as const, resource: senderResource };
    return [
      { name: `route via tunl0 (node-${to} subnet, onlink)`, ...at, ns: p.routeNs },
      { name: 'ipip encap (tunl0: outer route, IP out)', ...at, ns: p.routeNs + p.udpTxNs },
    ];
  }

  ingress({ profile: p, to }: BackendContext): Stage[] {
    const at = { node: to, netns: 'host', side: 'kernel' as const, resource: 'softirq' as const };
    return [
      { name: 'ip rx → ipip (protocol 4)', ...at, ns: p.udpRxNs },
      { name: 'ipip decap, netif_rx via tunl0', ...at, ns: p.netifRxNs },
      { name: 'route to cni0', ...at, ns: p.routeNs },
    ];
  }
}
