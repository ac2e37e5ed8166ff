/**
 * server-2024-40gbe: the InfraBuilder 2024 CNI benchmark's testbed (published.json
 * ducastel-2024-flannel-40gbe and ducastel-2024-wireguard-40gbe): three bare-metal Supermicro
 * servers on a 40 GbE switch, MTU 9000, Ubuntu 22.04 with Linux 5.15, SMT off. The sources do not
 * name the CPU or the NIC, so the per-packet costs are the 2021 profile's (a server core of the
 * same generation and clock class, Linux 5.x): an assumption, said so in every derivation.
 */
import type { ProfileDefinition } from './profile-definition.ts';
import { ryzen2021 } from './ryzen-2021-100gbe.ts';

const assumed = 'as ryzen-2021-100gbe (the 2024 sources name neither CPU nor NIC; a 2020s server core at ~4 GHz with Linux 5.x is assumed)';

export const server2024: ProfileDefinition = {
  about: '2024 bare-metal Supermicro servers, 40 GbE switch, MTU 9000, Linux 5.15, SMT off (CPU and NIC not published)',
  sources: [
    'InfraBuilder (A. Ducastel), benchmark-k8s-cni-2024-01: setup (3 nodes, 40 GbE, MTU 9000, Ubuntu 22.04 / 5.15, RKE2, SMT off, iperf3 60 s, 8 streams for multi)',
    'The 2021 profile\'s sources for every per-packet cost (ryzen-2021-100gbe.ts)',
  ],
  costs: { ...ryzen2021.costs, propagationNs: 1000 },
  derivations: {
    ...Object.fromEntries(Object.keys(ryzen2021.derivations).map((k) => [k, assumed])),
    propagationNs: 'One switch hop on a 40 GbE switch (~0.5 us port to port) plus cabling and PHY: 1 us, as the 10 GbE default.',
  },
  offloads: { tso: true, gso: true, gro: true, checksum: true, udpTunnel: false, gsoMaxBytes: 65536, groMaxBytes: 65536 },
  offloadSource: 'TSO/GSO/GRO and checksum offload on (Linux defaults). UDP tunnel offload off: the NIC is not named, and the published VXLAN single stream at 62% of bare metal on the same testbed is what says the tunnel path is not offloaded there; so this switch is a calibration from ducastel-2024-flannel-40gbe (README "Hardware eras").',
  hardware: { linkGbps: 40, nicQueues: 16, mtu: 9000, rxHashUdpPorts: true },
  hardwareSources: {
    linkGbps: '40 GbE as published (InfraBuilder benchmark-k8s-cni-2024-01 setup).',
    nicQueues: 'Assumed: the NIC is not named; 40 GbE server NICs (i40e, mlx5) open one queue per core, 16 assumed.',
    mtu: 'MTU 9000 as published.',
    rxHashUdpPorts: "Yes, assumed from the 40 GbE NICs' defaults (the NIC is not named): i40e's I40E_DEFAULT_RSS_HENA enables NONF_IPV4_UDP with its default input set of addresses and ports (drivers/net/ethernet/intel/i40e/i40e_txrx.h); mlx5 hashes UDP on addresses and ports (MLX5_HASH_IP_L4PORTS).",
  },
};
