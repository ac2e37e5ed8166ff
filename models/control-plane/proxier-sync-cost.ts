/**
 * The CPU cost of one kube-proxy sync, by proxy mode, for a cluster of Services in groups of equal
 * size (a changed Service's chains are linear in its endpoint count, so a sync's work is a closed
 * form in the changed Services and their endpoints). The kernel writes, by mode:
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
 * (kube-proxy-ruleset.ts), the Service options' included (affinity's recent rules and nft sets,
 * Local's chains and filter rules, a node's topology-filtered endpoints; IPVS's persistence is a
 * flag on the same virtual server, no object more). Known simplifications: IPVS's and nftables'
 * hourly full resyncs are not modelled; changes never alter a Service's endpoint count (an
 * endpoint is replaced); a partial sync writes a changed Service's endpoints' chains as if it
 * programmed all of them, and its Local chains as the mean over Services.
 */
import type { CostProfile } from '../profiles/cost-profile.ts';
import { perRuleCommandsNs, restoreNs } from './iptables-restore.ts';
import { type SyncCostSwitches, type SyncKind, type SyncTool, UserspaceCosts } from './userspace-costs.ts';
import {
  iptablesRuleset, ipvsState, type IpvsState, kubeServicesRulesPerService, nftablesState, type NftablesState, type PerService, type RulesetCounts,
  type RulesetShape,
} from '../services/kube-proxy-ruleset.ts';
import { ServiceGroups } from '../services/service-groups.ts';

/** How kube-proxy programs the kernel at a sync (the data-path modes are `ProxyMode`, proxier.ts). */
export const syncModes = ['iptables', 'iptables-partial', 'iptables-per-rule', 'ipvs', 'nftables'] as const;
export type SyncMode = (typeof syncModes)[number];

const tools: Record<SyncMode, SyncTool> = {
  iptables: 'iptables-restore', 'iptables-partial': 'iptables-restore', 'iptables-per-rule': 'iptables-commands', ipvs: 'ipvs', nftables: 'nft',
};

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
  private readonly extra: UserspaceCosts;
  /** The Services, for the totals of a full sync. */
  readonly groups: ServiceGroups;
  /** Lines written whatever changed: shared chains, KUBE-SERVICES, KUBE-NODEPORTS, headers. */
  private readonly sharedLines: number;

  constructor(readonly mode: SyncMode, readonly shape: RulesetShape, private readonly p: CostProfile, switches?: SyncCostSwitches) {
    this.groups = new ServiceGroups(shape.groups);
    this.counts = iptablesRuleset(shape);
    this.ipvs = ipvsState(shape);
    this.nft = nftablesState(shape);
    this.extra = new UserspaceCosts(tools[mode], this.groups, shape, p, this.counts, this.nft, switches);
    // The Cluster layout's shared lines (the options' per-Service chains are in localChainLines);
    // the options' filter rules are written whole at every sync.
    const plain = { groups: shape.groups, nodePortServices: shape.nodePortServices, version: shape.version };
    const bare = { ...plain, nodePortServices: 0 };
    const fixedLines = iptablesRuleset({ ...bare, groups: [{ count: 0, endpointsPerService: 1 }] }).restoreLines;
    const nodePortLines = iptablesRuleset(plain).restoreLines - iptablesRuleset(bare).restoreLines;
    // KUBE-SERVICES' closing KUBE-NODEPORTS jump is one of the fixed rules (fixedLines): add its
    // per-Service rules alone.
    const kubeServicesPerService = this.groups.services * kubeServicesRulesPerService(shape.version);
    this.sharedLines = fixedLines + nodePortLines + kubeServicesPerService + this.counts.filterOptionRules;
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
    return this.sharedLines + linear(this.counts.serviceChainLines, changed) + this.localShare(this.counts.localChainLines, changed);
  }

  /** A Local layout's per-Service chain lines for the changed Services: the mean over Services
   *  (exact in expectation for changes spread uniformly); 0 without the options. */
  private localShare(total: number, changed: ChangedServices): number {
    return total === 0 ? 0 : Math.round((changed.services * total) / this.groups.services);
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

  /** Whether a sync of this kind rewrites everything (start-up; partial restore's periodic sync). */
  isFull(kind: SyncKind): boolean {
    return kind === 'startup' || (kind === 'periodic' && this.periodicFullSync);
  }

  /** CPU ns of one sync of `kind` that programs the changed Services and endpoints. */
  syncNs(kind: SyncKind, changed: ChangedServices): number {
    return this.kernelNs(kind, changed) + this.extra.ns(kind);
  }

  /** CPU ns of the kernel writes alone (the restore, the nft transaction, the netlink writes). */
  kernelNs(kind: SyncKind, changed: ChangedServices): number {
    const p = this.p;
    const c = this.counts;
    const full = this.isFull(kind);
    switch (this.mode) {
      case 'iptables':
        return restoreNs(p, c.restoreLines, c.rules);
      case 'iptables-partial':
        return restoreNs(p, full ? c.restoreLines : this.partialLines(changed), c.rules);
      case 'iptables-per-rule':
        return perRuleCommandsNs(p, c.rules - c.serviceRules, c.serviceRules);
      case 'ipvs': {
        const v = this.ipvs;
        const objects = full ? v.virtualServers + v.realServers + v.ipsetMembers : changed.endpoints;
        return restoreNs(p, v.restoreLines, v.rules) + Math.round(objects * p.ipvsNsPerObject);
      }
      case 'nftables': {
        const t = this.nft;
        if (full) return Math.round(p.nftTxFixedNs + (t.chains + t.rules + t.elements + t.sets) * p.nftFullTxNsPerObject);
        // Each changed Service's chains (added and flushed), rules and affinity sets; its elements unchanged.
        const objects = linear(t.chainsPerService, changed) + linear(t.rulesPerService, changed) + linear(t.setsPerService, changed) + this.localShare(t.localChainObjects, changed);
        return Math.round(p.nftTxFixedNs + objects * p.nftTxNsPerElement);
      }
    }
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
    return this.syncNs('incremental', { services: 1, serviceEndpoints: n, endpoints: this.mode === 'ipvs' ? n + 2 : n });
  }
}

/** `per` over the changed Services. */
function linear(per: PerService, changed: ChangedServices): number {
  return changed.services * per.perService + changed.serviceEndpoints * per.perEndpoint;
}
