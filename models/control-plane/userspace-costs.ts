/**
 * What a kube-proxy sync costs besides the kernel writes of its mode (proxier-sync-cost.ts):
 * - kube-proxy's own work: syncProxyRules loops over every Service port and its endpoints at every
 *   sync, in every mode, whatever changed (O(Services + endpoints)); in IPVS mode syncEndpoint
 *   also reads each virtual server and its real servers back over netlink;
 * - `iptables-save` before the restore (iptables modes): kube-proxy ≤ 1.24 (the `legacy` version
 *   here, ≤ 1.20) read the nat and filter tables at every sync to find its existing chains;
 *   kubernetes#110328 and #110334 (v1.25) stopped reading filter and, in clusters of more than
 *   1,000 endpoints (largeClusterMode), read nat only when cleaning up stale chains, once per
 *   syncPeriod; the `current` version does that;
 * - nftables' `nft --json --terse list table` (knftables ListAll), which reconciles the table at
 *   start-up and, in kube-proxy 1.36, runs at every sync (kubernetes#139513; the fix proposed in
 *   #139878 skips it on incremental syncs).
 * Each has a switch so a run can leave it out for comparison. Known simplifications: the save's
 * output is as long as a full restore's input; kube-proxy ≤ 1.24's IPVS mode also ran
 * iptables-save (of a small table) and is not charged for it.
 */
import type { CostProfile } from '../profiles/cost-profile.ts';
import type { NftablesState, RulesetCounts, RulesetShape } from '../services/kube-proxy-ruleset.ts';

/** Why a sync runs: kube-proxy (re)started, the syncPeriod timer, or changes. */
export type SyncKind = 'startup' | 'periodic' | 'incremental';

/** Which of these costs a run charges. */
export interface SyncCostSwitches {
  /** kube-proxy's per-Service and per-endpoint work, and IPVS's per-Service read-back. */
  userspace: boolean;
  /** iptables-save before a restore, where the version reads the table. */
  iptablesSave: boolean;
  /** nftables lists its whole table at every sync (kube-proxy 1.36), not only at start-up. */
  nftablesListEverySync: boolean;
}

export const defaultSyncCostSwitches: SyncCostSwitches = { userspace: true, iptablesSave: true, nftablesListEverySync: false };

/** What a mode's syncs write with: an iptables-restore (after which kube-proxy may save), IPVS
 *  netlink calls, an nft transaction, or one iptables command per rule (no save, no listing). */
export type SyncTool = 'iptables-restore' | 'ipvs' | 'nft' | 'iptables-commands';

/** kube-proxy's largeClusterEndpointsThreshold (pkg/proxy/iptables/proxier.go). */
const largeClusterEndpoints = 1000;

export class UserspaceCosts {
  constructor(
    private readonly tool: SyncTool,
    private readonly shape: RulesetShape,
    private readonly p: CostProfile,
    private readonly counts: RulesetCounts,
    private readonly nft: NftablesState,
    private readonly switches: SyncCostSwitches = defaultSyncCostSwitches,
  ) {}

  /** CPU ns these costs add to a sync of `kind`. */
  ns(kind: SyncKind): number {
    return this.buildNs() + this.saveNs(kind) + this.listNs(kind);
  }

  /** kube-proxy's loop over every Service port and endpoint (and IPVS's read-back of each). */
  buildNs(): number {
    if (!this.switches.userspace) return 0;
    const p = this.p;
    const services = this.shape.services;
    const endpoints = services * this.shape.endpointsPerService;
    const reads = this.tool === 'ipvs' ? (services + (this.shape.nodePortServices ?? 0)) * p.ipvsReadNsPerService : 0;
    return Math.round(services * p.kubeProxyNsPerService + endpoints * p.kubeProxyNsPerEndpoint + reads);
  }

  /** Whether kube-proxy reads the table with iptables-save before this sync's restore. */
  saves(kind: SyncKind): boolean {
    if (!this.switches.iptablesSave || this.tool !== 'iptables-restore') return false;
    const large = this.shape.services * this.shape.endpointsPerService > largeClusterEndpoints;
    return this.shape.version === 'legacy' || !large || kind !== 'incremental';
  }

  /** One iptables-save of the table: a process and every line printed. */
  saveNs(kind: SyncKind): number {
    return this.saves(kind) ? Math.round(this.p.iptablesExecNs + this.counts.restoreLines * this.p.iptablesSaveNsPerLine) : 0;
  }

  /** nftables' ListAll: a process and every chain and rule of the table listed. */
  listNs(kind: SyncKind): number {
    if (this.tool !== 'nft' || (kind !== 'startup' && !this.switches.nftablesListEverySync)) return 0;
    return Math.round(this.p.iptablesExecNs + (this.nft.chains + this.nft.rules) * this.p.nftListNsPerObject);
  }
}
