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
 * `COMMIT` per table. The Service options (`RulesetOptions`, below) change what a node writes:
 * session affinity, externalTrafficPolicy Local and topology hints, the last two differently on
 * every node (`NodeLayout`). Simplifications: one TCP port per Service, a cluster CIDR given (so
 * the masquerade rule for off-cluster sources is written), no externalIPs, load-balancer VIPs or
 * source ranges (a Local Service is a LoadBalancer whose status names a hostname, as AWS's load
 * balancers do, so it has a healthCheckNodePort and no VIP rules); IPv4 only.
 */

import { type ServiceGroup, ServiceGroups } from './service-groups.ts';

export type KubeProxyVersion = 'legacy' | 'current'; // legacy ≈ kube-proxy ≤ 1.20

export interface RulesetShape extends RulesetOptions {
  groups: readonly ServiceGroup[];
  /** NodePort Services (the first ones). */
  nodePortServices?: number;
  version: KubeProxyVersion;
}

/**
 * The Service options as they change one node's ruleset, every Service having them (absent: none):
 * - `affinity` (sessionAffinity ClientIP): writeServiceToEndpointRules opens every KUBE-SVC and
 *   KUBE-SVL chain with one `-m recent --name KUBE-SEP-X --rcheck --seconds T --reap -j KUBE-SEP-X`
 *   rule per endpoint it lists; the `-m recent --set` goes on each KUBE-SEP's DNAT line (no rule
 *   more). nftables: `ip saddr @affinity-X goto endpoint-X` per endpoint listed in a service or
 *   local chain, `update @affinity-X { ip saddr }` in each endpoint chain, and one `affinity-X`
 *   set per endpoint chain. IPVS: the virtual servers' persistent flag and timeout (no object more).
 * - `local` (externalTrafficPolicy Local, on the NodePort Services): current iptables, KUBE-EXT
 *   holds 3 rules (pod traffic to KUBE-SVC, masquerade and route LOCAL-source traffic) and, where
 *   the node has an endpoint, the jump to KUBE-SVL-* (a chain of its local endpoints, with no
 *   masquerade rule); where it has none, the filter table's KUBE-EXTERNAL-SERVICES gets the
 *   `"… has no local endpoints" … -j DROP` rule; filter KUBE-NODEPORTS accepts the
 *   healthCheckNodePort on every node (pkg/proxy/iptables/proxier.go, syncProxyRules). Legacy
 *   (≤ 1.20): KUBE-NODEPORTS' loopback mark and jump to KUBE-XLB-*, which holds the pod-source
 *   jump, the LOCAL-source mark and jump, then the local endpoints' jumps or one
 *   `"… has no local endpoints" -j KUBE-MARK-DROP`. nftables: the external chain's 3 rules (and the
 *   goto to the local chain, holding its numgen, where there is an endpoint) or a
 *   `no-endpoint-nodeports` element with verdict drop. IPVS: the NodePort is a member of
 *   KUBE-NODE-PORT-LOCAL-TCP (whose RETURN rule is then written) and its healthCheckNodePort of
 *   KUBE-HEALTH-CHECK-NODE-PORT; the NodePort virtual server has the local real servers, or all of
 *   them where there is none (kubernetes PR 97081).
 * - `node`: which endpoints this node programs, from CategorizeEndpoints (topology hints, local
 *   endpoints; endpoint-sets.ts). Needed with `local`; absent otherwise: every endpoint.
 */
export interface RulesetOptions {
  affinity?: boolean;
  local?: boolean;
  node?: NodeLayout;
}

/** One node's endpoints as CategorizeEndpoints gives them, summed over the Services. */
export interface NodeLayout {
  /** Endpoints in the cluster-policy chains (KUBE-SVC, service chains, ClusterIP virtual servers). */
  clusterEndpoints: number;
  /** Endpoints with an endpoint chain (KUBE-SEP, nft endpoint chain): cluster ∪ local ones. */
  reachableEndpoints: number;
  /** Local NodePort Services with an endpoint on this node, and those endpoints. */
  localServices: number;
  localEndpoints: number;
  /** Real servers of the NodePort virtual servers on this node (IPVS). */
  nodePortRealServers: number;
}

