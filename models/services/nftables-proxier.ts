/**
 * kube-proxy's nftables mode (≥ 1.29) on one packet: a new connection's first packet makes one
 * lookup in the `service-ips` verdict map (daddr . protocol . dport), goes to its Service's chain
 * (off-cluster masquerade test, `numgen random mod n vmap` to an endpoint chain) and the
 * endpoint's chain (hairpin mark test, DNAT): a handful of rules whatever the number of Services.
 * A flow matching no Service misses the map. Later packets are translated from conntrack.
 * Through a NodePort the first packet misses `service-ips`, takes the `fib daddr type local` rule
 * to the `service-nodeports` map, then the Service's external chain (mark for masquerade) and is
 * masqueraded in the postrouting chain.
 */
import type { RandomStream, Streams } from '../../sim/index.ts';
import type { CostProfile } from '../profiles/cost-profile.ts';
import { nftablesState } from './kube-proxy-ruleset.ts';
import type { ServiceCatalogueConfig } from './service-catalogue.ts';
import { ServiceGroups } from './service-groups.ts';
import type { Selection, ServiceAddress, ServiceProxy } from './proxier.ts';

/** Rules evaluated after the map: Service chain 2, endpoint chain 2. */
const chainRules = 4;
/** A NodePort's extra rules: the local-address test, the external chain's mark and jump, the
 *  postrouting masquerade test. */
const nodePortRules = 4;

export class NftablesProxier implements ServiceProxy {
  readonly mode = 'nftables';
  readonly rules: number;
  readonly connectNs = 0;
  readonly translates = true;
  readonly unmatchedNs: number;
  readonly translateNs: number;
  readonly filterNs: number;
  private readonly newNs: number;
  private readonly numgen = new Map<number, RandomStream>();

  private readonly groups: ServiceGroups;

  constructor(via: ServiceAddress, services: ServiceCatalogueConfig, costs: CostProfile, private readonly streams: Streams) {
    this.groups = new ServiceGroups(services.groups);
    this.rules = nftablesState({ ...services, version: 'current' }).rules;
    this.unmatchedNs = costs.nftVmapLookupNs;
    const nodePortNs = costs.nftVmapLookupNs + nodePortRules * costs.nftRuleNs + costs.masqueradeNs;
    this.newNs = costs.nftVmapLookupNs + chainRules * costs.nftRuleNs + costs.natRewriteNs + (via === 'nodePort' ? nodePortNs : 0);
    this.translateNs = (via === 'nodePort' ? 2 : 1) * costs.natRewriteNs;
    // The filter-forward chain: ct state new → endpoints check, else accept: 2 rules.
    this.filterNs = 2 * costs.nftRuleNs;
  }

  select(node: number, s: number): Selection {
    let stream = this.numgen.get(node);
    if (!stream) {
      stream = this.streams.get(`nft-numgen/node-${node}`);
      this.numgen.set(node, stream);
    }
    return { endpoint: stream.integer(this.groups.endpointsOf(s)), ns: this.newNs, rulesWalked: 0 };
  }

  closed(): void {}
}
