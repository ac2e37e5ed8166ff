/**
 * kube-proxy's iptables mode on one packet: a new connection's first packet enters the nat table,
 * walks KUBE-SERVICES rule by rule until its Service's rule matches, jumps to KUBE-SVC-*, where
 * endpoint i of n is taken with probability 1/(n−i) (`statistic --mode random`, the last rule
 * unconditional), then KUBE-SEP-* (hairpin mark test, DNAT), and later POSTROUTING's
 * KUBE-POSTROUTING (RETURN: no masquerade mark). The cost is the number of rules evaluated times
 * the per-rule cost: never a loop over rules.
 *
 * Where the target sits in KUBE-SERVICES: kube-proxy writes Services in Go map order, which is
 * random and re-drawn at every sync (syncPeriod 30 s, and every Service or endpoint change after
 * minSyncPeriod 1 s), so over a run a Service's position is uniform over the list. The model
 * draws it per new connection (stream `kube-services-order/node-N`): exact in distribution for
 * traffic over many Services, and the time average for traffic to one Service. A scenario may
 * instead put the called Service first or last (`traffic.target.position`), the best and worst
 * case of one sync's order. Every Service has its one KUBE-SERVICES rule (two, legacy) whatever its
 * size, so the walk to it depends on its position alone; its endpoint count (its group's) sets the
 * KUBE-SVC walk.
 * A flow that matches no Service (the translated packet on the endpoint's node) walks all of it.
 *
 * Through a NodePort (externalTrafficPolicy Cluster) the first packet walks all of KUBE-SERVICES
 * to its closing jump (`addrtype LOCAL`), then KUBE-NODEPORTS (position uniform again) to its
 * Service's rule(s): legacy, a mark rule and a jump to KUBE-SVC; current, a jump to KUBE-EXT-*,
 * which marks and jumps to KUBE-SVC. Marked, it is masqueraded in KUBE-POSTROUTING (RETURN not
 * taken, mark cleared, MASQUERADE): later packets are DNATed and SNATed from conntrack, both ways.
 * With `externalTrafficPolicy: Local` the Service's rules in KUBE-NODEPORTS lead (current) to a
 * KUBE-EXT-* of 4 rules (pod-source jump, `addrtype --src-type LOCAL` mark and jump, none taken by
 * an external client, then the jump to KUBE-SVL-*) or (legacy) to the loopback mark test, the
 * jump and KUBE-XLB-*'s 3 head rules: the same 5 either way. KUBE-SVL/XLB lists only this node's
 * endpoints, with no masquerade rule at its head, and the packet is not marked: no MASQUERADE
 * (the client's address reaches the pod) and no second hop.
 * With `sessionAffinity: ClientIP` the endpoint chain opens with one `recent --rcheck` rule per
 * endpoint (session-affinity.ts): a remembered client stops at its endpoint's rule, a new one
 * fails them all before the statistic rules; each check is a rule and a lookup in that
 * endpoint's recent list, and the DNAT rule's `--set` one more.
 */
import type { RandomStream, Streams } from '../../sim/index.ts';
import type { CostProfile } from '../profiles/cost-profile.ts';
import { iptablesRuleset, kubeServicesRulesPerService, type KubeProxyVersion, perNode } from './kube-proxy-ruleset.ts';
import { listPosition, type ServiceCatalogueConfig } from './service-catalogue.ts';
import { ServiceGroups } from './service-groups.ts';
import { rulesetOptions, type Selection, type ServiceAddress, type ServiceOptions, type ServiceProxy } from './proxier.ts';

/** KUBE-SEP-* rules a connection evaluates: hairpin masquerade test and DNAT. */
const sepRules = 2;
/** KUBE-POSTROUTING rules for an unmarked packet: the RETURN. */
const postroutingRules = 1;
/** For a marked one: RETURN not taken, clear the mark, MASQUERADE. */
const masqueradeRules = 3;
/** A NodePort of policy Local ahead of its KUBE-SVL/XLB endpoints: current, the KUBE-NODEPORTS
 *  jump and KUBE-EXT's 4 (pod source, LOCAL-source mark, LOCAL-source jump, jump to KUBE-SVL);
 *  legacy, KUBE-NODEPORTS' loopback mark test and jump and KUBE-XLB's 3 head rules. */
const localHeadRules = 5;
/** KUBE-MARK-MASQ's one rule. */
const markRules = 1;
/** KUBE-FORWARD rules a forwarded packet evaluates: INVALID drop, mark accept, RELATED,ESTABLISHED
 *  accept (the first packet falls through all of them, later ones stop at the third). */
export const forwardRules = 3;

export class IptablesProxier implements ServiceProxy {
  readonly mode = 'iptables';
  readonly rules: number;
  readonly rulesByNode: readonly number[] | null;
  readonly connectNs = 0;
  readonly translates = true;
  readonly unmatchedNs: number;
  readonly translateNs: number;
  readonly filterNs: number;
  private readonly jumps: number;
  private readonly svcChainHead: number;
  /** Rules of KUBE-SERVICES walked in full before KUBE-NODEPORTS (NodePort traffic). */
  private readonly kubeServicesRules: number;
  private readonly groups: ServiceGroups;
  private readonly order = new Map<number, RandomStream>();
  private readonly statistic = new Map<number, RandomStream>();

