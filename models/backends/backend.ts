/**
 * What a pod-network backend (flannel host-gw, VXLAN, UDP, IPIP, WireGuard; or host networking) contributes to a packet's path
 * between nodes: the routing and encapsulation after the sender's bridge, the decapsulation and
 * routing before the receiver's bridge, the MTU it gives pod interfaces, the forwarding state it
 * programs per node, the outer header the receiving NIC hashes for RSS, and in which execution
 * context the work around it runs (kernel backends stay in the sender's and the softirq's context;
 * flannel UDP moves it into flanneld's thread).
 */
import type { CostProfile } from '../profiles/cost-profile.ts';
import type { OffloadPath } from '../datapath/offloads.ts';
import type { Resource, Stage } from '../datapath/packet-path.ts';

export interface BackendContext {
  profile: CostProfile;
  from: number;
  to: number;
  /** Bytes of the pod's IP packet (inner packet when encapsulated). */
  ipBytes: number;
  /** Context of the sender's kernel work: 'cpu' for a segment an application sends, the receive
   *  context for an ACK that TCP sends on receiving data. */
  senderResource: Resource;
}

/** The fields of a packet on the wire that receive-side scaling may hash. */
export interface OuterHeader {
  /** 'ip' for a protocol the NIC hashes on addresses only (IPIP, protocol 4). */
  protocol: 'tcp' | 'udp' | 'ip';
  srcPort: number;
  dstPort: number;
}

export interface Backend {
  readonly name: string;
  /** Tunnel headers added to each packet between nodes, bytes: the pod MTU is the underlay's
   *  less these (podMtu). */
  readonly encapBytes: number;
  /** What the pod MTU leaves for the tunnel when more than `encapBytes` (WireGuard's 80, room
   *  for an IPv6 outer header). */
  readonly mtuOverheadBytes?: number;
  /** How its encapsulation meets segmentation offloads (offloads.ts). */
  readonly offloadPath: OffloadPath;
  /** Who runs the NIC driver's transmit after egress (flanneld's sendto()); the sender's context
   *  when absent. */
  readonly transmitResource?: Resource;
  /** Context the receiver's stack runs in after ingress (flanneld's write() to TUN runs it);
   *  the receive softirq when absent. */
  readonly deliveryResource?: Resource;
  /** The pods are in their node's network namespace (host networking): no veth pair, no bridge. */
  readonly hostNetwork?: boolean;
  /** Routes for pod traffic in one node's table in a cluster of `nodes` nodes. */
  routes(nodes: number): number;
  /** Forwarding-database entries (VTEP MAC → node address) per node. */
  fdbEntries(nodes: number): number;
  /** Neighbour (ARP) entries the backend programs per node. */
  arpEntries(nodes: number): number;
  /** Outer header of a packet of the pod connection with ports `innerPorts`. */
  outerHeader(innerPorts: readonly [number, number]): OuterHeader;
  /** Sender, host namespace, after the bridge: routing and encapsulation. */
  egress(ctx: BackendContext): Stage[];
  /** Receiver, after the NIC: decapsulation and routing to the bridge. */
  ingress(ctx: BackendContext): Stage[];
}

/** MTU of pod interfaces on an underlay of `underlayMtu` bytes: what flannel writes into
 *  subnet.env (FLANNEL_MTU = the interface's MTU less the backend's overhead). */
export function podMtu(b: Backend, underlayMtu: number): number {
  return underlayMtu - (b.mtuOverheadBytes ?? b.encapBytes);
}
