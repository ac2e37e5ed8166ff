/**
 * The path of a pod's packet to an address outside the cluster and of the answer back, on the
 * pod's node only: the pod's socket and veth, the bridge, the host's netfilter crossing (where
 * MASQUERADE rewrites the source), the NIC and the wire out; back, the NIC's receive softirq, the
 * crossing (un-SNAT from conntrack), bridge, veth and the pod's socket. Egress is routed out of
 * the node's own interface, never through the pod network's tunnel, so no backend stage appears.
 * The far side (the destination and the network to it) is the caller's delay.
 */
import type { CostProfile } from '../profiles/cost-profile.ts';
import { hookStages } from '../netfilter/netfilter-hooks.ts';
import { bridgeStage } from './linux-bridge.ts';
import { receiveStage, transmitStages } from './nic.ts';
import { ipPacketBytes, wireBytes } from './packet.ts';
import { type Stage } from './packet-path.ts';
import { recvStages, sendStages } from './socket.ts';
import { vethStage } from './veth-pair.ts';

/** A segment leaving pod `pod` on `node` for outside; `first`: its message's first (send()). */
export function egressStages(p: CostProfile, node: number, pod: string, payloadBytes: number, first: boolean, linkGbps: number): Stage[] {
  const netns = `pod ${pod}`;
  return [
    ...sendStages(p, node, netns, payloadBytes, first, 'cpu'),
    vethStage(p, node, netns, 'host', 'cpu'),
    bridgeStage(p, node, 'cpu'),
    ...hookStages('sender', node, 'cpu'),
    ...transmitStages(p, node, wireBytes(ipPacketBytes(payloadBytes), 0), linkGbps, 'cpu'),
  ];
}

/** A segment from outside arriving for pod `pod` on `node`; `last`: its message's last (recv()). */
export function ingressStages(p: CostProfile, node: number, pod: string, payloadBytes: number, last: boolean): Stage[] {
  const netns = `pod ${pod}`;
  return [
    receiveStage(p, node),
    ...hookStages('receiver', node, 'softirq'),
    bridgeStage(p, node, 'softirq'),
    vethStage(p, node, 'host', netns, 'softirq'),
    ...recvStages(p, node, netns, payloadBytes, last, 'softirq'),
  ];
}
