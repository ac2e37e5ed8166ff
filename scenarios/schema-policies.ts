/**
 * The scenario's `policies:` section: NetworkPolicies on the called pods' ingress, enforced with
 * iptables chains or an eBPF policy map (models/policy/), with their updates programmed on every
 * node. Only with `traffic:` (the Service model). Numeric knobs come from the model's defaults
 * object; converted to the model's integer ns by `policyConfig`.
 */
import { z } from 'zod';
import { type PolicyConfig, policyEnforcements, policyParameters as p } from '../models/policy/network-policy.ts';
import { defaultedField } from './parameter-schema.ts';

export const policies = z.strictObject({
  count: defaultedField(p.count),
  rulesPerPolicy: defaultedField(p.rulesPerPolicy),
  selectorPods: defaultedField(p.selectorPods),
  /** iptables: per-pod chains with ipset matches (Calico, kube-router, Romana); ebpf: a per-endpoint policy map (Cilium). */
  enforcement: z.enum(policyEnforcements).default('iptables'),
  changesPerS: defaultedField(p.changesPerS),
  watchDelayMs: defaultedField(p.watchDelayMs),
  watchDelayCv: defaultedField(p.watchDelayCv),
});

export type PoliciesScenario = z.output<typeof policies>;

export function policyConfig(s: PoliciesScenario): PolicyConfig {
  return {
    count: s.count,
    rulesPerPolicy: s.rulesPerPolicy,
    selectorPods: s.selectorPods,
    enforcement: s.enforcement,
    changesPerS: s.changesPerS,
    watchDelay: { meanNs: Math.round(s.watchDelayMs * 1e6), cv: s.watchDelayCv },
  };
}

/** `policies` needs the Service model. */
export function refinePolicies(s: { policies?: PoliciesScenario; traffic?: unknown }, ctx: z.RefinementCtx): void {
  if (s.policies && !s.traffic) {
    ctx.addIssue({ code: 'custom', path: ['policies'], input: 'present', message: 'needs traffic: the policies apply to the pods the Service traffic calls (add a traffic section)' });
  }
}
