/**
 * The rules kube-proxy writes for a cluster of identical Services, counted exactly as its
 * iptables proxier generates them (pkg/proxy/iptables/proxier.go, syncProxyRules), and the
 * corresponding state of the other proxy modes. Nothing is built per rule: counts are closed forms.
 *
 * iptables, one `iptables-restore` input of two tables:
 * - filter: chains KUBE-SERVICES, KUBE-EXTERNAL-SERVICES, KUBE-FORWARD (+ KUBE-NODEPORTS,
 *   KUBE-PROXY-FIREWALL and KUBE-FIREWALL with its localnet DROP rule in current versions);
 *   KUBE-FORWARD holds the INVALID drop, the mark accept and one (current) or two (legacy, pod
 *   source and pod destination) RELATED,ESTABLISHED accepts. Its service rules (REJECT) exist only
 *   for Services without endpoints, which this shape has none of.
 * - nat: chains KUBE-SERVICES, KUBE-NODEPORTS, KUBE-POSTROUTING (3 rules: RETURN unless marked,
 *   clear the mark, MASQUERADE), KUBE-MARK-MASQ (1 rule); KUBE-SERVICES ends with the jump to
 *   KUBE-NODEPORTS. Per Service port: in KUBE-SERVICES, legacy writes a masquerade rule and a jump
 *   (2), current a jump only (1, the masquerade rule moved into KUBE-SVC); KUBE-SVC-* holds n
 *   endpoint jumps (`statistic --probability 1/(n−i)`, the last unconditional); each KUBE-SEP-*
 *   holds 2 (hairpin mark, DNAT). A NodePort Service (externalTrafficPolicy Cluster) adds, legacy,
 *   2 rules in KUBE-NODEPORTS (mark, jump); current, 1 jump in KUBE-NODEPORTS and a KUBE-EXT-*
 *   chain of 2 (mark, jump to KUBE-SVC).
 * Restore lines are `*filter`/`*nat`, one `:CHAIN` line per chain, one line per rule and a
 * `COMMIT` per table. Simplifications: one TCP port per Service, a cluster CIDR given (so the
 * masquerade rule for off-cluster sources is written), no session affinity, externalIPs,
 * load balancers or source ranges; IPv4 only.
 */

export type KubeProxyVersion = 'legacy' | 'current'; // legacy ≈ kube-proxy ≤ 1.20

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
  /** Rules in nat KUBE-SERVICES, the list a new connection walks. */
  kubeServicesRules: number;
  /** Rules one ClusterIP Service contributes (KUBE-SERVICES + KUBE-SVC + KUBE-SEP). */
  rulesPerService: number;
}

/** `*filter`, `COMMIT`, `*nat`, `COMMIT`. */
const tableLines = 4;

const fixed = {
  legacy: { filterChains: 3, filterRules: 4, natChains: 4, natRules: 5 },
  current: { filterChains: 6, filterRules: 4, natChains: 4, natRules: 5 },
} as const;

/** Rules in nat KUBE-SERVICES per Service port, ahead of the closing KUBE-NODEPORTS jump. */
export function kubeServicesRulesPerService(version: KubeProxyVersion): number {
  return version === 'legacy' ? 2 : 1;
}

export function iptablesRuleset(s: RulesetShape): RulesetCounts {
  const n = s.endpointsPerService;
  const nodePorts = s.nodePortServices ?? 0;
  const f = fixed[s.version];
  const jumps = kubeServicesRulesPerService(s.version);
  const svcChainRules = (s.version === 'legacy' ? 0 : 1) + n;
  const rulesPerService = jumps + svcChainRules + 2 * n;
  const nodePortRules = s.version === 'legacy' ? 2 : 1 + 2;
  const nodePortChains = s.version === 'legacy' ? 0 : 1;
  const rules = f.filterRules + f.natRules + s.services * rulesPerService + nodePorts * nodePortRules;
  const chains = f.filterChains + f.natChains + s.services * (1 + n) + nodePorts * nodePortChains;
  return {
    rules,
    chains,
    restoreLines: tableLines + chains + rules,
    kubeServicesRules: s.services * jumps + 1,
    rulesPerService,
  };
}

/**
 * IPVS mode: the iptables rules are constant (Services are ipset members): nat KUBE-SERVICES
 * (masquerade off-cluster, jump to KUBE-NODE-PORT, accept KUBE-CLUSTER-IP), KUBE-NODE-PORT (1),
 * KUBE-POSTROUTING (loop-back masquerade + the 3 of iptables mode), KUBE-MARK-MASQ (1), filter
 * KUBE-FORWARD (3). Services become IPVS virtual servers and endpoints real servers.
 */
export function ipvsState(s: RulesetShape): { rules: number; ipsetMembers: number; virtualServers: number; realServers: number } {
  const nodePorts = s.nodePortServices ?? 0;
  return {
    rules: 3 + 1 + 4 + 1 + 3,
    ipsetMembers: s.services + nodePorts,
    virtualServers: s.services + nodePorts,
    realServers: (s.services + nodePorts) * s.endpointsPerService,
  };
}

/**
 * nftables mode (kube-proxy ≥ 1.29): one element per Service port in the `service-ips` verdict
 * map, per Service a chain of 2 rules (masquerade off-cluster, `numgen random mod n vmap` to its
 * endpoints), per endpoint a chain of 2 (hairpin mark, DNAT); NodePorts add an element to
 * `service-nodeports`. Counted as rules plus map elements.
 */
export function nftablesState(s: RulesetShape): { rules: number; mapElements: number } {
  const nodePorts = s.nodePortServices ?? 0;
  return {
    rules: s.services * (2 + 2 * s.endpointsPerService),
    mapElements: s.services + nodePorts,
  };
}

/**
 * The userspace proxy (kube-proxy < 1.2): per Service port one REDIRECT rule in
 * KUBE-PORTALS-CONTAINER (pod traffic, PREROUTING) and one in KUBE-PORTALS-HOST (OUTPUT), per
 * NodePort two more; the endpoints live in the proxy process.
 */
export function userspaceRuleset(s: RulesetShape): { rules: number; portalRules: number } {
  return { rules: 2 * s.services + 2 * (s.nodePortServices ?? 0), portalRules: s.services };
}
