/**
 * flannel UDP: the TUN device `flannel0` and one single-threaded flanneld per node, its proxy
 * loop (flannel backend/udp/proxy_amd64.c) polling the TUN file and a UDP socket on port 8285.
 * Sender: the kernel routes the pod's packet to flannel0 (one route for the whole cluster CIDR)
 * and queues it for flanneld; flanneld read()s it (kernel → user, one copy), finds the node for
 * the subnet in its own table, and sendto()s it (user → kernel, one copy; +28 bytes of outer IP
 * and UDP, pod MTU 1472); the datagram's UDP/IP output and the driver's transmit run in that
 * system call, in flanneld's thread. Receiver: softirq delivers the datagram to flanneld's
 * socket; flanneld recvfrom()s it (kernel → user, one copy) and write()s it to flannel0 (user →
 * kernel, one copy), and the write hands the inner packet to the stack in flanneld's own context
 * (netif_rx_ni), so routing, bridge, veth, TCP receive, and the ACK TCP sends back, also run in
 * flanneld's thread. The loop tries both descriptors each turn: one fails with EAGAIN per packet.
 * Both directions share the one thread: a station with one server. Ports are fixed (8285 ↔
 * 8285), so RSS puts all of it on one receive queue whatever the NIC hashes.
 * Simplification: flanneld never sleeps in poll() (no wake-up cost), as under load.
 */
import type { Backend, BackendContext, OuterHeader } from './backend.ts';
import type { Stage } from '../datapath/packet-path.ts';

export class FlannelUdpBackend implements Backend {
  readonly name = 'udp';
  readonly offloadPath = 'none' as const;
  readonly encapBytes = 28;
  readonly udpPort = 8285;
  readonly transmitResource = 'flanneld' as const;
  readonly deliveryResource = 'flanneld' as const;

  routes(): number {
    return 1;
  }

  fdbEntries(): number {
    return 0;
  }

  arpEntries(): number {
    return 0;
  }

  outerHeader(): OuterHeader {
    return { protocol: 'udp', srcPort: this.udpPort, dstPort: this.udpPort };
  }

  egress({ profile: p, from, ipBytes, senderResource }: BackendContext): Stage[] {
    const kernel = { node: from, netns: 'host', side: 'kernel' as const };
    const daemon = { node: from, netns: 'host', resource: 'flanneld' as const };
    const copyNs = Math.round(p.syscallNs + p.copyNsPerByte * ipBytes);
    return [
      { name: 'route to flannel0 (cluster CIDR)', ...kernel, resource: senderResource, ns: p.routeNs },
      { name: 'tun xmit: queue for flanneld', ...kernel, resource: senderResource, ns: p.tunXmitNs },
      { name: 'flanneld read() from flannel0', ...daemon, side: 'user', ns: copyNs, crossing: 'kernel→user', copiedBytes: ipBytes },
      { name: 'flanneld find_route, TTL', ...daemon, side: 'user', ns: p.flanneldUserNs },
      { name: 'flanneld sendto() :8285', ...daemon, side: 'user', ns: copyNs, crossing: 'user→kernel', copiedBytes: ipBytes },
      { name: 'udp/ip output (in sendto)', ...daemon, side: 'kernel', ns: p.routeNs + p.udpTxNs },
      { name: 'flanneld poll loop: EAGAIN on the socket', ...daemon, side: 'kernel', ns: p.syscallNs },
    ];
  }

  ingress({ profile: p, to, ipBytes }: BackendContext): Stage[] {
    const daemon = { node: to, netns: 'host', resource: 'flanneld' as const };
    const copyNs = Math.round(p.syscallNs + p.copyNsPerByte * ipBytes);
    return [
      { name: 'ip/udp rx → flanneld socket :8285', node: to, netns: 'host', side: 'kernel', resource: 'softirq', ns: p.udpRxNs },
      { name: 'flanneld recvfrom()', ...daemon, side: 'user', ns: copyNs, crossing: 'kernel→user', copiedBytes: ipBytes },
      { name: 'flanneld TTL', ...daemon, side: 'user', ns: p.flanneldUserNs },
      { name: 'flanneld write() to flannel0', ...daemon, side: 'user', ns: copyNs, crossing: 'user→kernel', copiedBytes: ipBytes },
      { name: 'netif_rx_ni (in write)', ...daemon, side: 'kernel', ns: p.netifRxNs },
      { name: 'route to cni0', ...daemon, side: 'kernel', ns: p.routeNs },
      { name: 'flanneld poll loop: EAGAIN on flannel0', ...daemon, side: 'kernel', ns: p.syscallNs },
    ];
  }
}