  constructor(
    readonly version: KubeProxyVersion,
    readonly via: ServiceAddress,
    private readonly services: ServiceCatalogueConfig,
    private readonly costs: CostProfile,
    private readonly streams: Streams,
    private readonly options: ServiceOptions = {},
  ) {
    this.groups = new ServiceGroups(services.groups);
    const shape = { groups: services.groups, nodePortServices: services.nodePortServices, version };
    const counts = iptablesRuleset(shape);
    const rules = perNode({ ...shape, ...rulesetOptions(options) }, options.endpoints?.nodeLayouts() ?? null, (x) => iptablesRuleset(x).rules);
    this.rules = rules.mean;
    this.rulesByNode = rules.byNode;
    this.jumps = kubeServicesRulesPerService(version);
    // Current kube-proxy's KUBE-SVC chain opens with the off-cluster masquerade rule.
    this.svcChainHead = version === 'legacy' ? 0 : 1;
    this.kubeServicesRules = counts.kubeServicesRules;
    this.unmatchedNs = 2 * costs.iptablesTraverseNs + (counts.kubeServicesRules + postroutingRules) * costs.iptablesRuleNs;
    this.translateNs = (this.masquerades ? 2 : 1) * costs.natRewriteNs;
    this.filterNs = costs.iptablesTraverseNs + forwardRules * costs.iptablesRuleNs;
  }

  /** Rules evaluated for a connection to the Service at `position` choosing endpoint `endpoint`. */
  rulesFor(position: number, endpoint: number): number {
    return (position + 1) * this.jumps + this.svcChainHead + (endpoint + 1) + sepRules + postroutingRules;
  }

  /** Rules evaluated for a connection through the NodePort at `position` in KUBE-NODEPORTS. */
  nodePortRulesFor(position: number, endpoint: number): number {
    const nodePortRules = this.version === 'legacy' ? 2 : 1 + 2;
    return this.kubeServicesRules + position * this.jumps + nodePortRules + markRules + this.svcChainHead + (endpoint + 1) + sepRules + masqueradeRules;
  }

  /** Endpoint i of n with probability 1/(n−i) given the earlier rules did not match. */
  static chooseEndpoint(n: number, stream: RandomStream): number {
    for (let i = 0; i < n - 1; i++) if (stream.random() < 1 / (n - i)) return i;
    return n - 1;
  }

  /** Rules evaluated through a NodePort of policy Local, the local endpoint at `index` of the
   *  KUBE-SVL chain (of `listed` rules with affinity; 0 without). */
  localNodePortRulesFor(position: number, index: number): number {
    return this.kubeServicesRules + position * this.jumps + localHeadRules + (index + 1) + sepRules + postroutingRules;
  }

  /** Whether NodePort connections are marked for masquerade (policy Cluster). */
  private get masquerades(): boolean {
    return this.via === 'nodePort' && !this.options.endpoints?.local;
  }

  select(node: number, s: number, sourceAddr = 0, nowNs = 0): Selection {
    const nodePort = this.via === 'nodePort';
    const listed = nodePort ? this.services.nodePortServices : this.groups.services;
    const position = listPosition(this.services, s, listed, this.stream(this.order, 'kube-services-order', node));
    const chain = this.options.endpoints?.usable(node, s);
    const n = chain?.length ?? this.groups.endpointsOf(s);
    const affinity = this.options.affinity;
    const remembered = affinity ? affinity.lookup(node, s, sourceAddr, nowNs) : -1;
    const sticky = remembered >= 0;
    const index = sticky ? (chain ? chain.indexOf(remembered) : remembered) : IptablesProxier.chooseEndpoint(n, this.stream(this.statistic, 'iptables-statistic', node));
    const endpoint = chain ? chain[index] : index;
    // With affinity the chain's recent checks come first: a remembered client matches its
    // endpoint's (index + 1 checks), a new one fails all n and then walks the statistic rules.
    const recentChecks = affinity ? (sticky ? index + 1 : n) : 0;
    const chainRules = recentChecks - (sticky ? index + 1 : 0);
    const local = this.options.endpoints?.local ?? false;
    const base = !nodePort ? this.rulesFor(position, index) : local ? this.localNodePortRulesFor(position, index) : this.nodePortRulesFor(position, index);
    const rulesWalked = base + chainRules;
    if (affinity) affinity.record(node, s, sourceAddr, endpoint, nowNs);
    const c = this.costs;
    const masquerade = this.masquerades;
    const recentNs = affinity ? (recentChecks + 1) * c.ipsetLookupNs : 0;
    const ns = 2 * c.iptablesTraverseNs + rulesWalked * c.iptablesRuleNs + recentNs + c.natRewriteNs + (masquerade ? c.masqueradeNs : 0);
    const options = this.options.endpoints || affinity;
    return {
      endpoint, ns, rulesWalked, masquerade,
      ...(affinity && { sticky }),
      ...(options && { chains: this.chains(nodePort, local, recentChecks, affinity !== undefined) }),
    };
  }

  private chains(nodePort: boolean, local: boolean, recentChecks: number, affinity: boolean): string {
    const legacy = this.version === 'legacy';
    const endpoints = local ? (legacy ? 'KUBE-XLB' : 'KUBE-SVL') : 'KUBE-SVC';
    const entry = nodePort ? `KUBE-SERVICES → KUBE-NODEPORTS → ${legacy ? '' : 'KUBE-EXT → '}` : 'KUBE-SERVICES → ';
    const recent = affinity ? ` (recent --rcheck ×${recentChecks})` : '';
    return `${entry}${endpoints}${recent} → KUBE-SEP${affinity ? ' (recent --set)' : ''}`;
  }

  closed(): void {}

  private stream(cache: Map<number, RandomStream>, name: string, node: number): RandomStream {
    let s = cache.get(node);
    if (!s) {
      s = this.streams.get(`${name}/node-${node}`);
      cache.set(node, s);
    }
    return s;
  }
}
