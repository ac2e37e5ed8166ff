/**
 * Netfilter where a packet crosses a node's host namespace, as stages of its path. With
 * br_netfilter, a pod's packet entering `cni0` passes PREROUTING (the conntrack lookup; for a NEW
 * flow also the nat table, where kube-proxy's rules pick an endpoint and DNAT), FORWARD (the
 * filter table: KUBE-FORWARD) and POSTROUTING (nat: MASQUERADE where the path needs it). What
 * each step costs depends on the proxy mode, on table state and on the connection, so the steps
 * come with each packet; a path compiled for many packets holds one placeholder stage per
 * crossing, on the resource that runs it, and the carrier adds the packet's cost there.
 * Simplification: a crossing's steps are listed together after the bridge (on Linux the routing
 * decision falls between PREROUTING and FORWARD); they run on the same core in the same softirq
 * or task either way, so the costs are the same.
 */
import type { Hook, Resource, Stage } from '../datapath/packet-path.ts';

/** One step of netfilter's work at a crossing, named as `trace` prints it. */
export interface NetfilterStep {
  name: string;
  ns: number;
}

/** One packet's netfilter work on the sending node and on the receiving node. */
export interface NetfilterWork {
  sender: readonly NetfilterStep[];
  receiver: readonly NetfilterStep[];
}

/** The stages of the netfilter work at `hook` on `node`, run on `resource`; without `steps`, the
 *  placeholder a compiled path keeps for the costs its packets bring. */
export function hookStages(hook: Hook, node: number, resource: Resource, steps?: readonly NetfilterStep[]): Stage[] {
  const at = { node, netns: 'host', side: 'kernel' as const, resource, hook };
  if (!steps) return [{ name: 'netfilter (cost per packet)', ...at, ns: 0 }];
  return steps.map((s) => ({ name: s.name, ...at, ns: s.ns }));
}
