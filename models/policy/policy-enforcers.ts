/**
 * The NetworkPolicy enforcements by name: the one place a scenario's `policies.enforcement`
 * becomes an enforcer (each implements the contract of network-policy.ts).
 */
import type { CostProfile } from '../profiles/cost-profile.ts';
import { EbpfPolicyMap } from './ebpf-policy-map.ts';
import { IptablesPolicyChains } from './iptables-policy-chains.ts';
import type { PolicyConfig, PolicyEnforcer } from './network-policy.ts';

export function createPolicyEnforcer(config: PolicyConfig, costs: CostProfile): PolicyEnforcer {
  return config.enforcement === 'iptables' ? new IptablesPolicyChains(config, costs) : new EbpfPolicyMap(config, costs);
}
