/**
 * The physical NIC and the link: the driver's transmit on the sender's CPU, serialization at link
 * rate on the sender's transmitter (one frame at a time, so a busy link queues), propagation to
 * the peer, and the driver's receive in the peer's softirq. Simplification: a non-blocking switch
 * (store-and-forward counted once, no switch queueing).
 */
import type { CostProfile } from '../profiles/cost-profile.ts';
import type { Resource, Stage } from './packet-path.ts';

/** The driver's transmit runs in `resource`: the context that sent the packet. */
export function transmitStages(p: CostProfile, node: number, wireBytes: number, linkGbps: number, resource: Resource = 'cpu', frames = 1): Stage[] {
  const host = frames * p.hypervisorNs;
  return [
    { name: 'nic driver tx', node, netns: 'host', side: 'kernel', resource, ns: p.nicTxNs },
    {
      name: frames === 1 ? 'serialization' : `serialization ×${frames}`, node, netns: '-', side: 'wire', resource: 'nic-tx',
      ns: Math.round((frames * wireBytes * 8) / linkGbps) + host, wireBytes: frames * wireBytes,
    },
    { name: 'propagation', node, netns: '-', side: 'wire', resource: 'propagation', ns: p.propagationNs + host },
  ];
}

export function receiveStage(p: CostProfile, node: number): Stage {
  return { name: 'nic driver rx (napi)', node, netns: 'host', side: 'kernel', resource: 'softirq', ns: p.nicRxNs };
}
