/**
 * Host networking (`hostNetwork: true`, Docker's `--net=host`): the pods share their node's
 * network namespace, so a segment leaves the socket straight for the node's NIC and arrives from
 * it straight at the socket. No veth pair, no bridge, no forwarding lookup between namespaces and
 * no encapsulation: the socket's own route lookup (part of TCP/IP transmit and receive, as for a
 * pod) is the only routing. It is the reference every pod network is compared with (MachineZone
 * 2015), not a flannel backend: it programs no routes, FDB or neighbour entries for pods. The NIC
 * sees the connection's TCP header, so RSS spreads connections over queues.
 */
import type { Backend, OuterHeader } from './backend.ts';
import type { Stage } from '../datapath/packet-path.ts';

export class HostNetwork implements Backend {
  readonly name = 'host';
  readonly offloadPath = 'plain' as const;
  readonly encapBytes = 0;
  readonly hostNetwork = true;

  routes(): number {
    return 0;
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

  egress(): Stage[] {
    return [];
  }

  ingress(): Stage[] {
    return [];
  }
}
