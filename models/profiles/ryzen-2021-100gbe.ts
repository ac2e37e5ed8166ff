/**
 * ryzen-2021-100gbe: the Cilium 2021 CNI benchmark's hosts (published.json
 * cilium-2021-cni-benchmark): two AMD Ryzen 9 3950X (Zen 2, 16 cores, 3.5 GHz base, ~4.0 GHz
 * all-core under load), Intel E810 100 GbE back to back, Linux 5.10, MTU 1500. Per-packet costs
 * are the 2019 Xeon's scaled by clock (scaled-costs.ts); the NIC's receive cost and the syscall
 * cost have sources of their own. Service-proxy and control-plane constants stay the defaults
 * (no figure of this era for them).
 */
import { costProfileDefaults } from './defaults.ts';
import type { ProfileDefinition } from './profile-definition.ts';
import { scaleByClock } from './scaled-costs.ts';

const clock = scaleByClock(costProfileDefaults, 0.625, 'Skylake-SP at ~2.5 GHz to Zen 2 at ~4.0 GHz all-core, IPC alike (per-packet kernel code is branchy integer work)');

export const ryzen2021: ProfileDefinition = {
  about: '2021 AMD Ryzen 9 3950X (16 cores, ~4.0 GHz), Intel E810 100 GbE back to back, Linux 5.10, bare metal',
  sources: [
    'Cilium blog 2021-05-11 "CNI Benchmark: Understanding Cilium Network Performance" (setup: hosts, NIC, kernel, MTU)',
    'Høiland-Jørgensen et al., "The eXpress Data Path", CoNEXT 2018: the Linux skb path drops ~4.8 Mpps per core at the raw table (nicRxNs)',
    'Brendan Gregg 2018, KPTI/KAISER: AMD Zen is not affected by Meltdown, so no page-table isolation (syscallNs)',
  ],
  costs: {
    ...clock.costs,
    syscallNs: 100,
    nicRxNs: 200,
    propagationNs: 300,
    wgCryptNsPerByte: 0.38,
    wgPacketNs: 500,
  },
  derivations: {
    ...clock.derivations,
    syscallNs: 'No KPTI on AMD (not vulnerable to Meltdown): the ~0.1 us pre-KPTI round trip of Gregg 2018.',
    nicRxNs: 'XDP paper (CoNEXT 2018): the skb path to the raw table, driver included, ~4.8 Mpps per core at 3.6 GHz, ~210 ns; at ~4.0 GHz ~190 ns; 200 ns. It replaces the clock-scaled ixgbe figure (625 ns): page recycling and build_skb in modern drivers (ice, mlx5) are what that measurement has and ixgbe-era drivers lacked.',
    propagationNs: 'Back to back, no switch: PHY and 1-3 m of cable, ~0.3 us.',
    wgCryptNsPerByte: 'The ~1.5 cycles/byte of ChaCha20-Poly1305 with AVX2 (cost-profile.ts) at ~4.0 GHz: 0.38 ns/byte.',
    wgPacketNs: 'The default 800 ns × 0.625 (clock).',
  },
  offloads: { tso: true, gso: true, gro: true, checksum: true, udpTunnel: true, gsoMaxBytes: 65536, groMaxBytes: 65536 },
  offloadSource: 'E810 (ice) offers TSO, checksum and tx-udp_tnl-segmentation; Linux 5.10 keeps GSO/GRO on and GROs VXLAN; gso/gro_max_size at their 65536 defaults (BIG TCP came in 5.19).',
  hardware: { linkGbps: 100, nicQueues: 16, mtu: 1500, rxHashUdpPorts: true },
  hardwareSources: {
    linkGbps: '100 GbE Intel E810 back to back, as published (Cilium 2021 CNI benchmark setup).',
    nicQueues: 'The ice driver opens one combined queue per CPU by default (ethtool -l); 16 for the 3950X\'s 16 cores (whether SMT was on is not published).',
    mtu: 'MTU 1500 as published.',
    rxHashUdpPorts: 'Yes: ice_vsi_set_rss_flow_fld configures udp4 with input set IP src/dst and UDP src/dst ports (ICE_HASH_UDP_IPV4, drivers/net/ethernet/intel/ice/ice_lib.c).',
  },
};
