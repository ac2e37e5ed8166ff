/**
 * Cost constants of a kube-proxy sync beyond writing the changed rules (cost-profile.ts has the
 * restore, nft transaction and IPVS write constants): kube-proxy's own Go work over every Service
 * and endpoint, `iptables-save` before a restore, nftables' listing of its table and its full-sync
 * transaction, and IPVS's per-Service reads. Part of every cost profile. The nftables constants are
 * derived from kubernetes#139513's log of a 44,125-Service start-up (published.json
 * nftables-kube-proxy-sync-2024-2026's setup); the others are estimates from the mechanism, and say
 * so: no published figure isolates them.
 */
import type { Parameters, ValuesOf } from '../parameters.ts';

export const syncCostParameters = {
  kubeProxyNsPerService: {
    value: 10_000, unit: 'ns/Service', min: 0,
    doc: "Control plane: kube-proxy's own work for one Service port at every sync, in every mode (look up and categorize its endpoints, build its set or map elements or its KUBE-SERVICES rule, compare with what was written), CPU ns.",
    source: "Estimate from the mechanism, no published figure isolates it: syncProxyRules' per-Service loop (pkg/proxy/{iptables,nftables,ipvs}/proxier.go) does ~10 map look-ups and ~10 small allocations and string joins per Service port (~0.2-0.5 us each with Go's allocator on a 2019 Xeon: ~5 us), and on kube-proxy's heap of hundreds of MB the garbage collector at GOGC=100 costs about as much again as the allocating code: ~10 us.",
  },
  kubeProxyNsPerEndpoint: {
    value: 2_000, unit: 'ns/endpoint', min: 0,
    doc: "Control plane: kube-proxy's own work for one endpoint at every sync (readiness, topology and locality checks, its chain name, its rule or real-server entry), CPU ns.",
    source: "Estimate from the mechanism, as kubeProxyNsPerService: CategorizeEndpoints and the per-endpoint loop, a few map look-ups and one or two allocations per endpoint (~1 us) with the garbage collector's share: ~2 us.",
  },
  iptablesSaveNsPerLine: {
    value: 5_000, unit: 'ns/line', min: 0,
    doc: "Control plane: iptables-save writing one line of the table kube-proxy reads before a restore (libiptc's read of the table, one rule printed with its matches, kube-proxy scanning it for chains), CPU ns per line.",
    source: "Estimate from the mechanism: the table read is part of iptablesTableNsPerRule's read-modify-replace (0.8 us a rule), and printing a kube-proxy rule calls 3-5 match extensions' save functions through printf (~1 us each): ~5 us a line, a quarter of iptables-restore's 18.4 us parse. Cross-check: kubernetes#110334 (v1.25) says skipping this read 'cuts several seconds off each syncProxyRules run' in very large clusters; at 10,000 Services of 10 endpoints (~460,000 lines) this gives 2.3 s.",
  },
  nftListNsPerObject: {
    value: 151_000, unit: 'ns/object', min: 0,
    doc: "Control plane: `nft --json --terse list table ip kube-proxy` (knftables ListAll), per chain or rule listed, CPU ns. Set and map elements are not listed (--terse).",
    source: "kubernetes#139513 (published.json nftables-kube-proxy-sync-2024-2026, setup): the listing alone took 40 s at 44,128 Services of one endpoint each, whose table holds 88,272 chains and 176,535 rules (kube-proxy-ruleset.ts nftablesState): 40 s / 264,807 = 151 us per object.",
  },
  nftFullTxNsPerObject: {
    value: 2_663_000, unit: 'ns/object', min: 0,
    doc: "Control plane: nftables' full-sync transaction (start-up), per chain, rule and element of the whole table written, nft process and kernel commit, CPU ns.",
    source: "kubernetes#139513's start-up log at 44,125 Services and 44,152 endpoints: 'Reloading service nftables data' at 17:52:18.984, 'SyncProxyRules complete' at 18:07:59.284, so 940.3 s of nft transaction for a table of 88,266 chains, 176,523 rules and 88,250 elements (353,039 objects): 2.66 ms per object. Linear in the table here; nft's validation is super-linear, so smaller tables are overestimated per object.",
  },
  ipvsReadNsPerService: {
    value: 20_000, unit: 'ns/Service', min: 0,
    doc: "Control plane: IPVS mode reading back one virtual server and its real servers at every sync (syncEndpoint's GetVirtualServer and GetRealServers, two netlink round trips), CPU ns per Service port.",
    source: "Estimate from the mechanism (pkg/proxy/ipvs/proxier.go syncEndpoint, every Service every sync): two netlink requests and replies, each two system calls (2 x syscallNs) plus the kernel's lookup and Go's message building and parsing in the netlink library (~8-10 us of allocation-heavy work): ~20 us.",
  },
  schedBaseSliceNs: {
    value: 750_000, unit: 'ns', min: 1, integer: true,
    doc: "Control plane: the scheduler's base slice, before its scaling by the node's cores (1 + ilog2(min(cores, 8))): a sync (kube-proxy, iptables-restore, nft, in process context) yields its core to waiting task-context packet work after each slice of CPU it has run, ns.",
    source: "Linux kernel/sched/fair.c: `unsigned int sysctl_sched_base_slice = 750000ULL` (EEVDF, Linux 6.6 to 6.14; 700000ULL from 6.15, commit 2ae891b 'sched: Reduce the default slice to avoid tasks getting an extra tick'), set to factor × normalized value by update_sysctl(), factor = get_update_sysctl_factor() = 1 + ilog2(min(num_online_cpus(), 8)) under the default SCHED_TUNABLESCALING_LOG: 3 ms on 8 cores or more. With RUN_TO_PARITY the running task keeps the core until it has used its slice. Before 6.6 (CFS, the profiles' 4.x/5.x kernels) the same 0.75 ms × factor was sysctl_sched_min_granularity, the least a task runs before the tick preempts it (sysctl_sched_latency 6 ms × factor the period); there a waking task usually preempts at once (its sleeper credit, half of sched_latency, exceeds sysctl_sched_wakeup_granularity, 1 ms × factor), so under CFS one slice bounds the wait from above.",
  },
} as const satisfies Parameters;

export type SyncCosts = ValuesOf<typeof syncCostParameters>;
