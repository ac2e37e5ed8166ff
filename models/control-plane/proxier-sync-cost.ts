/**
 * The CPU cost of one kube-proxy sync, by proxy mode, for a cluster of Services in groups of equal
 * size (a changed Service's chains are linear in its endpoint count, so a sync's work is a closed
 * form in the changed Services and their endpoints):
 * - `iptables`: every sync writes the whole ruleset with one iptables-restore;
 * - `iptables-partial` (kube-proxy ≥ 1.26): a full restore at start-up and every syncPeriod;
 *   otherwise only the changed Services' chains, plus KUBE-SERVICES and the other shared chains,
 *   which are still written whole; the kernel commit still rewrites the whole table;
 * - `iptables-per-rule` (the pre-restore era): every sync re-adds every Service rule with one
 *   iptables command per rule, each rereading and rewriting the table (O(R²));
 * - `ipvs`: a restore of IPVS mode's small constant iptables ruleset plus one netlink operation
 *   per changed IPVS object, flat in the number of Services;
 * - `nftables`: one nft transaction holding only the changed Services' chains and rules,
 *   flat in the number of Services.
 * Every count (rules, restore lines, per-Service lines, nft objects) comes from the ruleset
 * generator (kube-proxy-ruleset.ts), the one place kube-proxy's rules are counted. Known simplifications: the userspace work of building the ruleset
 * (O(Services) per sync in every mode) is not costed; IPVS's and nftables' hourly full resyncs are
 * not modelled; changes never alter a Service's endpoint count (an endpoint is replaced).
 */
import type { CostProfile } from '../profiles/cost-profile.ts';
import { perRuleCommandsNs, restoreNs } from './iptables-restore.ts';
import {
  iptablesRuleset, ipvsState, type IpvsState, nftablesState, type NftablesState, type PerService, type RulesetCounts,
  type RulesetShape,
} from '../services/kube-proxy-ruleset.ts';
import { ServiceGroups } from '../services/service-groups.ts';

/** How kube-proxy programs the kernel at a sync (the data-path modes are `ProxyMode`, proxier.ts). */
export const syncModes = ['iptables', 'iptables-partial', 'iptables-per-rule', 'ipvs', 'nftables'] as const;
export type SyncMode = (typeof syncModes)[number];

/** What the changes a sync programs touched. */
export interface ChangedServices {
  /** Distinct Services changed. */
  services: number;
  /** Endpoints those Services have (the size of the chains rewritten). */
  serviceEndpoints: number;
  /** Endpoints added or removed. */
  endpoints: number;
}

export class ProxierSyncCost {
  /** The iptables ruleset of this shape (for every mode: nftables' chains mirror it). */
  readonly counts: RulesetCounts;
  private readonly ipvs: IpvsState;
  private readonly nft: NftablesState;
  /** The Services, for the totals of a full sync. */
  readonly groups: ServiceGroups;
  /** Lines written whatever changed: shared chains, KUBE-SERVICES, KUBE-NODEPORTS, headers. */
  private readonly sharedLines: number;

  constructor(readonly mode: SyncMode, readonly shape: RulesetShape, private readonly p: CostProfile) {
    this.groups = new ServiceGroups(shape.groups);
    this.counts = iptablesRuleset(shape);
    this.ipvs = ipvsState(shape);
    this.nft = nftablesState(shape);
    const bare = { ...shape, nodePortServices: 0 };
    const fixedLines = iptablesRuleset({ ...bare, groups: [{ count: 0, endpointsPerService: 1 }] }).restoreLines;
    const nodePortLines = this.counts.restoreLines - iptablesRuleset(bare).restoreLines;
    this.sharedLines = fixedLines + nodePortLines + this.counts.kubeServicesRules;
  }

  /** Rules the mode keeps in the kernel (iptables rules; nftables rules), as its Service proxier counts them. */
  get rules(): number {
    switch (this.mode) {
      case 'ipvs':
        return this.ipvs.rules;
      case 'nftables':
        return this.nft.rules;
      default:
        return this.counts.rules;
    }
  }

  /** Lines a partial iptables restore writes for the changed Services' chains. */
  partialLines(changed: ChangedServices): number {
    return this.sharedLines + linear(this.counts.serviceChainLines, changed);
  }

  /** Everything changed: every Service, every endpoint (start-up and periodic syncs). */
  get everything(): ChangedServices {
    const g = this.groups;
    return { services: g.services, serviceEndpoints: g.endpoints, endpoints: g.endpoints };
  }

  /** Whether the mode does a full sync every syncPeriod (iptables-partial only). */
  get periodicFullSync(): boolean {
    return this.mode === 'iptables-partial';
  }

  /** CPU ns of one sync: `full` (start-up, periodic) or of the changed Services and endpoints. */
  syncNs(full: boolean, changed: ChangedServices): number {
    const p = this.p;
    const c = this.counts;
    switch (this.mode) {
      case 'iptables':
        return restoreNs(p, c.restoreLines, c.rules);
      case 'iptables-partial':
        return restoreNs(p, full ? c.restoreLines : this.partialLines(changed), c.rules);
      case 'iptables-per-rule':
        return perRuleCommandsNs(p, c.rules - c.serviceRules, c.serviceRules);
      case 'ipvs':
        return restoreNs(p, this.ipvs.restoreLines, this.ipvs.rules) + Math.round(changed.endpoints * p.ipvsNsPerObject);
      case 'nftables':
        return Math.round(p.nftTxFixedNs + this.nftObjects(full, changed) * p.nftTxNsPerElement);
    }
  }

  /** Objects one nft transaction writes: the whole table when `full`; otherwise each changed
   *  Service's chains (added and flushed) and rules, its set and map elements unchanged. */
  private nftObjects(full: boolean, changed: ChangedServices): number {
    const t = this.nft;
    return full ? t.chains + t.rules + t.elements : linear(t.chainsPerService, changed) + linear(t.rulesPerService, changed);
  }

  /**
   * CPU ns for a node to program one more Service (its chains and all its endpoints) in an
   * otherwise idle sync: Huawei's "latency to add the rules of one more Service". With Services of
   * mixed sizes the new one is of the last group's size (it is appended to the last group).
   */
  addServiceNs(): number {
    const groups = this.shape.groups;
    const n = groups[groups.length - 1].endpointsPerService;
    // A new IPVS virtual service: the service, its n real servers and its ipset entry.
    return this.syncNs(false, { services: 1, serviceEndpoints: n, endpoints: this.mode === 'ipvs' ? n + 2 : n });
  }
}

/** `per` over the changed Services. */
function linear(per: PerService, changed: ChangedServices): number {
  return changed.services * per.perService + changed.serviceEndpoints * per.perEndpoint;
}
