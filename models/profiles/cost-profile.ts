/**
 * Cost profiles: every CPU and wire cost constant of the data path, in one place per kind of host.
 * A scenario chooses a profile by name and may override any constant (`costs:`). Constants are
 * derived from published measurements, never fitted per scenario; each says its unit and source.
 * Costs are CPU time on the node that does the work, for one packet unless the name says per byte.
 */

import { type ProxyCosts, proxyCostsXeon2019 } from './proxy-costs.ts';

export interface CostProfile extends ProxyCosts {
  /** Entry and exit of one system call (send, recv, read, write, sendto, recvfrom), with the
   *  page-table isolation of post-2018 kernels, ns. */
  syscallNs: number;
  /** Copying one byte between user and kernel memory (copy_to_user / copy_from_user), ns/byte. */
  copyNsPerByte: number;
  /** Waking a blocked thread and switching to it (scheduler, context switch), CPU ns. */
  wakeupNs: number;
  /** TCP/IP transmit processing of one segment: tcp_sendmsg → ip_output → dev_queue_xmit, ns. */
  tcpTxNs: number;
  /** TCP/IP receive processing of one segment: ip_rcv → tcp_v4_rcv → socket queue, ns. */
  tcpRxNs: number;
  /** veth pair: veth_xmit and the netif_rx into the peer namespace, ns. */
  vethNs: number;
  /** Linux bridge (cni0): br_handle_frame, FDB lookup, forward, ns. */
  bridgeNs: number;
  /** IPv4 routing: FIB lookup and ip_forward, ns. */
  routeNs: number;
  /** NIC driver transmit of one frame (ndo_start_xmit, descriptor, doorbell), ns. */
  nicTxNs: number;
  /** NIC receive of one frame in NAPI softirq (poll, skb build, netif_receive_skb), ns. */
  nicRxNs: number;
  /** One-way propagation between two nodes, including one switch hop, ns. */
  propagationNs: number;
  /** UDP/IP transmit of one datagram below the socket and above the driver (udp_send_skb or
   *  udp_tunnel_xmit_skb → ip_local_out, outer header build), ns. */
  udpTxNs: number;
  /** IP and UDP receive of one datagram up to its socket or tunnel (ip_rcv → udp_rcv, socket
   *  lookup, enqueue or encap_rcv), ns. */
  udpRxNs: number;
  /** Handing a packet to the stack again through another device (netif_rx / gro_cells →
   *  netif_receive_skb), as a tunnel's decapsulation and a write() to a TUN device do, ns. */
  netifRxNs: number;
  /** VXLAN VTEP lookups on transmit: the FDB entry (VTEP MAC → remote node) and the ARP entry
   *  (remote subnet gateway → VTEP MAC) flannel programs, ns. */
  vtepLookupNs: number;
  /** TUN transmit: tun_net_xmit queues the packet on the reader's file and wakes it, ns. */
  tunXmitNs: number;
  /** flanneld's user-space work per packet in its UDP proxy loop (proxy_amd64.c: header checks,
   *  find_route, TTL and checksum patch, loop overhead), ns. Derived, see README "Overlay backends". */
  flanneldUserNs: number;
  /** Control plane: starting one iptables / iptables-restore / nft process (fork, exec, xtables
   *  init), CPU ns per invocation. */
  iptablesExecNs: number;
  /** Control plane: one read-modify-replace of a netfilter table through libiptc and the kernel
   *  (IPT_SO_GET_ENTRIES, rebuild, IPT_SO_SET_REPLACE + translate_table), CPU ns per rule in the
   *  table. Paid once per iptables command and once per iptables-restore commit. */
  iptablesTableNsPerRule: number;
  /** Control plane: iptables-restore parsing one input line into the table, CPU ns per line. */
  iptablesRestoreNsPerLine: number;
  /** Control plane: one nft transaction of kube-proxy (nft process, batch commit), CPU ns. */
  nftTxFixedNs: number;
  /** Control plane: one changed rule or map element in an nft transaction, CPU ns. */
  nftTxNsPerElement: number;
  /** Control plane: one IPVS object (virtual server, real server, ipset entry) added or deleted
   *  over netlink, CPU ns. */
  ipvsNsPerObject: number;
}

