/**
 * STUB (issue 5, control plane) of the iptables ruleset kube-proxy generates; the data-path
 * engineer's version (issue 4) replaces this file at merge. Counts for a cluster of identical
 * Services: KUBE-SERVICES holds 2 rules per Service port in the legacy generator (kube-proxy
 * ≤ 1.20: masquerade + jump) and 1 in the current one (masquerade moved into KUBE-SVC); each
 * KUBE-SVC chain jumps to its n endpoints; each KUBE-SEP chain marks and DNATs (2 rules).
 * Known simplification: one port per Service, no firewall, external-IP or load-balancer rules.
 */

export type KubeProxyVersion = 'legacy' | 'current';

export interface RulesetShape {
  services: number;
  endpointsPerService: number;
  nodePortServices?: number;
  version: KubeProxyVersion;
}

export interface RulesetCounts {
  rules: number;
  chains: number;
  restoreLines: number;
  kubeServicesRules: number;
  rulesPerService: number;
}

/** Chains and rules present whatever the Services (KUBE-SERVICES, KUBE-NODEPORTS, KUBE-MARK-MASQ, KUBE-POSTROUTING, jumps from the built-in chains …). */
const fixedChains = 8;
const fixedRules = 10;
/** `*nat`, `COMMIT`, `*filter`, `COMMIT`. */
const headerLines = 4;

export function iptablesRuleset(s: RulesetShape): RulesetCounts {
  const n = s.endpointsPerService;
  const perServiceJumps = s.version === 'legacy' ? 2 : 1;
  const svcChainRules = s.version === 'legacy' ? n : 1 + n;
  const rulesPerService = perServiceJumps + svcChainRules + 2 * n;
  const nodePortRules = (s.nodePortServices ?? 0) * perServiceJumps;
  const rules = fixedRules + s.services * rulesPerService + nodePortRules;
  const chains = fixedChains + s.services * (1 + n);
  return {
    rules,
    chains,
    restoreLines: rules + chains + headerLines,
    kubeServicesRules: s.services * perServiceJumps,
    rulesPerService,
  };
}
