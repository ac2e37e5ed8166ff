/**
 * Header sizes and the arithmetic from a payload to bytes on the wire. TCP carries the timestamp
 * option (Linux default), so a 1500-byte MTU gives a 1448-byte MSS. On the wire each frame also
 * pays Ethernet header and FCS, preamble with start delimiter, and the inter-frame gap.
 */

/** IPv4 header without options, bytes. */
export const ipv4HeaderBytes = 20;
/** TCP header with the timestamp option Linux negotiates by default (20 + 12), bytes. */
export const tcpHeaderBytes = 32;
/** UDP header, bytes. */
export const udpHeaderBytes = 8;
/** Ethernet header 14 + FCS 4, bytes. */
export const ethernetFrameOverheadBytes = 18;
/** Preamble and start delimiter 8 + inter-frame gap 12: wire time no frame carries, bytes. */
export const ethernetGapBytes = 20;

/** TCP payload per segment for an interface MTU. */
export function mssBytes(mtu: number): number {
  return mtu - ipv4HeaderBytes - tcpHeaderBytes;
}

/** Bytes of an IP packet carrying `payloadBytes` of TCP payload, before any encapsulation. */
export function ipPacketBytes(payloadBytes: number): number {
  return payloadBytes + tcpHeaderBytes + ipv4HeaderBytes;
}

/** Bytes of an IP packet carrying one UDP datagram of `payloadBytes`, before any encapsulation. */
export function udpPacketBytes(payloadBytes: number): number {
  return payloadBytes + udpHeaderBytes + ipv4HeaderBytes;
}

/** Wire occupancy of one frame carrying an IP packet of `ipBytes` after `encapBytes` of tunnel
 *  headers: what serialization time is charged for. */
export function wireBytes(ipBytes: number, encapBytes: number): number {
  return ipBytes + encapBytes + ethernetFrameOverheadBytes + ethernetGapBytes;
}
