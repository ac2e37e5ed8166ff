/**
 * A proxied connection's netfilter work at each host-namespace crossing, step by step and named
 * after the proxy mode's chains: what `podpath trace` shows as the path's netfilter stages. The
 * costs are those the connection model charges (connection-packets.ts and connection-lifecycle.ts sum
 * the same terms per packet; a test holds the two equal). A NEW flow's first packet misses in
 * conntrack, runs the mode's service selection and DNAT on the client's node (the nat table) and
 * is confirmed into the table; on the endpoint's node it misses again, walks the nat table
 * without matching a Service (it is already translated) and is inserted. A packet of an
 * established connection hits in conntrack and is translated from its entry on the client's node.
 * Every packet crossing a host namespace passes the proxy's filter rules (FORWARD). Where
 * NetworkPolicies apply to the endpoint pod, its node's crossing adds the enforcer's steps: the
 * policy chain a NEW flow walks, or the ESTABLISHED rule (iptables) or map lookup (eBPF) of a
 * later packet into the pod.
 */
import type { ConntrackTable } from '../netfilter/conntrack-table.ts';
import type { PolicyEnforcer } from '../policy/network-policy.ts';
import type { NetfilterStep, NetfilterWork } from '../netfilter/netfilter-hooks.ts';
import type { ProxyCosts } from '../profiles/proxy-costs.ts';
import type { ProxyMode, Selection, ServiceAddress, ServiceProxy } from './proxier.ts';

/** The nat work that selects an endpoint for a NEW flow, by mode. */
const selectionName: Record<ProxyMode, (rules: number) => string> = {
  iptables: (rules) => `PREROUTING nat: KUBE-SERVICES → KUBE-SVC → KUBE-SEP, DNAT (${rules} rules)`,
  ipvs: () => 'PREROUTING nat: KUBE-SERVICES ipset match; IPVS virtual service + scheduler, DNAT',
  nftables: () => 'PREROUTING nat: service verdict map → endpoint map, DNAT',
  ebpf: () => 'PREROUTING nat: none (backend chosen at connect())',
  userspace: (rules) => `PREROUTING nat: KUBE-PORTALS-CONTAINER REDIRECT to kube-proxy (${rules} rules)`,
  none: () => 'PREROUTING nat: none (a pod IP, no Service)',
};

/** The nat work of a NEW flow that matches no Service (the endpoint's node), by mode. */
const unmatchedName: Record<ProxyMode, string> = {
  iptables: 'PREROUTING nat: KUBE-SERVICES, no Service matches',
  ipvs: 'PREROUTING nat: KUBE-SERVICES ipset miss',
  nftables: 'PREROUTING nat: service verdict map miss',
  ebpf: 'PREROUTING nat: none',
  userspace: 'PREROUTING nat: KUBE-PORTALS, no portal matches',
  none: 'PREROUTING nat: none',
};

const filterName: Record<ProxyMode, string> = {
  iptables: 'FORWARD filter: KUBE-FORWARD',
  ipvs: 'FORWARD filter: KUBE-FORWARD',
  nftables: 'FORWARD filter: kube-proxy forward chain',
  ebpf: 'FORWARD filter: none',
  userspace: 'FORWARD filter: none',
  none: 'FORWARD filter: none',
};

export interface StepContext {
  proxy: ServiceProxy;
  via: ServiceAddress;
  costs: ProxyCosts;
  /** The client's node's table and the endpoint's node's (null: the same node). */
  client: ConntrackTable;
  endpoint: ConntrackTable | null;
  /** Policies on the endpoint pod's ingress; absent or null: none. */
  policy?: PolicyEnforcer | null;
}

/** The netfilter work of a NEW connection's first packet (the SYN) selected as `sel`. */
export function newFlowWork(c: StepContext, sel: Selection): NetfilterWork {
  const filter = filterStep(c.proxy);
  // Through a NodePort (externalTrafficPolicy Cluster) the selection's cost includes the source NAT
  // POSTROUTING does; shown as its own step.
  const snatNs = sel.masquerade ? c.costs.masqueradeNs : 0;
  const name = sel.chains === undefined ? selectionName[c.proxy.mode](sel.rulesWalked) : `PREROUTING nat: ${sel.chains}, DNAT${sel.rulesWalked > 0 ? ` (${sel.rulesWalked} rules)` : ''}`;
  const sender: NetfilterStep[] = [
    { name: 'PREROUTING conntrack lookup: miss (NEW)', ns: c.client.lookupNs(false) },
    { name: sel.sticky === undefined ? name : `${name}; affinity: ${sel.sticky ? 'client remembered' : 'new client, remembered from now'}`, ns: sel.ns - snatNs },
    filter,
    ...(snatNs > 0 ? [{ name: 'POSTROUTING nat: KUBE-POSTROUTING MASQUERADE (SNAT to the node)', ns: snatNs }] : []),
    { name: 'conntrack confirm: insert the entry (DNAT recorded)', ns: c.costs.conntrackInsertNs },
  ];
  const policy = c.policy ? c.policy.newFlowSteps() : [];
  if (c.endpoint === null) return { sender: [...sender, ...policy], receiver: [] };
  const receiver: NetfilterStep[] = [
    { name: 'PREROUTING conntrack lookup: miss (NEW)', ns: c.endpoint.lookupNs(false) },
    { name: unmatchedName[c.proxy.mode], ns: c.proxy.unmatchedNs },
    filter,
    ...policy,
    { name: 'conntrack confirm: insert the entry', ns: c.costs.conntrackInsertNs },
  ];
  return { sender, receiver };
}

/** The netfilter work of a later packet of the connection, toward the endpoint or back. */
export function establishedWork(c: StepContext, toEndpoint: boolean): NetfilterWork {
  const filter = filterStep(c.proxy);
  const atClient: NetfilterStep[] = [
    { name: 'PREROUTING conntrack lookup: hit (ESTABLISHED)', ns: c.client.lookupNs(true) },
    { name: `conntrack NAT: ${toEndpoint ? 'DNAT' : 'un-DNAT'} from the entry`, ns: c.proxy.translateNs },
    filter,
  ];
  const policy = toEndpoint && c.policy ? c.policy.establishedSteps() : [];
  if (c.endpoint === null) return { sender: [...atClient, ...policy], receiver: [] };
  const atEndpoint: NetfilterStep[] = [
    { name: 'PREROUTING conntrack lookup: hit (ESTABLISHED)', ns: c.endpoint.lookupNs(true) },
    filter,
    ...policy,
  ];
  return toEndpoint ? { sender: atClient, receiver: atEndpoint } : { sender: atEndpoint, receiver: atClient };
}

function filterStep(proxy: ServiceProxy): NetfilterStep {
  return { name: filterName[proxy.mode], ns: proxy.filterNs };
}