export const costProfiles = {
  /**
   * A 2019 two-socket Xeon (Skylake-SP, ~2.5 GHz), Linux 4.x/5.x with KPTI, 10 GbE, checksum
   * offload on, no TSO/GRO benefit assumed for a single segment.
   */
  'xeon-2019-10gbe': {
    ...proxyCostsXeon2019,
    // Syscall round trip ~0.1 us before KPTI, 0.25–0.5 us with it: Brendan Gregg, "KPTI/KAISER
    // Meltdown Initial Performance Regressions" (2018); 250 ns is the low end for a warm path.
    syscallNs: 250,
    // ~10 GB/s single-core copy_user for cache-warm buffers on Skylake-SP (memcpy microbenchmarks,
    // e.g. lmbench bw_mem on Xeon Gold): 0.1 ns/byte.
    copyNsPerByte: 0.1,
    // Thread wake-up and context switch ~2–3 us CPU (Tsuna, "How long does it take to make a
    // context switch?", 2010; lmbench lat_ctx on modern Xeons 1.5–3 us).
    wakeupNs: 2500,
    // Linux TCP costs ~1–2 us of CPU per segment each way without offload amortisation
    // (netdev 2.1/2.2 talks on per-packet stack cost; ~0.5–1 Mpps per core per direction).
    tcpTxNs: 1500,
    tcpRxNs: 1500,
    // veth ≈ a loopback transmit plus a netns crossing (~0.5 us; netdev 2017 "veth XDP" talk).
    vethNs: 600,
    // Bridge forwarding ~2–3 Mpps per core (Linux bridge benchmarks, netdev 2.2): ~400 ns.
    bridgeNs: 400,
    // FIB lookup + forward; Linux routes ~3 Mpps per core on small tables: ~300 ns.
    routeNs: 300,
    // ixgbe-class driver TX ~0.3–0.5 us per frame without xmit_more batching.
    nicTxNs: 500,
    // NAPI RX per frame (ixgbe, no XDP) ~1 us including skb allocation.
    nicRxNs: 1000,
    // 10 GbE in one rack: ~0.5 us switch port-to-port plus cabling and PHY.
    propagationNs: 1000,
    // Linux sends ~1 Mpps of small UDP datagrams per core with sendmmsg, driver included (Cloudflare,
    // "How to receive a million packets per second", 2015): ~1 us per datagram, of which the
    // driver is nicTxNs; the rest, less the batched syscall share, ~0.7 us for UDP/IP output.
    udpTxNs: 700,
    // One RX queue's core delivers ~350–400 kpps to a UDP socket (same Cloudflare post): ~2.7 us
    // with NAPI (nicRxNs), the reader's syscall and copy, and its wake-ups amortised; ~1 us is
    // ip_rcv → udp_rcv → socket lookup and enqueue.
    udpRxNs: 1000,
    // netif_rx plus a second netif_receive_skb pass: the same work as a veth hop (vethNs).
    netifRxNs: 600,
    // Two hash-table lookups (vxlan_find_mac on the VXLAN FDB, the neighbour entry): the same work
    // as the bridge's FDB lookup and forward decision (bridgeNs).
    vtepLookupNs: 400,
    // skb_orphan, queue on the tun file, wake_up of the reader: about a wake-up call without the
    // context switch (try_to_wake_up ~0.3–0.5 us on Skylake-SP, lmbench lat_ctx breakdowns).
    tunXmitNs: 400,
    // Derived from the published flannel UDP rate (myf5.net 2309: 477 Mbit/s = 42 kpps of 1420-byte
    // segments, 23.8 us of the receiving flanneld per data segment) less the kernel work this
    // model already charges in flanneld's thread per data segment and half an ACK (7.2 us), over
    // 1.5 packets: (23.8 − 7.2) / 1.5 ≈ 11 us. README "Overlay backends" gives the sum.
    flanneldUserNs: 11000,
    // Huawei, KubeCon EU 2017 (published.json huawei-kubecon-2017-rule-update): 2 ms to add the 8
    // rules of the first Service one iptables command each into a near-empty table, so ~250 us per
    // command, almost all process start-up; consistent with fork+exec of a dynamically linked
    // binary (lmbench lat_proc exec 0.2-0.5 ms).
    iptablesExecNs: 250_000,
    // Huawei, same source: 660 s to (re)write the 40,000 rules of 5,000 Services one command
    // each, command k rereading and rewriting a table of k rules: 660 s ~ 40,000 x 250 us +
    // a x 40,000^2 / 2, so a = (660 - 10) s / 8e8 = 812 ns per rule per command. The 20,000-Service
    // point (18,000 s) is then a prediction (the mechanism gives 10,400 s; README Known gaps).
    iptablesTableNsPerRule: 812,
    // kubernetes/kubernetes#96018: `time iptables-restore` of a 695,992-line save took 12.77 s on
    // the host (iptables-nft): 18.4 us per line. Cross-check, kubernetes#36006: 270-700 ms per
    // restore at 1,000 Services (~15-30k lines) on desktop Haswell/Broadwell CPUs.
    iptablesRestoreNsPerLine: 18_390,
    // Estimates (research notes, costs.md section 6): an nft batch commit per sync ~1 ms and
    // ~3 us per changed rule or map element; no published per-element figure. What matters for
    // sync time is that the count is flat in Services.
    nftTxFixedNs: 1_000_000,
    nftTxNsPerElement: 3_000,
    // Estimate (costs.md section 6): one netlink transaction, two syscalls plus kernel work,
    // independent of table size (Huawei: IPVS add latency flat); no published per-object figure.
    ipvsNsPerObject: 50_000,
  },
} satisfies Record<string, CostProfile>;

export type ProfileName = keyof typeof costProfiles;
export const profileNames = Object.keys(costProfiles) as [ProfileName, ...ProfileName[]];

/** The profile with a scenario's overrides applied. */
export function resolveProfile(name: ProfileName, overrides: Partial<CostProfile>): CostProfile {
  return { ...costProfiles[name], ...overrides };
}
