/**
 * The CPU cost of one kube-proxy sync, by proxy mode, for a cluster of identical Services:
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
  iptablesRuleset, ipvsState, type IpvsState, nftablesState, type NftablesState, type RulesetCounts, type RulesetShape,
} from '../services/kube-proxy-ruleset.ts';

/** How kube-proxy programs the kernel at a sync (the data-path modes are `ProxyMode`, proxier.ts). */
export const syncModes = ['iptables', 'iptables-partial', 'iptables-per-rule', 'ipvs', 'nftables'] as const;
export type SyncMode = (typeof syncModes)[number];

export class ProxierSyncCost {
  /** The iptables ruleset of this shape (for every mode: nftables' chains mirror it). */
  readonly counts: RulesetCounts;
  private readonly ipvs: IpvsState;
  private readonly nft: NftablesState;
  /** Lines one Service adds to a restore, apart from its KUBE-SERVICES rules. */
  private readonly serviceChainLines: number;
  /** Lines written whatever changed: shared chains, KUBE-SERVICES, KUBE-NODEPORTS, headers. */
  private readonly sharedLines: number;

  constructor(readonly mode: SyncMode, readonly shape: RulesetShape, private readonly p: CostProfile) {
    this.counts = iptablesRuleset(shape);
    this.ipvs = ipvsState(shape);
    this.nft = nftablesState(shape);
    const bare = { ...shape, nodePortServices: 0 };
    const one = iptablesRuleset({ ...bare, services: 1 });
    const two = iptablesRuleset({ ...bare, services: 2 });
    const linesPerService = two.restoreLines - one.restoreLines;
    this.serviceChainLines = linesPerService - (two.kubeServicesRules - one.kubeServicesRules);
    const fixedLines = one.restoreLines - linesPerService;
    const nodePortLines = this.counts.restoreLines - iptablesRuleset({ ...bare, services: shape.services }).restoreLines;
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

  /** Lines a partial iptables restore writes for `changedServices` Services. */
  partialLines(changedServices: number): number {
    return this.sharedLines + changedServices * this.serviceChainLines;
  }

  /** Whether the mode does a full sync every syncPeriod (iptables-partial only). */
  get periodicFullSync(): boolean {
    return this.mode === 'iptables-partial';
  }

  /** CPU ns of one sync: `full` (start-up, periodic) or of the changed Services and endpoints. */
  syncNs(full: boolean, changedServices: number, changedEndpoints: number): number {
    const p = this.p;
    const c = this.counts;
    switch (this.mode) {
      case 'iptables':
        return restoreNs(p, c.restoreLines, c.rules);
      case 'iptables-partial':
        return restoreNs(p, full ? c.restoreLines : this.partialLines(changedServices), c.rules);
      case 'iptables-per-rule': {
        const serviceRules = this.shape.services * c.rulesPerService;
        return perRuleCommandsNs(p, c.rules - serviceRules, serviceRules);
      }
      case 'ipvs':
        return restoreNs(p, this.ipvs.restoreLines, this.ipvs.rules) + Math.round(changedEndpoints * p.ipvsNsPerObject);
      case 'nftables':
        return Math.round(p.nftTxFixedNs + this.nftObjects(full, changedServices) * p.nftTxNsPerElement);
    }
  }

  /** Objects one nft transaction writes: the whole table when `full`; otherwise each changed
   *  Service's chains (added and flushed) and rules, its set and map elements unchanged. */
  private nftObjects(full: boolean, changedServices: number): number {
    const t = this.nft;
    return full ? t.chains + t.rules + t.elements : changedServices * (t.chainsPerService + t.rulesPerService);
  }

  /**
   * CPU ns for a node to program one more Service (its chains and all its endpoints) in an
   * otherwise idle sync: Huawei's "latency to add the rules of one more Service".
   */
  addServiceNs(): number {
    const n = this.shape.endpointsPerService;
    // A new IPVS virtual service: the service, its n real servers and its ipset entry.
    return this.mode === 'ipvs' ? this.syncNs(false, 1, n + 2) : this.syncNs(false, 1, n);
  }
}
