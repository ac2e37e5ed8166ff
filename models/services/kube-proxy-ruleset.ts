/**
 * The rules kube-proxy writes for a cluster of Services in groups of equal size
 * (service-groups.ts), counted exactly as its iptables proxier generates them
 * (pkg/proxy/iptables/proxier.go, syncProxyRules), and the corresponding state of the other proxy
 * modes. Nothing is built per rule: a Service's rules and chains are linear in its endpoint count
 * (`PerService`), so every count is a closed form in the Services and endpoints summed per group.
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

import { type ServiceGroup, ServiceGroups } from './service-groups.ts';

export type KubeProxyVersion = 'legacy' | 'current'; // legacy ≈ kube-proxy ≤ 1.20

export interface RulesetShape {
  groups: readonly ServiceGroup[];
  /** NodePort Services (the first ones). */
  nodePortServices?: number;
  version: KubeProxyVersion;
}

/** Something one Service contributes, linear in its endpoint count n: perService + perEndpoint·n. */
export interface PerService {
  perService: number;
  perEndpoint: number;
}

/** `per` summed over the Services of `groups`. */
export function sumOver(groups: ServiceGroups, per: PerService): number {
  return groups.services * per.perService + groups.endpoints * per.perEndpoint;
}

export interface RulesetCounts {
  rules: number;
  chains: number;
  restoreLines: number;
  /** Rules in nat KUBE-SERVICES, the list a new connection walks. */
  kubeServicesRules: number;
  /** Rules of all ClusterIP Services (KUBE-SERVICES + KUBE-SVC + KUBE-SEP). */
  serviceRules: number;
  /** Restore lines one Service adds apart from its KUBE-SERVICES rules: its KUBE-SVC and
   *  KUBE-SEP chains' `:CHAIN` lines and rules. */
  serviceChainLines: PerService;
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
  const g = new ServiceGroups(s.groups);
  const nodePorts = s.nodePortServices ?? 0;
  const f = fixed[s.version];
  const jumps = kubeServicesRulesPerService(s.version);
  // KUBE-SVC: current kube-proxy's masquerade rule, then n jumps; n KUBE-SEP chains of 2 rules.
  const chainRules: PerService = { perService: s.version === 'legacy' ? 0 : 1, perEndpoint: 1 + 2 };
  const chainsPer: PerService = { perService: 1, perEndpoint: 1 };
  const serviceRules = g.services * jumps + sumOver(g, chainRules);
  const nodePortRules = s.version === 'legacy' ? 2 : 1 + 2;
  const nodePortChains = s.version === 'legacy' ? 0 : 1;
  const rules = f.filterRules + f.natRules + serviceRules + nodePorts * nodePortRules;
  const chains = f.filterChains + f.natChains + sumOver(g, chainsPer) + nodePorts * nodePortChains;
  return {
    rules,
    chains,
    restoreLines: tableLines + chains + rules,
    kubeServicesRules: g.services * jumps + 1,
    serviceRules,
    serviceChainLines: {
      perService: chainsPer.perService + chainRules.perService,
      perEndpoint: chainsPer.perEndpoint + chainRules.perEndpoint,
    },
  };
}

/** IPVS mode's state: its iptables restore input and the IPVS and ipset objects. */
export interface IpvsState {
  rules: number;
  chains: number;
  restoreLines: number;
  ipsetMembers: number;
  virtualServers: number;
  realServers: number;
}

/**
 * IPVS mode (pkg/proxy/ipvs/proxier.go, writeIptablesRules, as of kube-proxy ≥ 1.29 with
 * KUBE-IPVS-OUT-FILTER): the iptables rules
 * are constant, the Services being ipset members. One restore input of 11 chains (nat
 * KUBE-SERVICES, KUBE-POSTROUTING, KUBE-NODE-PORT, KUBE-LOAD-BALANCER, KUBE-MARK-MASQ; filter
 * KUBE-FORWARD, KUBE-NODE-PORT, KUBE-PROXY-FIREWALL, KUBE-SOURCE-RANGES-FIREWALL, KUBE-IPVS-FILTER,
 * KUBE-IPVS-OUT-FILTER) and these rules: nat KUBE-SERVICES 4 (loopback RETURN, off-cluster
 * masquerade on KUBE-CLUSTER-IP, `addrtype LOCAL` jump to KUBE-NODE-PORT, ACCEPT on
 * KUBE-CLUSTER-IP), KUBE-POSTROUTING 4 (KUBE-LOOP-BACK masquerade and the 3 of iptables mode),
 * KUBE-LOAD-BALANCER 1, KUBE-MARK-MASQ 1, and with NodePorts KUBE-NODE-PORT 1 (KUBE-NODE-PORT-TCP →
 * mark); filter KUBE-FORWARD 2, KUBE-NODE-PORT 1 (health-check ACCEPT), KUBE-SOURCE-RANGES-FIREWALL
 * 1 (DROP), KUBE-IPVS-FILTER 6. Rules matching an empty ipset are not written (load balancers,
 * external IPs, UDP and SCTP NodePorts here); KUBE-LOOP-BACK is taken as non-empty (a node hosts
 * endpoints). The jumps from the built-in chains are kept by EnsureRule outside the restore, as in
 * iptables mode, and not counted. The same layout for both kube-proxy versions. Services become
 * IPVS virtual servers and endpoints real servers; ipset members count KUBE-CLUSTER-IP and
 * KUBE-NODE-PORT-TCP (KUBE-LOOP-BACK holds this node's endpoints and is left out).
 */
