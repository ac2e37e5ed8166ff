/**
 * The CPU cost of one kube-proxy sync, by proxy mode, for a cluster of identical Services. The
 * kernel writes, by mode:
 * - `iptables`: every sync writes the whole ruleset with one iptables-restore;
 * - `iptables-partial` (kube-proxy ≥ 1.26): a full restore at start-up and every syncPeriod;
 *   otherwise only the changed Services' chains, plus KUBE-SERVICES and the other shared chains,
 *   which are still written whole; the kernel commit still rewrites the whole table;
 * - `iptables-per-rule` (the pre-restore era): every sync re-adds every Service rule with one
 *   iptables command per rule, each rereading and rewriting the table (O(R²));
 * - `ipvs`: a restore of IPVS mode's small constant iptables ruleset plus one netlink operation
 *   per changed IPVS object; at start-up every virtual server, real server and ipset member;
 * - `nftables`: one nft transaction holding only the changed Services' chains and rules; at
 *   start-up one transaction of the whole table.
 * On top of them, each with a switch (`SyncCostSwitches`): kube-proxy's own work over every
 * Service and endpoint at every sync in every mode (IPVS mode also reads each virtual server and
 * its real servers back over netlink); `iptables-save` of the table before the restore where the
 * version reads it (userspace-costs.ts); nftables' listing of its table (ListAll) at start-up and,
 * as kube-proxy 1.36 does, optionally at every sync. Every count comes from the ruleset generator
 * (kube-proxy-ruleset.ts). Known simplifications: IPVS's and nftables' hourly full resyncs are not
 * modelled; changes never alter a Service's endpoint count (an endpoint is replaced).
 */
import type { CostProfile } from '../profiles/cost-profile.ts';
import { perRuleCommandsNs, restoreNs } from './iptables-restore.ts';
import { type SyncCostSwitches, type SyncKind, type SyncTool, UserspaceCosts } from './userspace-costs.ts';
import {
  iptablesRuleset, ipvsState, type IpvsState, nftablesState, type NftablesState, type RulesetCounts, type RulesetShape,
} from '../services/kube-proxy-ruleset.ts';

/** How kube-proxy programs the kernel at a sync (the data-path modes are `ProxyMode`, proxier.ts). */
export const syncModes = ['iptables', 'iptables-partial', 'iptables-per-rule', 'ipvs', 'nftables'] as const;
export type SyncMode = (typeof syncModes)[number];

const tools: Record<SyncMode, SyncTool> = {
  iptables: 'iptables-restore', 'iptables-partial': 'iptables-restore', 'iptables-per-rule': 'iptables-commands', ipvs: 'ipvs', nftables: 'nft',
};

export class ProxierSyncCost {
  /** The iptables ruleset of this shape (for every mode: nftables' chains mirror it). */
  readonly counts: RulesetCounts;
  private readonly ipvs: IpvsState;
  private readonly nft: NftablesState;
  private readonly extra: UserspaceCosts;
  /** Lines one Service adds to a restore, apart from its KUBE-SERVICES rules. */
  private readonly serviceChainLines: number;
  /** Lines written whatever changed: shared chains, KUBE-SERVICES, KUBE-NODEPORTS, headers. */
  private readonly sharedLines: number;

  constructor(readonly mode: SyncMode, readonly shape: RulesetShape, private readonly p: CostProfile, switches?: SyncCostSwitches) {
    this.counts = iptablesRuleset(shape);
    this.ipvs = ipvsState(shape);
    this.nft = nftablesState(shape);
    this.extra = new UserspaceCosts(tools[mode], shape, p, this.counts, this.nft, switches);
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

  /** Whether a sync of this kind rewrites everything (start-up; partial restore's periodic sync). */
  isFull(kind: SyncKind): boolean {
    return kind === 'startup' || (kind === 'periodic' && this.periodicFullSync);
  }

  /** CPU ns of one sync of `kind` that programs the changed Services and endpoints. */
  syncNs(kind: SyncKind, changedServices: number, changedEndpoints: number): number {
    return this.kernelNs(kind, changedServices, changedEndpoints) + this.extra.ns(kind);
  }

  /** CPU ns of the kernel writes alone (the restore, the nft transaction, the netlink writes). */
  kernelNs(kind: SyncKind, changedServices: number, changedEndpoints: number): number {
    const p = this.p;
    const c = this.counts;
    const full = this.isFull(kind);
    switch (this.mode) {
      case 'iptables':
        return restoreNs(p, c.restoreLines, c.rules);
      case 'iptables-partial':
        return restoreNs(p, full ? c.restoreLines : this.partialLines(changedServices), c.rules);
      case 'iptables-per-rule': {
        const serviceRules = this.shape.services * c.rulesPerService;
        return perRuleCommandsNs(p, c.rules - serviceRules, serviceRules);
      }
      case 'ipvs': {
        const v = this.ipvs;
        const objects = full ? v.virtualServers + v.realServers + v.ipsetMembers : changedEndpoints;
        return restoreNs(p, v.restoreLines, v.rules) + Math.round(objects * p.ipvsNsPerObject);
      }
      case 'nftables': {
        const t = this.nft;
        if (full) return Math.round(p.nftTxFixedNs + (t.chains + t.rules + t.elements) * p.nftFullTxNsPerObject);
        // Each changed Service's chains (added and flushed) and rules; its elements unchanged.
        return Math.round(p.nftTxFixedNs + changedServices * (t.chainsPerService + t.rulesPerService) * p.nftTxNsPerElement);
      }
    }
  }

  /**
   * CPU ns for a node to program one more Service (its chains and all its endpoints) in an
   * otherwise idle sync: Huawei's "latency to add the rules of one more Service".
   */
  addServiceNs(): number {
    const n = this.shape.endpointsPerService;
    // A new IPVS virtual service: the service, its n real servers and its ipset entry.
    return this.mode === 'ipvs' ? this.syncNs('incremental', 1, n + 2) : this.syncNs('incremental', 1, n);
  }
}
