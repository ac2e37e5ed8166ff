/**
 * Cost profiles: every CPU and wire cost constant of the data path, in one place per kind of host.
 * A scenario chooses a profile by name and may override any constant (`costs:`). Constants are
 * derived from published measurements, never fitted per scenario. Each is declared once, in a
 * defaults object with its unit, valid range, help line and source (parameters.ts): the scenario
 * schema's `costs:` keys and ranges and the JSON Schema are derived from `costParameters`.
 * Costs are CPU time on the node that does the work, for one packet unless the name says per byte.
 * The defaults are the 'xeon-2019-10gbe' profile: a 2019 two-socket Xeon (Skylake-SP, ~2.5 GHz),
 * Linux 4.x/5.x with KPTI, 10 GbE. The profiles of other eras (profiles.ts) replace some of them,
 * each with its own source; offloads and the wire are per profile too (profile-definition.ts).
 */
import type { Parameters, ValuesOf } from '../parameters.ts';
import { ingressCostParameters } from './ingress-costs.ts';
import { policyCostParameters } from './policy-costs.ts';
import { proxyCostParameters } from './proxy-costs.ts';
import { syncCostParameters } from './sync-costs.ts';

export const costParameters = {
  syscallNs: {
    value: 250, unit: 'ns', min: 0,
    doc: "Entry and exit of one system call (send, recv, read, write, sendto, recvfrom), with the page-table isolation of post-2018 kernels.",
    source: "Syscall round trip ~0.1 us before KPTI, 0.25–0.5 us with it: Brendan Gregg, \"KPTI/KAISER Meltdown Initial Performance Regressions\" (2018); 250 ns is the low end for a warm path.",
  },
  copyNsPerByte: {
    value: 0.1, unit: 'ns/byte', min: 0,
    doc: "Copying one byte between user and kernel memory (copy_to_user / copy_from_user).",
    source: "~10 GB/s single-core copy_user for cache-warm buffers on Skylake-SP (memcpy microbenchmarks, e.g. lmbench bw_mem on Xeon Gold): 0.1 ns/byte.",
  },
  wakeupNs: {
    value: 2500, unit: 'ns', min: 0,
    doc: "Waking a blocked thread and switching to it (scheduler, context switch).",
    source: "Thread wake-up and context switch ~2–3 us CPU (Tsuna, \"How long does it take to make a context switch?\", 2010; lmbench lat_ctx on modern Xeons 1.5–3 us).",
  },
  tcpTxNs: {
    value: 1500, unit: 'ns', min: 0,
    doc: "TCP/IP transmit processing of one segment: tcp_sendmsg → ip_output → dev_queue_xmit.",
    source: "Linux TCP costs ~1–2 us of CPU per segment each way without offload amortisation (netdev 2.1/2.2 talks on per-packet stack cost; ~0.5–1 Mpps per core per direction).",
  },
  tcpRxNs: {
    value: 1500, unit: 'ns', min: 0,
    doc: "TCP/IP receive processing of one segment: ip_rcv → tcp_v4_rcv → socket queue.",
    source: "Linux TCP costs ~1–2 us of CPU per segment each way without offload amortisation (netdev 2.1/2.2 talks on per-packet stack cost; ~0.5–1 Mpps per core per direction).",
  },
  vethNs: {
    value: 600, unit: 'ns', min: 0,
    doc: "veth pair: veth_xmit and the netif_rx into the peer namespace.",
    source: "veth ≈ a loopback transmit plus a netns crossing (~0.5 us; netdev 2017 \"veth XDP\" talk).",
  },
  bridgeNs: {
    value: 400, unit: 'ns', min: 0,
    doc: "Linux bridge (cni0): br_handle_frame, FDB lookup, forward.",
    source: "Bridge forwarding ~2–3 Mpps per core (Linux bridge benchmarks, netdev 2.2): ~400 ns.",
  },
  routeNs: {
    value: 300, unit: 'ns', min: 0,
    doc: "IPv4 routing: FIB lookup and ip_forward.",
    source: "FIB lookup + forward; Linux routes ~3 Mpps per core on small tables: ~300 ns.",
  },
  nicTxNs: {
    value: 500, unit: 'ns', min: 0,
    doc: "NIC driver transmit of one frame (ndo_start_xmit, descriptor, doorbell).",
    source: "ixgbe-class driver TX ~0.3–0.5 us per frame without xmit_more batching.",
  },
  nicRxNs: {
    value: 1000, unit: 'ns', min: 0,
    doc: "NIC receive of one frame in NAPI softirq (poll, skb build, netif_receive_skb).",
    source: "NAPI RX per frame (ixgbe, no XDP) ~1 us including skb allocation.",
  },
  propagationNs: {
    value: 1000, unit: 'ns', min: 0,
    doc: "One-way propagation between two nodes, including one switch hop.",
    source: "10 GbE in one rack: ~0.5 us switch port-to-port plus cabling and PHY.",
  },
  udpTxNs: {
    value: 700, unit: 'ns', min: 0,
    doc: "UDP/IP transmit of one datagram below the socket and above the driver (udp_send_skb or udp_tunnel_xmit_skb → ip_local_out, outer header build).",
    source: "Linux sends ~1 Mpps of small UDP datagrams per core with sendmmsg, driver included (Cloudflare, \"How to receive a million packets per second\", 2015): ~1 us per datagram, of which the driver is nicTxNs; the rest, less the batched syscall share, ~0.7 us for UDP/IP output.",
  },
  udpRxNs: {
    value: 1000, unit: 'ns', min: 0,
    doc: "IP and UDP receive of one datagram up to its socket or tunnel (ip_rcv → udp_rcv, socket lookup, enqueue or encap_rcv).",
    source: "One RX queue's core delivers ~350–400 kpps to a UDP socket (same Cloudflare post): ~2.7 us with NAPI (nicRxNs), the reader's syscall and copy, and its wake-ups amortised; ~1 us is ip_rcv → udp_rcv → socket lookup and enqueue.",
  },
  netifRxNs: {
    value: 600, unit: 'ns', min: 0,
    doc: "Handing a packet to the stack again through another device (netif_rx / gro_cells → netif_receive_skb), as a tunnel's decapsulation and a write() to a TUN device do.",
    source: "netif_rx plus a second netif_receive_skb pass: the same work as a veth hop (vethNs).",
  },
  vtepLookupNs: {
    value: 400, unit: 'ns', min: 0,
    doc: "VXLAN VTEP lookups on transmit: the FDB entry (VTEP MAC → remote node) and the ARP entry (remote subnet gateway → VTEP MAC) flannel programs.",
    source: "Two hash-table lookups (vxlan_find_mac on the VXLAN FDB, the neighbour entry): the same work as the bridge's FDB lookup and forward decision (bridgeNs).",
  },
  tunXmitNs: {
    value: 400, unit: 'ns', min: 0,
    doc: "TUN transmit: tun_net_xmit queues the packet on the reader's file and wakes it.",
    source: "skb_orphan, queue on the tun file, wake_up of the reader: about a wake-up call without the context switch (try_to_wake_up ~0.3–0.5 us on Skylake-SP, lmbench lat_ctx breakdowns).",
  },
  flanneldUserNs: {
    value: 11000, unit: 'ns', min: 0,
    doc: "flanneld's user-space work per packet in its UDP proxy loop (proxy_amd64.c: header checks, find_route, TTL and checksum patch, loop overhead), ns. Derived, see README \"Overlay backends\".",
    source: "Derived from the published flannel UDP rate (myf5.net 2309: 477 Mbit/s = 42 kpps of 1420-byte segments, 23.8 us of the receiving flanneld per data segment) less the kernel work this model already charges in flanneld's thread per data segment and half an ACK (7.2 us), over 1.5 packets: (23.8 − 7.2) / 1.5 ≈ 11 us. README \"Overlay backends\" gives the sum.",
  },
  iptablesExecNs: {
    value: 250_000, unit: 'ns', min: 0,
    doc: "Control plane: starting one iptables / iptables-restore / nft process (fork, exec, xtables init), CPU ns per invocation.",
    source: "Huawei, KubeCon EU 2017 (published.json huawei-kubecon-2017-rule-update): 2 ms to add the 8 rules of the first Service one iptables command each into a near-empty table, so ~250 us per command, almost all process start-up; consistent with fork+exec of a dynamically linked binary (lmbench lat_proc exec 0.2-0.5 ms).",
  },
  iptablesTableNsPerRule: {
    value: 812, unit: 'ns/rule', min: 0,
    doc: "Control plane: one read-modify-replace of a netfilter table through libiptc and the kernel (IPT_SO_GET_ENTRIES, rebuild, IPT_SO_SET_REPLACE + translate_table), CPU ns per rule in the table. Paid once per iptables command and once per iptables-restore commit.",
    source: "Huawei, same source: 660 s to (re)write the 40,000 rules of 5,000 Services one command each, command k rereading and rewriting a table of k rules: 660 s ~ 40,000 x 250 us + a x 40,000^2 / 2, so a = (660 - 10) s / 8e8 = 812 ns per rule per command. The 20,000-Service point (18,000 s) is then a prediction (the mechanism gives 10,400 s; README Known gaps).",
  },
  iptablesRestoreNsPerLine: {
    value: 18_390, unit: 'ns/line', min: 0,
    doc: "Control plane: iptables-restore parsing one input line into the table, CPU ns per line.",
    source: "kubernetes/kubernetes#96018: `time iptables-restore` of a 695,992-line save took 12.77 s on the host (iptables-nft): 18.4 us per line. Cross-check, kubernetes#36006: 270-700 ms per restore at 1,000 Services (~15-30k lines) on desktop Haswell/Broadwell CPUs.",
  },
  nftTxFixedNs: {
    value: 1_000_000, unit: 'ns', min: 0,
    doc: "Control plane: one nft transaction of kube-proxy (nft process, batch commit).",
    source: "Estimates (research notes, costs.md section 6): an nft batch commit per sync ~1 ms and ~3 us per changed rule or map element; no published per-element figure. What matters for sync time is that the count is flat in Services.",
  },
  nftTxNsPerElement: {
    value: 3_000, unit: 'ns/element', min: 0,
    doc: "Control plane: one changed rule or map element in an nft transaction.",
    source: "Estimates (research notes, costs.md section 6): an nft batch commit per sync ~1 ms and ~3 us per changed rule or map element; no published per-element figure. What matters for sync time is that the count is flat in Services.",
  },
  ipvsNsPerObject: {
    value: 50_000, unit: 'ns/object', min: 0,
    doc: "Control plane: one IPVS object (virtual server, real server, ipset entry) added or deleted over netlink.",
    source: "Estimate (costs.md section 6): one netlink transaction, two syscalls plus kernel work, independent of table size (Huawei: IPVS add latency flat); no published per-object figure.",
  },
  gsoSegmentNs: {
    value: 300, unit: 'ns', min: 0,
    doc: "Software GSO: cutting one segment off a super-segment just before the driver (skb_segment: a new skb, header copy, checksum fix-up).",
    source: "Estimate from the mechanism: one skb allocation and initialisation (~150 ns, kmem_cache_alloc + __alloc_skb on Skylake-SP) plus copying ~66 bytes of headers and patching IP id, TCP seq and checksums: ~300 ns, well below a stack pass (tcpTxNs + vethNs + bridgeNs + routeNs = 2.8 us).",
  },
  checksumNsPerByte: {
    value: 0.1, unit: 'ns/byte', min: 0,
    doc: "Computing or verifying the TCP checksum in software (csum_partial), per payload byte; paid only without checksum offload.",
    source: "csum_partial's add-with-carry loop at ~4 bytes per cycle on Skylake-SP at 2.5 GHz: 0.1 ns/byte (the same order as copy_user, copyNsPerByte).",
  },
  hypervisorNs: {
    value: 0, unit: 'ns', min: 0,
    doc: "Per frame on the host side of a virtual NIC, each way (VM exits for interrupts and doorbells, the hypervisor's share of SR-IOV or virtio): time the guest cannot see and its cores do not spend. 0 on bare metal.",
    source: "Bare metal: no hypervisor. Cloud profiles give theirs.",
  },
  wgCryptNsPerByte: {
    value: 0.6, unit: 'ns/byte', min: 0,
    doc: "WireGuard: ChaCha20-Poly1305 encryption or decryption of one byte on one core (the kernel's AVX2 code).",
    source: "ChaCha20 with AVX2 ~0.95-1.1 cycles/byte on 1-16 KiB (RustCrypto chacha20 AVX2 benches, 3.0 GHz Intel i9) plus Poly1305 with AVX2 ~0.5 cycles/byte (estimate, CRYPTOGAMS-class code as in lib/crypto): ~1.5 cycles/byte, at 2.5 GHz 0.6 ns/byte.",
  },
  wgPacketNs: {
    value: 800, unit: 'ns', min: 0,
    doc: "WireGuard per-packet work besides the cipher, each way: padding, nonce, skb_cow_data, the enqueue on the per-device crypt ring and the per-peer queue (queueing.c) and the hand-off to a wg-crypt worker on another core.",
    source: "Estimate from the mechanism: two ptr_ring operations, a queue_work_on wake-up of another CPU's worker (a wake-up without the context switch, as tunXmitNs 400 ns) and the cache misses of handing the skb to that CPU (~4 x 80 ns, conntrackChainEntryNs): ~800 ns.",
  },
  ...proxyCostParameters,
  ...policyCostParameters,
  ...ingressCostParameters,
  ...syncCostParameters,
} as const satisfies Parameters;

export type CostProfile = ValuesOf<typeof costParameters>;
