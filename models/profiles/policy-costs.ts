/**
 * Cost constants of NetworkPolicy enforcement that no other mechanism already has: the eBPF
 * per-endpoint policy map (Cilium style), on the data path and when its agent writes it. The
 * iptables way (Calico, kube-router, Romana) reuses the existing rule, ipset, iptables-restore and
 * netlink constants (proxy-costs.ts, cost-profile.ts): the mechanism is the same. Part of every
 * cost profile; estimates from the mechanism where no published figure exists, and they say so.
 */
import type { Parameters, ValuesOf } from '../parameters.ts';

export const policyCostParameters = {
  ebpfPolicyLookupNs: {
    value: 100, unit: 'ns', min: 0,
    doc: "eBPF policy enforcement on one packet into a policed endpoint: the per-endpoint policy map lookup keyed by (source identity, port, protocol) in the endpoint's tc program.",
    source: "Estimate: one BPF hash-map lookup with the program's bookkeeping, the same per-lookup figure as ebpfConnectNs's source (~50-100 ns per hash-map lookup); Cilium's bpf_lxc policy_can_ingress, flat in the number of policies. No published per-lookup figure.",
  },
  ebpfMapUpdateNs: {
    value: 1000, unit: 'ns/entry', min: 0,
    doc: "Control plane: the policy agent writing one policy map entry (bpf(BPF_MAP_UPDATE_ELEM) from user space).",
    source: "Estimate: one bpf() system call (syscallNs, 250 ns) plus the hash-table update with its element allocation and RCU (~0.5-1 us): ~1 us per entry. No published per-entry figure; what matters is that an update is flat in the number of policies.",
  },
} as const satisfies Parameters;

export type PolicyCosts = ValuesOf<typeof policyCostParameters>;
