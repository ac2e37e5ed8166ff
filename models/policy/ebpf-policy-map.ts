/**
 * NetworkPolicy enforced in eBPF, the Cilium way: the program on a policed endpoint's interface
 * looks the packet up in the endpoint's policy map, keyed by the source's security identity, the
 * port and the protocol, where the agent has written the verdicts of every policy that applies.
 * One hash lookup per packet into the endpoint, first packet or later (Cilium checks policy on
 * every packet in the original direction, so a policy change reaches established connections),
 * whatever the number of policies. Known simplification: Cilium's own connection-tracking map
 * lookup beside it is not modelled (the kernel's conntrack is, on every path).
 */
import type { NetfilterStep } from '../netfilter/netfilter-hooks.ts';
import type { CostProfile } from '../profiles/cost-profile.ts';
import type { PolicyConfig, PolicyEnforcer } from './network-policy.ts';

export class EbpfPolicyMap implements PolicyEnforcer {
  readonly enforcement = 'ebpf';
  readonly newFlowNs: number;
  readonly newFlowRulesWalked = 0;
  readonly establishedNs: number;

  constructor(private readonly config: PolicyConfig, costs: CostProfile) {
    this.newFlowNs = this.establishedNs = config.count > 0 ? costs.ebpfPolicyLookupNs : 0;
  }

  newFlowSteps(): NetfilterStep[] {
    return this.establishedSteps();
  }

  establishedSteps(): NetfilterStep[] {
    if (this.config.count === 0) return [];
    return [{ name: `tc ingress BPF: endpoint policy map lookup (${this.config.count} policies) → allow`, ns: this.establishedNs }];
  }
}
