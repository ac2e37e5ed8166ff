/**
 * Cost constants of Service load balancing: netfilter rule evaluation, conntrack, NAT, IPVS,
 * nftables, eBPF socket load balancing and connection set-up and tear-down. Part of every cost
 * profile (models/cost-profile.ts); each constant says its unit and where it comes from. Where no
 * published figure exists the value is an estimate from the mechanism and says so.
 */

export interface ProxyCosts {
  /** Evaluating one non-matching rule of a linear iptables chain in ipt_do_table, ns. */
  iptablesRuleNs: number;
  /** Entering the nat table for a packet (ipt_do_table set-up, built-in chain, jumps), ns. */
  iptablesTraverseNs: number;
  /** Conntrack lookup of a packet: tuple hash and the hit in its bucket, ns. */
  conntrackLookupNs: number;
  /** Walking one more entry of a conntrack hash chain (one cache miss), ns. */
  conntrackChainEntryNs: number;
  /** Creating a conntrack entry: allocation, extensions, confirm and hash insert, ns. */
  conntrackInsertNs: number;
  /** Rewriting a packet's address and port and fixing checksums (NAT manip), ns. */
  natRewriteNs: number;
  /** MASQUERADE (SNAT to the node's address) of a new flow: source address choice and the search
   *  for a free source port (nf_nat_setup_info, unique tuple), ns. */
  masqueradeNs: number;
  /** One ipset hash:ip,port membership test from an iptables rule, ns. */
  ipsetLookupNs: number;
  /** IPVS first packet: virtual-service hash lookup, scheduler, ip_vs_conn allocation and hash, ns. */
  ipvsNewConnectionNs: number;
  /** IPVS every packet: ip_vs_conn lookup and the NAT transmitter (second route lookup and the
   *  LOCAL_OUT/POSTROUTING hooks it re-enters), ns. */
  ipvsPacketNs: number;
  /** nftables verdict-map lookup (hash of daddr . proto . dport), ns. */
  nftVmapLookupNs: number;
  /** One nftables rule (a few expressions) in a service or endpoint chain, ns. */
  nftRuleNs: number;
  /** eBPF socket load balancing at connect(): cgroup hook, service and backend map lookups, ns. */
  ebpfConnectNs: number;
  /** Kernel work of opening a TCP connection beyond its segments: socket(), connect() with
   *  ephemeral-port search and route lookup, socket set-up at the handshake, ns. */
  tcpConnectNs: number;
  /** Kernel work of closing one: close(), TIME_WAIT socket, freeing the socket, ns. */
  tcpCloseNs: number;
  /** The userspace proxy choosing a backend and bookkeeping a proxied connection (Go), ns. */
  userspaceProxyNs: number;
}

/** Skylake-SP Xeon, Linux 4.x/5.x: the 'xeon-2019-10gbe' profile. */
export const proxyCostsXeon2019: ProxyCosts = {
  // published.json facts.per_rule_cost: ipt_do_table over 4,500 tcp rules, 90-230 cycles per rule.
  // A KUBE-SERVICES rule fails in ip_packet_match on its destination address before any match
  // extension runs (the measured "tcp rules" call the tcp match), so the low end, 90 cycles, at
  // 3.1 GHz (all-core turbo of a Xeon Gold 6148, the 2.4 GHz-base part of this profile; a
  // softirq path runs at turbo): 29 ns. The one judgement call of this model: see README.
  iptablesRuleNs: 29,
  // Estimate: ipt_do_table entry (RCU, jumpstack, table base) and the PREROUTING → KUBE-SERVICES
  // jump, a few cache lines: ~150 ns.
  iptablesTraverseNs: 150,
  // Estimate: jhash of the tuple + one bucket hit ~150 ns (conntrack-heavy forwarding runs at
  // ~1-2 Mpps per core, Florian Westphal, netdev 2.1 "Netfilter connection tracking" talk).
  conntrackLookupNs: 150,
  // One cache miss per entry walked in a bucket chain: DRAM latency ~80-90 ns on Skylake-SP
  // (Intel MLC idle latency); 80 ns.
  conntrackChainEntryNs: 80,
  // Estimate: nf_conntrack_alloc (slab), extensions, nf_conntrack_confirm with two hash inserts
  // and the timeout set-up: ~1 us (new-connection rates of ~1 M/s per core are not reached by
  // conntrack; ~0.5-1 M/s is typical).
  conntrackInsertNs: 1000,
  // Estimate: nf_nat_manip_pkt: rewrite 2 fields, incremental checksum update: ~100 ns.
  natRewriteNs: 100,
  // Estimate: nf_nat_setup_info with the unique-tuple search, ~2 conntrack lookups plus the
  // rewrite: ~400 ns.
  masqueradeNs: 400,
  // Estimate: ipset hash:ip,port test is a jhash and a bucket probe like conntrack's: ~150 ns.
  ipsetLookupNs: 150,
  // Estimate: ip_vs_service_find + scheduler + ip_vs_conn_new (slab alloc, hash insert, timer):
  // ~1.5 us, similar to a conntrack insert plus a lookup.
  ipvsNewConnectionNs: 1500,
  // Estimate: ip_vs_conn_in_get (~150 ns) + ip_vs_nat_xmit: ip_route_output (~300 ns, as
  // routeNs) and re-entering LOCAL_OUT/POSTROUTING (~500 ns): ~1 us.
  ipvsPacketNs: 1000,
  // Estimate: nft_hash lookup of a concatenated key, like an ipset probe: ~150 ns.
  nftVmapLookupNs: 150,
  // Estimate: an nft rule of 3-5 expressions in the nft VM, ~10 ns each: ~40 ns.
  nftRuleNs: 40,
  // Estimate: cgroup/connect4 BPF program with two hash-map lookups (~50-100 ns each) and the
  // program run: ~300 ns.
  ebpfConnectNs: 300,
  // Estimate: socket() + connect() kernel work beyond the SYN's transmit (inet_hash_connect port
  // search, route lookup, socket allocation, handshake completion): ~5 us; Linux clients open
  // ~100-200k connections/s per core in short-connection benchmarks.
  tcpConnectNs: 5000,
  // Estimate: close(), FIN processing bookkeeping, inet_twsk allocation and socket free: ~3 us.
  tcpCloseNs: 3000,
  // Estimate: Go accept loop, round-robin choice and goroutine hand-off per proxied connection:
  // ~5 us.
  userspaceProxyNs: 5000,
};