/** The layout of a node that programs every endpoint (no hints, policy Cluster). */
export function fullLayout(s: RulesetShape): NodeLayout {
  const g = new ServiceGroups(s.groups);
  return { clusterEndpoints: g.endpoints, reachableEndpoints: g.endpoints, localServices: 0, localEndpoints: 0, nodePortRealServers: g.endpointsBefore(s.nodePortServices ?? 0) };
}

/** A count on every node: `count` of the shape with each node's layout (null: the same on every
 *  node, `count(shape)`), and its mean over the nodes (what a cluster-wide `rules` reports). */
export function perNode(shape: RulesetShape, layouts: readonly NodeLayout[] | null, count: (s: RulesetShape) => number): { mean: number; byNode: number[] | null } {
  if (!layouts) return { mean: count(shape), byNode: null };
  const byNode = layouts.map((node) => count({ ...shape, node }));
  return { mean: byNode.reduce((a, b) => a + b, 0) / byNode.length, byNode };
}

function layoutOf(s: RulesetShape): NodeLayout {
  if (s.local && !s.node) throw new Error('kube-proxy ruleset: externalTrafficPolicy Local needs the node\'s layout (NodeLayout)');
  return s.node ?? fullLayout(s);
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
  /** Filter rules the options add (Local's DROP and health-check ACCEPT rules), written whole
   *  at every sync. */
  filterOptionRules: number;
  /** nat lines of the Local Services' own chains beyond the Cluster layout (KUBE-EXT's extra
   *  rules, KUBE-SVL or KUBE-XLB chains and rules), summed over the Services. */
  localChainLines: number;
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
  const legacy = s.version === 'legacy';
  const jumps = kubeServicesRulesPerService(s.version);
  const node = layoutOf(s);
  const recent = s.affinity ? 1 : 0;
  // KUBE-SVC: current kube-proxy's masquerade rule, then (recent checks and) a jump per cluster
  // endpoint; a KUBE-SEP chain of 2 rules per endpoint reachable from this node.
  const svcHead = legacy ? 0 : 1;
  const serviceRules = g.services * (jumps + svcHead) + node.clusterEndpoints * (1 + recent) + node.reachableEndpoints * 2;
  const serviceChains = g.services + node.reachableEndpoints;
  const nodePortRules = legacy ? 2 : 1 + 2;
  const nodePortChains = legacy ? 0 : 1;
  const local = s.local ? localIptables(s.version, nodePorts, node, recent) : { natRules: 0, chains: 0, filterRules: 0 };
  const rules = f.filterRules + f.natRules + serviceRules + nodePorts * nodePortRules + local.natRules + local.filterRules;
  const chains = f.filterChains + f.natChains + serviceChains + nodePorts * nodePortChains + local.chains;
  // A changed Service rewrites its KUBE-SVC and KUBE-SEP chains: per Service the chain line and
  // the masquerade rule, per endpoint a jump (and a recent check), a chain line and 2 rules.
  const chainRules: PerService = { perService: svcHead, perEndpoint: 1 + recent + 2 };
  const chainsPer: PerService = { perService: 1, perEndpoint: 1 };
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
    filterOptionRules: local.filterRules,
    localChainLines: local.natRules + local.chains,
  };
}

/** What policy Local on `nodePorts` Services adds to a node's iptables ruleset beyond Cluster's
 *  layout (see RulesetOptions): nat rules and chains, filter rules. */
