/**
 * Segmentation and receive offloads as the data path uses them. With TSO (the NIC cuts) or GSO
 * (software cuts just before the driver, skb_segment, at `gsoSegmentNs` a segment) the sender's
 * stack handles one super-segment of up to gso_max_size bytes: TCP, veth, bridge, routing and a
 * tunnel's encapsulation run once for it. With GRO the receiving NAPI poll merges consecutive
 * segments of one flow (napi_gro_receive → inet_gro_receive → tcp_gro_receive) up to
 * gro_max_size bytes, so everything above the driver runs once per merged packet; the driver
 * still runs per frame. A tunnel keeps both only with UDP tunnel offload (tx-udp_tnl-segmentation
 * and GRO through the VXLAN socket; tx-ipxip4-segmentation for IPIP counts with it); without it
 * an encapsulating backend pays per segment, as does flanneld's TUN (one packet per read()) and
 * WireGuard (it segments before encrypting; see wireguard-backend.ts). TSO needs checksum
 * offload, as Linux drops TSO when tx checksumming is off (netdev_fix_features); without
 * checksum offload the stack sums every payload byte each way.
 * Simplifications: GRO merges the frames of one train (one super-segment's frames, back to back
 * on the wire and within one NAPI poll of 64 frames; MAX_GRO_SKBS = 8 flows per queue are never
 * exceeded by the few flows modelled), never frames of separate sends that happen to share a
 * poll, so GRO is understated for a sender without TSO/GSO. A frame's GRO attempt is part of
 * nicRxNs (the drivers it was measured on run GRO by default), so merging adds no cost.
 */
import { ipv4HeaderBytes, tcpHeaderBytes } from './packet.ts';

export interface Offloads {
  /** tx-tcp-segmentation: the NIC cuts super-segments; the driver runs once per super-segment. */
  tso: boolean;
  /** tx-generic-segmentation: software cuts super-segments just before the driver. */
  gso: boolean;
  /** generic-receive-offload: segments of one flow merged per NAPI poll. */
  gro: boolean;
  /** tx/rx-checksumming: off, the stack sums every payload byte on transmit and on receive. */
  checksum: boolean;
  /** tx-udp_tnl-segmentation and GRO through the tunnel: an encapsulating backend keeps TSO/GRO. */
  udpTunnel: boolean;
  /** gso_max_size: the largest super-segment, IP packet bytes (GSO_LEGACY_MAX_SIZE, 65536). */
  gsoMaxBytes: number;
  /** gro_max_size: the largest merged packet, IP packet bytes (GRO_LEGACY_MAX_SIZE, 65536). */
  groMaxBytes: number;
}

/** Every switch off: the per-segment path podpath modelled before offloads (checksum offload on,
 *  as the xeon-2019-10gbe constants assume). */
export const perSegment: Offloads = { tso: false, gso: false, gro: false, checksum: true, udpTunnel: false, gsoMaxBytes: 65536, groMaxBytes: 65536 };

/** How a backend's encapsulation meets segmentation offloads: 'plain' no tunnel header;
 *  'tunnel' a kernel tunnel that keeps offloads with udpTunnel; 'none' never (a TUN read by a
 *  daemon, a device that segments before its own per-packet work). */
export type OffloadPath = 'plain' | 'tunnel' | 'none';

/** Segments of `mssBytes` in one IP packet of at most `maxBytes`. */
function segmentsIn(maxBytes: number, mssBytes: number): number {
  return Math.max(1, Math.floor((maxBytes - ipv4HeaderBytes - tcpHeaderBytes) / mssBytes));
}

/** The most segments the sender's stack handles as one unit on a path of kind `path`. */
export function sendUnitSegments(o: Offloads, path: OffloadPath, mssBytes: number): number {
  if (path === 'none' || (path === 'tunnel' && !o.udpTunnel)) return 1;
  if (!(hardwareSegmentation(o) || o.gso)) return 1;
  return segmentsIn(o.gsoMaxBytes, mssBytes);
}

/** Whether the NIC cuts super-segments (TSO is dropped without checksum offload). */
export function hardwareSegmentation(o: Offloads): boolean {
  return o.tso && o.checksum;
}

/** Packets the receiver's stack above the driver handles for a train of `segments` frames. */
export function mergedPackets(o: Offloads, path: OffloadPath, mssBytes: number, segments: number): number {
  if (!o.gro || path === 'none' || (path === 'tunnel' && !o.udpTunnel)) return segments;
  return Math.ceil(segments / segmentsIn(o.groMaxBytes, mssBytes));
}
