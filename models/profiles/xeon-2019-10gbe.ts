/**
 * xeon-2019-10gbe: a 2019 two-socket Xeon (Skylake-SP, ~2.5 GHz) with an ixgbe-class 10 GbE NIC
 * (82599/X540), Linux 4.x/5.x with KPTI: the defaults of every constant (cost-profile.ts). TSO,
 * GSO and GRO are on, as on any Linux host; the NIC has no UDP tunnel offload, so overlays pay per
 * segment there, which is what the 10 GbE flannel measurements show.
 */
import { costProfileDefaults } from './defaults.ts';
import type { ProfileDefinition } from './profile-definition.ts';

export const xeon2019: ProfileDefinition = {
  about: '2019 two-socket Xeon (Skylake-SP, ~2.5 GHz), ixgbe 10 GbE, Linux 4.x/5.x with KPTI, bare metal',
  sources: [
    'Each constant\'s own source in cost-profile.ts and proxy-costs.ts (Gregg 2018 on KPTI, Cloudflare 2015 on UDP packet rates, netdev talks on per-packet stack cost, Huawei KubeCon 2017 on iptables updates)',
    'myf5.net 2309: flannel UDP/VXLAN on 10 GbE (flanneldUserNs is derived from its UDP point)',
  ],
  costs: costProfileDefaults,
  derivations: {},
  offloads: { tso: true, gso: true, gro: true, checksum: true, udpTunnel: false, gsoMaxBytes: 65536, groMaxBytes: 65536 },
  offloadSource: 'TSO/GSO/GRO and checksum offload are on by default in Linux and on ixgbe; 82599/X540 have no tx-udp_tnl-segmentation (VXLAN offload came with X550/X710), so tunnels pay per segment; gso_max_size and gro_max_size are the kernel defaults (GSO_LEGACY_MAX_SIZE, GRO_LEGACY_MAX_SIZE: 65536).',
  hardware: { linkGbps: 10, nicQueues: 16, mtu: 1500, rxHashUdpPorts: false },
  hardwareSources: {
    linkGbps: '10 GbE: the 82599/X540 (ixgbe) ports of the myf5.net 2309 testbed class.',
    nicQueues: 'ixgbe spreads RSS over at most 16 queues (IXGBE_MAX_RSS_INDICES, drivers/net/ethernet/intel/ixgbe/ixgbe.h).',
    mtu: 'Ethernet default 1500 (the 10 GbE flannel measurements ran on it).',
    rxHashUdpPorts: "No: ixgbe_setup_mrqc hashes IPV4_UDP only with IXGBE_FLAG2_RSS_FIELD_IPV4_UDP, which is off until `ethtool -N ethX rx-flow-hash udp4 sdfn`; ixgbe_get_rss_hash_opts reports udp4 as IP SA, IP DA (drivers/net/ethernet/intel/ixgbe/ixgbe_main.c, ixgbe_ethtool.c).",
  },
};