function localIptables(version: KubeProxyVersion, nodePorts: number, node: NodeLayout, recent: number): { natRules: number; chains: number; filterRules: number } {
  const withLocal = node.localServices;
  const without = nodePorts - withLocal;
  const localJumps = node.localEndpoints * (1 + recent);
  if (version === 'legacy') {
    // KUBE-NODEPORTS keeps 2 rules (loopback mark, jump to KUBE-XLB); each KUBE-XLB: 3 head rules,
    // then the local jumps or the KUBE-MARK-DROP rule.
    return { natRules: 3 * nodePorts + localJumps + without, chains: nodePorts, filterRules: 0 };
  }
  // KUBE-EXT: 3 rules instead of Cluster's 2, the jump to KUBE-SVL where there is an endpoint;
  // KUBE-SVL: the local jumps; filter: the DROP where there is none, the health-check ACCEPT.
  return { natRules: nodePorts + withLocal + localJumps, chains: withLocal, filterRules: without + nodePorts };
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
  const node = layoutOf(s);
  // Local: KUBE-NODE-PORT's RETURN for KUBE-NODE-PORT-LOCAL-TCP (a non-empty set).
  const localReturn = s.local && nodePorts > 0 ? 1 : 0;
  const rules = 4 + 4 + 1 + 1 + (nodePorts > 0 ? 1 : 0) + localReturn + 2 + 1 + 1 + 6;
  const chains = 11;
  return {
    rules,
    chains,
    restoreLines: tableLines + chains + rules,
    // Local NodePorts are members of KUBE-NODE-PORT-LOCAL-TCP too, their healthCheckNodePorts of
    // KUBE-HEALTH-CHECK-NODE-PORT.
    ipsetMembers: g.services + nodePorts + (s.local ? 2 * nodePorts : 0),
    virtualServers: g.services + nodePorts,
    // A NodePort's virtual server (node address:port) has the Service's real servers again.
    realServers: node.clusterEndpoints + node.nodePortRealServers,
  };
}

/** nftables mode's state: rules, chains and set or map elements of the `kube-proxy` table. */
export interface NftablesState {
  rules: number;
  chains: number;
  /** Elements of `cluster-ips`, `service-ips`, `service-nodeports` and `no-endpoint-nodeports`. */
  elements: number;
  /** Affinity sets (one per endpoint chain with session affinity). */
  sets: number;
  /** Rules one ClusterIP Service contributes (its service chain and endpoint chains). */
  rulesPerService: PerService;
  /** Chains one ClusterIP Service contributes. */
  chainsPerService: PerService;
  /** Affinity sets one ClusterIP Service contributes. */
  setsPerService: PerService;
  /** Rules and chains of the Local Services' own chains beyond the Cluster layout, summed. */
  localChainObjects: number;
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
  const node = layoutOf(s);
  const recent = s.affinity ? 1 : 0;
  // Service chain: masquerade rule and numgen (and an affinity goto per endpoint); endpoint
  // chain: masquerade mark and DNAT (and the affinity update).
  const rulesPerService: PerService = { perService: 2, perEndpoint: 2 + 2 * recent };
  const chainsPerService: PerService = { perService: 1, perEndpoint: 1 };
  const setsPerService: PerService = { perService: 0, perEndpoint: recent };
  const withLocal = s.local ? node.localServices : 0;
  // Local: the external chain's 3 rules (not Cluster's 2) and the goto to the local chain where
  // there is an endpoint; the local chain's numgen (and affinity gotos).
  const localRules = s.local ? nodePorts + 2 * withLocal + recent * node.localEndpoints : 0;
  return {
    rules: nftFixedRules + g.services * 2 + recent * node.clusterEndpoints + node.reachableEndpoints * (2 + recent) + 2 * nodePorts + localRules,
    chains: nftFixedChains + g.services + node.reachableEndpoints + nodePorts + withLocal,
    elements: 2 * g.services + nodePorts + (s.local ? nodePorts - withLocal : 0),
    sets: recent * node.reachableEndpoints,
    rulesPerService,
    chainsPerService,
    setsPerService,
    localChainObjects: localRules + withLocal,
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
