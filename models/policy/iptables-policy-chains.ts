/**
 * NetworkPolicy enforced with iptables, as Calico, kube-router and Romana write it in the filter
 * table: FORWARD dispatches a packet to its destination pod's ingress chain (one rule), whose
 * first rule accepts `--ctstate RELATED,ESTABLISHED`, whose second drops INVALID; then one jump
 * per policy that applies to the pod, in order. A policy's chain holds its rules, each matching
 * the allowed peers with an ipset (`-m set --match-set <selector> src`, a hash lookup whatever the
 * set's size); a packet no rule of a policy matches returns and goes on to the next policy, the
 * first matching rule accepts. So a new connection's first packet walks every policy ahead of the
 * one that allows it, and every later packet stops at the ESTABLISHED rule. Costs are the rule and
 * ipset constants kube-proxy's chains use (the same ipt_do_table walk). Known simplifications:
 * Calico's dispatch chain is a tree by interface name and kube-router's is linear in local pods,
 * both counted as one rule; the filter table's entry is paid by the proxy's own FORWARD chain
 * where it has one (none for proxy modes without filter rules); a rule's protocol and port matches
 * are not evaluated apart from its ipset.
 */
import type { NetfilterStep } from '../netfilter/netfilter-hooks.ts';
import type { CostProfile } from '../profiles/cost-profile.ts';
import type { PolicyConfig, PolicyEnforcer } from './network-policy.ts';

/** Rules of the pod's ingress chain ahead of its policy jumps: ESTABLISHED accept, INVALID drop. */
export const podChainHeadRules = 2;
/** The pod chain's last rule: drop what no policy allowed. */
export const podChainTailRules = 1;
/** The dispatch rule that sends a packet to its pod's chain. */
const dispatchRules = 1;

export class IptablesPolicyChains implements PolicyEnforcer {
  readonly enforcement = 'iptables';
  readonly newFlowNs: number;
  readonly newFlowRulesWalked: number;
  readonly establishedNs: number;
  /** ipset lookups of a new flow's first packet. */
  readonly newFlowIpsetLookups: number;

  constructor(private readonly config: PolicyConfig, private readonly costs: CostProfile) {
    const { count, rulesPerPolicy } = config;
    const isolated = count > 0;
    // Every rule of the count − 1 policies ahead, then the first rule of the last one matches.
    this.newFlowIpsetLookups = isolated ? (count - 1) * rulesPerPolicy + 1 : 0;
    this.newFlowRulesWalked = isolated ? dispatchRules + podChainHeadRules + count + this.newFlowIpsetLookups : 0;
    this.newFlowNs = this.newFlowRulesWalked * costs.iptablesRuleNs + this.newFlowIpsetLookups * costs.ipsetLookupNs;
    this.establishedNs = isolated ? (dispatchRules + 1) * costs.iptablesRuleNs : 0;
  }

  newFlowSteps(): NetfilterStep[] {
    const { count, rulesPerPolicy } = this.config;
    if (count === 0) return [];
    const c = this.costs;
    const ahead = count - 1;
    return [
      { name: 'FORWARD filter: policy dispatch → pod ingress chain; ESTABLISHED, INVALID not matched', ns: (dispatchRules + podChainHeadRules) * c.iptablesRuleNs },
      {
        name: `FORWARD filter: ${ahead} non-matching policies (${count} jumps, ${ahead * rulesPerPolicy} rules, ${ahead * rulesPerPolicy} ipset lookups)`,
        ns: (count - 1 + ahead * rulesPerPolicy) * c.iptablesRuleNs + ahead * rulesPerPolicy * c.ipsetLookupNs,
      },
      { name: 'FORWARD filter: matching policy, first rule: ipset match → ACCEPT', ns: 2 * c.iptablesRuleNs + c.ipsetLookupNs },
    ];
  }

  establishedSteps(): NetfilterStep[] {
    if (this.config.count === 0) return [];
    return [{ name: 'FORWARD filter: policy dispatch → pod ingress chain: RELATED,ESTABLISHED → ACCEPT', ns: this.establishedNs }];
  }
}
