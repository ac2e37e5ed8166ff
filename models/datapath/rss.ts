/**
 * Receive-side scaling: the NIC hashes a packet's outer header and puts it on one of its receive
 * queues, each served by one core's softirq, so one flow is always processed by one core. What
 * is hashed decides how tunnels spread: TCP is hashed on addresses and ports; UDP on addresses
 * only unless the NIC is told to include ports (ixgbe's default, `ethtool -n ethX rx-flow-hash
 * udp4` → "IP SA, IP DA", to keep fragments together); other protocols (IPIP) on addresses only.
 * With addresses only, all tunnel traffic between two nodes lands on one queue. Simplification:
 * a symmetric FNV-1a hash stands in for Toeplitz with an indirection table; it has the property
 * that matters (deterministic per flow, spread over queues), not its exact mapping.
 */
import type { OuterHeader } from '../backends/backend.ts';

export function rxQueue(h: OuterHeader, nodeA: number, nodeB: number, hashUdpPorts: boolean, queues: number): number {
  if (queues <= 1) return 0;
  // fnv1a over [min node, max node (, min port, max port)], without the array: once per packet.
  let x = mix(mix(fnvOffset, Math.min(nodeA, nodeB)), Math.max(nodeA, nodeB));
  if (h.protocol === 'tcp' || (h.protocol === 'udp' && hashUdpPorts)) {
    x = mix(mix(x, Math.min(h.srcPort, h.dstPort)), Math.max(h.srcPort, h.dstPort));
  }
  return x % queues;
}

const fnvOffset = 0x811c9dc5;

/** FNV-1a over 32-bit words, unsigned. */
export function fnv1a(words: number[]): number {
  let h = fnvOffset;
  for (const w of words) h = mix(h, w);
  return h;
}

/** FNV-1a's step over the four bytes of word `w`, low byte first. */
function mix(h: number, w: number): number {
  for (let shift = 0; shift < 32; shift += 8) {
    h ^= (w >>> shift) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
