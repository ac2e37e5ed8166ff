/**
 * What programming NetworkPolicies costs a node's policy agent, by enforcement, for `count`
 * policies of `rulesPerPolicy` rules whose selectors match `selectorPods` pods each, the pods
 * spread evenly over the cluster's nodes (so a node holds ceil(selectorPods / nodes) policed pods).
 * - `iptables` (Felix, kube-router): the filter-table rules of network-policy's layout — each
 *   policy's chain, and on each local policed pod's ingress chain its head, one jump per policy and
 *   its tail — written with iptables-restore, whose commit rewrites the whole table, plus one
 *   ipset per policy holding its peers, each member one netlink operation. A full sync (agent start,
 *   resync) writes all of it; a policy update rewrites that policy's chain (`--noflush`), which
 *   still commits the whole table: linear in the rules on the node.
 * - `ebpf` (the Cilium agent): one policy map entry per rule of each policy on each local policed
 *   endpoint (the peers of a selector share one security identity); an update rewrites that
 *   policy's entries on the local endpoints: flat in the number of policies.
 * Costs are the existing control-plane constants (iptables-restore.ts, the netlink per-object cost)
 * and the eBPF map update. Known simplifications: the agents' user-space policy computation
 * (selector matching, rule rendering) is not costed; ipset and identity changes of pod churn are
 * not modelled.
 */
import type { PolicyConfig } from '../policy/network-policy.ts';
import { podChainHeadRules, podChainTailRules } from '../policy/iptables-policy-chains.ts';
import type { CostProfile } from '../profiles/cost-profile.ts';
import { restoreNs } from './iptables-restore.ts';

/** iptables-restore framing lines: the `*filter` header and `COMMIT`. */
const restoreFramingLines = 2;

export class PolicySyncCost {
  /** Policed pods on each node. */
  readonly localPods: number;
  /** Rules (iptables) or map entries (eBPF) on each node. */
  readonly rules: number;
  /** ipset members on each node (iptables). */
  readonly ipsetEntries: number;
  /** Chains the iptables layout declares on each node (policies' and pods'). */
  private readonly chains: number;

  constructor(private readonly config: PolicyConfig, nodes: number, private readonly p: CostProfile) {
    const { count, rulesPerPolicy, selectorPods } = config;
    this.localPods = count === 0 ? 0 : Math.ceil(selectorPods / nodes);
    if (config.enforcement === 'iptables') {
      this.rules = count * rulesPerPolicy + this.localPods * (podChainHeadRules + count + podChainTailRules);
      this.ipsetEntries = count * selectorPods;
      this.chains = count + this.localPods;
    } else {
      this.rules = this.localPods * count * rulesPerPolicy;
      this.ipsetEntries = 0;
      this.chains = 0;
    }
  }

  /** CPU ns of programming every policy on a node (start-up or resync). */
  fullSyncNs(): number {
    const p = this.p;
    if (this.config.enforcement === 'ebpf') return Math.round(this.rules * p.ebpfMapUpdateNs);
    return restoreNs(p, restoreFramingLines + this.chains + this.rules, this.rules) + Math.round(this.ipsetEntries * p.ipvsNsPerObject);
  }

  /** CPU ns of programming one policy's changed rules on a node. */
  updateNs(): number {
    const p = this.p;
    const r = this.config.rulesPerPolicy;
    if (this.config.enforcement === 'ebpf') return Math.round(this.localPods * r * p.ebpfMapUpdateNs);
    // The chain's declaration (which flushes it under --noflush) and its rules.
    return restoreNs(p, restoreFramingLines + 1 + r, this.rules);
  }
}
