/**
 * The node's Linux bridge `cni0`, to which every pod's host-side veth is attached: a forwarding
 * database lookup and a forward. br_netfilter hooks are modelled by the proxy, not here.
 */
import type { CostProfile } from '../profiles/cost-profile.ts';
import type { Resource, Stage } from './packet-path.ts';

export function bridgeStage(p: CostProfile, node: number, resource: Resource): Stage {
  return { name: 'bridge cni0', node, netns: 'host', side: 'kernel', resource, ns: p.bridgeNs };
}
