/**
 * What a pod-network backend (flannel host-gw, VXLAN, UDP …) contributes to a packet's path
 * between nodes: the routing and encapsulation after the sender's bridge, the decapsulation and
 * routing before the receiver's bridge, the MTU it gives pod interfaces, and its route count.
 */
import type { CostProfile } from './cost-profile.ts';
import type { Stage } from './packet-path.ts';

export interface BackendContext {
  profile: CostProfile;
  from: number;
  to: number;
  /** Bytes of the pod's IP packet (inner packet when encapsulated). */
  ipBytes: number;
}

export interface Backend {
  readonly name: string;
  /** MTU of pod interfaces, bytes. */
  readonly mtu: number;
  /** Tunnel headers added to each packet between nodes, bytes. */
  readonly encapBytes: number;
  /** Routes for pod traffic in one node's table in a cluster of `nodes` nodes. */
  routes(nodes: number): number;
  /** Sender, host namespace, after the bridge: routing and encapsulation. */
  egress(ctx: BackendContext): Stage[];
  /** Receiver, after the NIC: decapsulation and routing to the bridge. */
  ingress(ctx: BackendContext): Stage[];
}
