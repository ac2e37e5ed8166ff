/**
 * Cost constants of Service load balancing: netfilter rule evaluation, conntrack, NAT, IPVS,
 * nftables, eBPF socket load balancing and connection set-up and tear-down, for a Skylake-SP Xeon
 * with Linux 4.x/5.x (the 'xeon-2019-10gbe' profile). Part of every cost profile
 * (cost-profile.ts); each constant is declared once here with its unit, range, help line and
 * source. Where no published figure exists the value is an estimate from the mechanism and says so.
 */
import type { Parameters, ValuesOf } from '../parameters.ts';

export const proxyCostParameters = {
  iptablesRuleNs: {
    value: 29, unit: 'ns', min: 0,
    doc: "Evaluating one non-matching rule of a linear iptables chain in ipt_do_table.",
    source: "published.json facts.per_rule_cost: ipt_do_table over 4,500 tcp rules, 90-230 cycles per rule. A KUBE-SERVICES rule fails in ip_packet_match on its destination address before any match extension runs (the measured \"tcp rules\" call the tcp match), so the low end, 90 cycles, at 3.1 GHz (all-core turbo of a Xeon Gold 6148, the 2.4 GHz-base part of this profile; a softirq path runs at turbo): 29 ns. The one judgement call of this model: see README.",
  },
  iptablesTraverseNs: {
    value: 150, unit: 'ns', min: 0,
    doc: "Entering the nat table for a packet (ipt_do_table set-up, built-in chain, jumps).",
    source: "Estimate: ipt_do_table entry (RCU, jumpstack, table base) and the PREROUTING → KUBE-SERVICES jump, a few cache lines: ~150 ns.",
  },
  conntrackLookupNs: {
    value: 150, unit: 'ns', min: 0,
    doc: "Conntrack lookup of a packet: tuple hash and the hit in its bucket.",
    source: "Estimate: jhash of the tuple + one bucket hit ~150 ns (conntrack-heavy forwarding runs at ~1-2 Mpps per core, Florian Westphal, netdev 2.1 \"Netfilter connection tracking\" talk).",
  },
  conntrackChainEntryNs: {
    value: 80, unit: 'ns', min: 0,
    doc: "Walking one more entry of a conntrack hash chain (one cache miss).",
    source: "One cache miss per entry walked in a bucket chain: DRAM latency ~80-90 ns on Skylake-SP (Intel MLC idle latency); 80 ns.",
  },
  conntrackInsertNs: {
    value: 1000, unit: 'ns', min: 0,
    doc: "Creating a conntrack entry: allocation, extensions, confirm and hash insert.",
    source: "Estimate: nf_conntrack_alloc (slab), extensions, nf_conntrack_confirm with two hash inserts and the timeout set-up: ~1 us (new-connection rates of ~1 M/s per core are not reached by conntrack; ~0.5-1 M/s is typical).",
  },
  natRewriteNs: {
    value: 100, unit: 'ns', min: 0,
    doc: "Rewriting a packet's address and port and fixing checksums (NAT manip).",
    source: "Estimate: nf_nat_manip_pkt: rewrite 2 fields, incremental checksum update: ~100 ns.",
  },
  masqueradeNs: {
    value: 400, unit: 'ns', min: 0,
    doc: "MASQUERADE (SNAT to the node's address) of a new flow: source address choice and the search for a free source port (nf_nat_setup_info, unique tuple).",
    source: "Estimate: nf_nat_setup_info with the unique-tuple search, ~2 conntrack lookups plus the rewrite: ~400 ns.",
  },
  ipsetLookupNs: {
    value: 150, unit: 'ns', min: 0,
    doc: "One ipset hash:ip,port membership test from an iptables rule.",
    source: "Estimate: ipset hash:ip,port test is a jhash and a bucket probe like conntrack's: ~150 ns.",
  },
  ipvsNewConnectionNs: {
    value: 1500, unit: 'ns', min: 0,
    doc: "IPVS first packet: virtual-service hash lookup, scheduler, ip_vs_conn allocation and hash.",
    source: "Estimate: ip_vs_service_find + scheduler + ip_vs_conn_new (slab alloc, hash insert, timer): ~1.5 us, similar to a conntrack insert plus a lookup.",
  },
  ipvsPacketNs: {
    value: 1000, unit: 'ns', min: 0,
    doc: "IPVS every packet: ip_vs_conn lookup and the NAT transmitter (second route lookup and the LOCAL_OUT/POSTROUTING hooks it re-enters).",
    source: "Estimate: ip_vs_conn_in_get (~150 ns) + ip_vs_nat_xmit: ip_route_output (~300 ns, as routeNs) and re-entering LOCAL_OUT/POSTROUTING (~500 ns): ~1 us.",
  },
  nftVmapLookupNs: {
    value: 150, unit: 'ns', min: 0,
    doc: "nftables verdict-map lookup (hash of daddr . proto . dport).",
    source: "Estimate: nft_hash lookup of a concatenated key, like an ipset probe: ~150 ns.",
  },
  nftRuleNs: {
    value: 40, unit: 'ns', min: 0,
    doc: "One nftables rule (a few expressions) in a service or endpoint chain.",
    source: "Estimate: an nft rule of 3-5 expressions in the nft VM, ~10 ns each: ~40 ns.",
  },
  ebpfConnectNs: {
    value: 300, unit: 'ns', min: 0,
    doc: "eBPF socket load balancing at connect(): cgroup hook, service and backend map lookups.",
    source: "Estimate: cgroup/connect4 BPF program with two hash-map lookups (~50-100 ns each) and the program run: ~300 ns.",
  },
  tcpConnectNs: {
    value: 5000, unit: 'ns', min: 0,
    doc: "Kernel work of opening a TCP connection beyond its segments: socket(), connect() with ephemeral-port search and route lookup, socket set-up at the handshake.",
    source: "Estimate: socket() + connect() kernel work beyond the SYN's transmit (inet_hash_connect port search, route lookup, socket allocation, handshake completion): ~5 us; Linux clients open ~100-200k connections/s per core in short-connection benchmarks.",
  },
  tcpCloseNs: {
    value: 3000, unit: 'ns', min: 0,
    doc: "Kernel work of closing one: close(), TIME_WAIT socket, freeing the socket.",
    source: "Estimate: close(), FIN processing bookkeeping, inet_twsk allocation and socket free: ~3 us.",
  },
  userspaceProxyNs: {
    value: 5000, unit: 'ns', min: 0,
    doc: "The userspace proxy choosing a backend and bookkeeping a proxied connection (Go).",
    source: "Estimate: Go accept loop, round-robin choice and goroutine hand-off per proxied connection: ~5 us.",
  },
} as const satisfies Parameters;

export type ProxyCosts = ValuesOf<typeof proxyCostParameters>;
