/**
 * flannel's `wireguard` backend, and kernel WireGuard as any CNI uses it (drivers/net/wireguard).
 * Transmit: the pod's packet is routed to the WireGuard device; wg_xmit queues it on the
 * per-device encryption ring and on the peer's ordered queue (queueing.c), and a `wg-crypt`
 * worker on some core (a per-CPU workqueue, parallel over cores) encrypts it with
 * ChaCha20-Poly1305; the peer's tx worker then sends the encrypted packets in order through
 * udp_tunnel_xmit_skb (+60 bytes on the wire: outer IPv4 20, UDP 8, WireGuard header and tag 32).
 * Receive: the outer UDP datagram reaches the WireGuard socket in softirq, is queued for
 * decryption on the `wg-crypt` workers, and the peer's NAPI poll (wg_packet_rx_poll, one per peer)
 * takes the decrypted packets in order and hands them to the stack, which so runs the inner route,
 * bridge, veth, TCP receive, and the ACKs TCP sends, in that one context. The pod MTU leaves 80
 * bytes (room for an IPv6 outer header, as wg-quick and flannel set it): 1420 on a 1500 underlay.
 * Simplifications: one peer per node pair, and the per-peer tx worker and NAPI are one station per
 * node (exact for two nodes); order is kept because equal-size packets leave a FIFO pool of
 * workers in the order they entered it; GSO before encryption is not modelled (the kernel
 * segments a super-segment before encrypting, so the crypto is per segment either way; what is
 * missed is the stack above wg0 running once per super-segment); the outer UDP ports are fixed
 * (51820 ↔ 51820), so RSS puts a peer's traffic on one receive queue.
 */
import type { Backend, BackendContext, OuterHeader } from './backend.ts';
import type { Stage } from '../datapath/packet-path.ts';

export class WireguardBackend implements Backend {
  readonly name = 'wireguard';
  readonly encapBytes = 60;
  readonly mtuOverheadBytes = 80;
  readonly offloadPath = 'none' as const;
  readonly udpPort = 51820;
  readonly transmitResource = 'wg-tx' as const;
  readonly deliveryResource = 'wg-napi' as const;

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
    return { protocol: 'udp', srcPort: this.udpPort, dstPort: this.udpPort };
  }

  egress({ profile: p, from, to, ipBytes, senderResource }: BackendContext): Stage[] {
    const at = { node: from, netns: 'host', side: 'kernel' as const };
    return [
      { name: `route via flannel-wg (node-${to} subnet)`, ...at, resource: senderResource, ns: p.routeNs },
      { name: 'wg-crypt: chacha20-poly1305 encrypt', ...at, resource: 'wg-crypt', ns: Math.round(p.wgPacketNs + p.wgCryptNsPerByte * ipBytes) },
      { name: 'wg peer tx: udp_tunnel_xmit_skb :51820', ...at, resource: 'wg-tx', ns: p.routeNs + p.udpTxNs },
    ];
  }

  ingress({ profile: p, to, ipBytes }: BackendContext): Stage[] {
    const at = { node: to, netns: 'host', side: 'kernel' as const };
    return [
      { name: 'ip/udp rx → wireguard socket :51820', ...at, resource: 'softirq', ns: p.udpRxNs },
      { name: 'wg-crypt: chacha20-poly1305 decrypt', ...at, resource: 'wg-crypt', ns: Math.round(p.wgPacketNs + p.wgCryptNsPerByte * ipBytes) },
      { name: 'wg peer napi: netif_receive via flannel-wg', ...at, resource: 'wg-napi', ns: p.netifRxNs },
      { name: 'route to cni0', ...at, resource: 'wg-napi', ns: p.routeNs },
    ];
  }
}
