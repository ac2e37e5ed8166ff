/**
 * The veth pair joining a pod's network namespace to the host's: a transmit on one end is a
 * receive on the other, in the other namespace.
 */
import type { CostProfile } from '../profiles/cost-profile.ts';
import type { Resource, Stage } from './packet-path.ts';

export function vethStage(p: CostProfile, node: number, from: string, to: string, resource: Resource): Stage {
  return { name: `veth ${from} → ${to}`, node, netns: from, side: 'kernel', resource, ns: p.vethNs };
}