export function ipvsState(s: RulesetShape): IpvsState {
  const g = new ServiceGroups(s.groups);
  const nodePorts = s.nodePortServices ?? 0;
  const rules = 4 + 4 + 1 + 1 + (nodePorts > 0 ? 1 : 0) + 2 + 1 + 1 + 6;
  const chains = 11;
  return {
    rules,
    chains,
    restoreLines: tableLines + chains + rules,
    ipsetMembers: g.services + nodePorts,
    virtualServers: g.services + nodePorts,
    // A NodePort's virtual server (node address:port) has the Service's real servers again.
    realServers: g.endpoints + g.endpointsBefore(nodePorts),
  };
}

/** nftables mode's state: rules, chains and set or map elements of the `kube-proxy` table. */
export interface NftablesState {
  rules: number;
  chains: number;
  /** Elements of `cluster-ips`, `service-ips` and `service-nodeports`. */
  elements: number;
  /** Rules one ClusterIP Service contributes (its service chain and endpoint chains). */
  rulesPerService: PerService;
  /** Chains one ClusterIP Service contributes. */
  chainsPerService: PerService;
}

/** nftables' fixed rules (setupNFTables): 11 jumps from the 8 base chains, mark-for-masquerade 1,
 *  masquerading 3, cluster-ips-check 2 (reject on a ClusterIP's undefined port, drop to an
 *  unallocated ClusterIP of the Service CIDR), reject-chain 1, service-endpoints-check 1,
 *  nodeport-endpoints-check 1, firewall-check 1, services 2 (the two verdict-map lookups). */
const nftFixedRules = 11 + 1 + 3 + 2 + 1 + 1 + 1 + 1 + 2;
/** The 8 base chains and 8 regular ones (services, masquerading, mark-for-masquerade,
 *  cluster-ips-check, service-endpoints-check, nodeport-endpoints-check, firewall-check,
 *  reject-chain). */
const nftFixedChains = 8 + 8;

/**
 * nftables mode (pkg/proxy/nftables/proxier.go as of kubernetes commit b0f823e6, with the
 * ServiceCIDR given so the unallocated-ClusterIP drop is written): per Service port an element in
 * the `cluster-ips` set and one in the `service-ips` verdict map, a service chain of 2 rules
 * (off-cluster masquerade, `numgen random mod n vmap` to its endpoints) and per endpoint a chain of
 * 2 (hairpin mark, DNAT); a NodePort (externalTrafficPolicy Cluster) adds an element to
 * `service-nodeports` and an external chain of 2 (mark, goto the service chain). `rules` counts
 * rules only, as IPVS mode's count leaves out its ipset members.
 */
export function nftablesState(s: RulesetShape): NftablesState {
  const g = new ServiceGroups(s.groups);
  const nodePorts = s.nodePortServices ?? 0;
  const rulesPerService: PerService = { perService: 2, perEndpoint: 2 };
  const chainsPerService: PerService = { perService: 1, perEndpoint: 1 };
  return {
    rules: nftFixedRules + sumOver(g, rulesPerService) + 2 * nodePorts,
    chains: nftFixedChains + sumOver(g, chainsPerService) + nodePorts,
    elements: 2 * g.services + nodePorts,
    rulesPerService,
    chainsPerService,
  };
}

/**
 * The userspace proxy (kube-proxy < 1.2): per Service port one REDIRECT rule in
 * KUBE-PORTALS-CONTAINER (pod traffic, PREROUTING) and one in KUBE-PORTALS-HOST (OUTPUT), per
 * NodePort two more; the endpoints live in the proxy process.
 */
export function userspaceRuleset(s: RulesetShape): { rules: number; portalRules: number } {
  const services = new ServiceGroups(s.groups).services;
  return { rules: 2 * services + 2 * (s.nodePortServices ?? 0), portalRules: services };
}
