/**
 * kube-proxy's nftables mode (≥ 1.29) on one packet: a new connection's first packet makes one
 * lookup in the `service-ips` verdict map (daddr . protocol . dport), goes to its Service's chain
 * (off-cluster masquerade test, `numgen random mod n vmap` to an endpoint chain) and the
 * endpoint's chain (hairpin mark test, DNAT): a handful of rules whatever the number of Services.
 * A flow matching no Service misses the map. Later packets are translated from conntrack.
 * Through a NodePort the first packet misses `service-ips`, takes the `fib daddr type local` rule
 * to the `service-nodeports` map, then the Service's external chain (mark for masquerade) and is
 * masqueraded in the postrouting chain.
 * With `externalTrafficPolicy: Local` the external chain holds 4 rules (pod-source goto, `fib saddr
 * type local` mark and goto, none taken by an external client, then the goto to the local chain),
 * the local chain only its `numgen` rule over this node's endpoints (no masquerade test at its
 * head), and nothing is marked: the same rule count as Cluster's, without the MASQUERADE.
 * With `sessionAffinity: ClientIP` the service chain opens with one `ip saddr @affinity-X goto`
 * rule per endpoint (a set lookup each; a remembered client stops at its endpoint's and skips
 * `numgen`) and each endpoint chain adds `update @affinity-X { ip saddr }` (session-affinity.ts).
 */
import type { RandomStream, Streams } from '../../sim/index.ts';
import type { CostProfile } from '../profiles/cost-profile.ts';
import { nftablesState, perNode } from './kube-proxy-ruleset.ts';
import type { ServiceCatalogueConfig } from './service-catalogue.ts';
import { ServiceGroups } from './service-groups.ts';
import { rulesetOptions, type Selection, type ServiceAddress, type ServiceOptions, type ServiceProxy } from './proxier.ts';

/** Rules evaluated after the map: Service chain 2, endpoint chain 2. */
const chainRules = 4;
/** A NodePort's extra rules: the local-address test, the external chain's mark and jump, the
 *  postrouting masquerade test. */
const nodePortRules = 4;
/** Local's rules beside the map lookups: the local-address test, the external chain's 4, the
 *  local chain's numgen and the endpoint chain's 2. */
const localNodePortRules = 1 + 4 + 1 + 2;

export class NftablesProxier implements ServiceProxy {
  readonly mode = 'nftables';
  readonly rules: number;
  readonly rulesByNode: readonly number[] | null;
  readonly connectNs = 0;
  readonly translates = true;
  readonly unmatchedNs: number;
  readonly translateNs: number;
  readonly filterNs: number;
  private readonly newNs: number;
  private readonly masquerade: boolean;
  private readonly numgen = new Map<number, RandomStream>();

  private readonly groups: ServiceGroups;

  constructor(
    private readonly via: ServiceAddress,
    services: ServiceCatalogueConfig,
    private readonly costs: CostProfile,
    private readonly streams: Streams,
    private readonly options: ServiceOptions = {},
  ) {
    this.groups = new ServiceGroups(services.groups);
    const rules = perNode({ ...services, version: 'current', ...rulesetOptions(options) }, options.endpoints?.nodeLayouts() ?? null, (x) => nftablesState(x).rules);
    this.rules = rules.mean;
    this.rulesByNode = rules.byNode;
    this.unmatchedNs = costs.nftVmapLookupNs;
    const local = via === 'nodePort' && (options.endpoints?.local ?? false);
    this.masquerade = via === 'nodePort' && !local;
    const nodePortNs = costs.nftVmapLookupNs + nodePortRules * costs.nftRuleNs + costs.masqueradeNs;
    this.newNs = local
      ? 2 * costs.nftVmapLookupNs + localNodePortRules * costs.nftRuleNs + costs.natRewriteNs
      : costs.nftVmapLookupNs + chainRules * costs.nftRuleNs + costs.natRewriteNs + (via === 'nodePort' ? nodePortNs : 0);
    this.translateNs = (this.masquerade ? 2 : 1) * costs.natRewriteNs;
    // The filter-forward chain: ct state new → endpoints check, else accept: 2 rules.
    this.filterNs = 2 * costs.nftRuleNs;
  }

  select(node: number, s = 0, sourceAddr = 0, nowNs = 0): Selection {
    const chain = this.options.endpoints?.usable(node, s);
    const n = chain?.length ?? this.groups.endpointsOf(s);
    const affinity = this.options.affinity;
    const remembered = affinity ? affinity.lookup(node, s, sourceAddr, nowNs) : -1;
    const sticky = remembered >= 0;
    const index = sticky ? (chain ? chain.indexOf(remembered) : remembered) : this.stream(node).integer(n);
    const endpoint = chain ? chain[index] : index;
    let ns = this.newNs;
    if (affinity) {
      affinity.record(node, s, sourceAddr, endpoint, nowNs);
      const c = this.costs;
      // The set lookups of the affinity rules walked and the endpoint chain's update; a
      // remembered client skips numgen.
      const lookups = (sticky ? index + 1 : n) + 1;
      ns += lookups * (c.nftRuleNs + c.nftVmapLookupNs) - (sticky ? c.nftRuleNs : 0);
    }
    const options = this.options.endpoints || affinity;
    return { endpoint, ns, rulesWalked: 0, masquerade: this.masquerade, ...(affinity && { sticky }), ...(options && { chains: this.chains(affinity !== undefined) }) };
  }

  private chains(affinity: boolean): string {
    const entry = this.via === 'nodePort' ? `service-nodeports map → external chain → ${this.masquerade ? 'service' : 'local'} chain` : 'service-ips map → service chain';
    return `${entry}${affinity ? ' (ip saddr @affinity sets)' : ''} → endpoint chain${affinity ? ' (update @affinity)' : ''}`;
  }

  private stream(node: number): RandomStream {
    let stream = this.numgen.get(node);
    if (!stream) {
      stream = this.streams.get(`nft-numgen/node-${node}`);
      this.numgen.set(node, stream);
    }
    return stream;
  }

  closed(): void {}
}
