/**
 * flannel VXLAN: the kernel VTEP `flannel.1`. flannel programs, per remote node, a route to its
 * pod CIDR via flannel.1 (onlink, gateway = the remote VTEP's address), an ARP entry (that
 * address → the remote VTEP's MAC) and an FDB entry (that MAC → the remote node's IP). On
 * transmit the VTEP looks up both, wraps the frame in outer Ethernet/IP/UDP/VXLAN headers (+50
 * bytes: inner Ethernet 14, IP 20, UDP 8, VXLAN 8; pod MTU 1450) and sends it to UDP port 8472;
 * the outer source port is a hash of the inner flow (udp_flow_src_port), so a NIC that hashes UDP
 * ports spreads connections over receive queues and one that does not puts them all on one. On
 * receive: UDP demux to the VXLAN socket, decapsulation, and the inner frame is handed to the
 * stack again through flannel.1. All in the kernel: no crossing, no copy.
 */
import type { Backend, BackendContext, OuterHeader } from './backend.ts';
import type { Stage } from '../datapath/packet-path.ts';
import { fnv1a } from '../datapath/rss.ts';

/** Linux's default ephemeral range (32768–60999), from which udp_flow_src_port picks. */
const sourcePortBase = 32768;
const sourcePortCount = 28232;

export class VxlanBackend implements Backend {
  readonly name = 'vxlan';
  readonly offloadPath = 'tunnel' as const;
  readonly encapBytes = 50;
  readonly udpPort = 8472;

  routes(nodes: number): number {
    return nodes - 1;
  }

  fdbEntries(nodes: number): number {
    return nodes - 1;
  }

  arpEntries(nodes: number): number {
    return nodes - 1;
  }

  outerHeader([a, b]: readonly [number, number]): OuterHeader {
    const srcPort = sourcePortBase + (fnv1a([Math.min(a, b), Math.max(a, b)]) % sourcePortCount);
    return { protocol: 'udp', srcPort, dstPort: this.udpPort };
  }

  egress({ profile: p, from, to, senderResource }: BackendContext): Stage[] {
    const at = { node: from, netns: 'host', side: 'kernel' as const, resource: senderResource };
    return [
      { name: `route via flannel.1 (node-${to} subnet, onlink)`, ...at, ns: p.routeNs },
      { name: 'vxlan encap (flannel.1: ARP + FDB lookup, outer route, UDP/IP :8472)', ...at, ns: p.vtepLookupNs + p.routeNs + p.udpTxNs },
    ];
  }

  ingress({ profile: p, to }: BackendContext): Stage[] {
    const at = { node: to, netns: 'host', side: 'kernel' as const, resource: 'softirq' as const };
    return [
      { name: 'ip/udp rx → vxlan socket :8472', ...at, ns: p.udpRxNs },
      { name: 'vxlan decap, netif_rx via flannel.1', ...at, ns: p.netifRxNs },
      { name: 'route to cni0', ...at, ns: p.routeNs },
    ];
  }
}
