/**
 * The source port a pod's connect() is given (net/ipv4/inet_hashtables.c __inet_hash_connect,
 * Linux 4.4): port = low + (i + hint + offset) % remaining over net.ipv4.ip_local_port_range,
 * where `offset` is secure_ipv4_port_ephemeral(saddr, daddr, dport), fixed for a pod and a
 * destination, and `hint` is a static of the kernel, shared by every network namespace on the
 * node, that grows by the ports tried at each connect(). So a node's pods calling one destination
 * walk the range in step, each from its own offset: a pod's port was another pod's a fixed number
 * of connects earlier, and once the node's connects of the last TIME_WAIT span cover the range
 * most original ports are held by the node's conntrack entries. Simplifications: a random draw
 * per pod stands in for the keyed hash; the first port tried is taken (the pod's own sockets and
 * TIME_WAIT buckets are not checked, which matters above ~28,000 connects per pod per 60 s);
 * 4.6's preference for even ports is not modelled.
 */
import type { RandomStream } from '../../sim/index.ts';
import type { Parameters } from '../parameters.ts';

export const ephemeralPortParameters = {
  localPortFirst: {
    value: 32768, unit: 'port', min: 1, max: 65535, integer: true,
    doc: 'net.ipv4.ip_local_port_range, its first port: the lowest ephemeral source port of a pod\'s connect().',
    source: 'Linux default 32768 (net/ipv4/af_inet.c inet_init_net).',
  },
  localPortLast: {
    value: 60999, unit: 'port', min: 1, max: 65535, integer: true,
    doc: 'net.ipv4.ip_local_port_range, its last port.',
    source: 'Linux default 60999 (inet_init_net); 61000 before 4.6, as I recall it (not checked against the tree here).',
  },
} as const satisfies Parameters;

export class EphemeralPorts {
  private hint = 0;
  private readonly offsets = new Map<string, number>();

  constructor(private readonly first: number, private readonly last: number, private readonly random: RandomStream) {
    if (!(Number.isInteger(first) && Number.isInteger(last) && first <= last)) throw new RangeError(`ip_local_port_range must be first <= last, got ${first}-${last}`);
  }

  /** The port of pod `pod`'s next connect() to the one destination. */
  next(pod: string): number {
    let offset = this.offsets.get(pod);
    if (offset === undefined) {
      offset = this.random.integer(2 ** 32);
      this.offsets.set(pod, offset);
    }
    const remaining = this.last - this.first + 1;
    const port = this.first + ((1 + this.hint + offset) % remaining);
    this.hint++;
    return port;
  }
}
