/**
 * aws-c4-2015-vm: the MachineZone 2015 study's VMs (published.json
 * machinezone-2015-flannel-latency): AWS c4.8xlarge, 36 vCPUs (18 Haswell cores of a Xeon E5-2666
 * v3, 2.9 GHz base, ~3.2 GHz all-core, two hyperthreads each), 10 Gbit/s enhanced networking
 * (SR-IOV: an 82599 virtual function, ixgbevf), CentOS 7 with Linux 4.3 (no KPTI yet). A vCPU is a
 * hyperthread: a server of the node's CPU stations whose work takes longer when its sibling is
 * busy, taken here as always (the load studied keeps most vCPUs busy). The hypervisor's per-frame
 * work (VM exits for interrupts and doorbells) sits on the host side: it delays each frame and
 * bounds the VF's frame rate, but is not the guest's CPU.
 */
import { costProfileDefaults } from './defaults.ts';
import type { ProfileDefinition } from './profile-definition.ts';
import { scaleByClock } from './scaled-costs.ts';

/** Clock 2.5 → 3.2 GHz (× 0.78), and a hyperthread with a busy sibling does ~0.65 of a core's
 *  work (Intel: Hyper-Threading adds ~30% per core), × 1.54: × 1.2 in all. */
const clock = scaleByClock(costProfileDefaults, 1.2, 'Skylake-SP at ~2.5 GHz to Haswell at ~3.2 GHz (× 0.78), and a vCPU is a hyperthread whose sibling is busy, ~0.65 of a core (Intel\'s ~30% Hyper-Threading gain per core; × 1.54)');

export const awsC4VM2015: ProfileDefinition = {
  about: '2015 AWS c4.8xlarge VM: 36 vCPUs (hyperthreads of 18 Haswell cores, ~3.2 GHz), 10 Gbit/s SR-IOV enhanced networking (ixgbevf), Linux 4.3',
  sources: [
    'MachineZone 2015, "Comparison of Networking Solutions for Kubernetes" (setup: c4.8xlarge, SR-IOV, CentOS 7, kernel 4.3)',
    'AWS EC2 c4 instance documentation (E5-2666 v3, 36 vCPUs, 10 Gbit/s, ixgbevf with 2 queues per VF)',
    'Intel Hyper-Threading: ~30% more throughput per core from two threads (vCPU cost)',
    'Estimates for the hypervisor\'s per-frame work and the VM-to-VM base latency (no published figure held; see their derivations)',
  ],
  costs: { ...clock.costs, syscallNs: 120, propagationNs: 30_000, hypervisorNs: 2000 },
  derivations: {
    ...clock.derivations,
    syscallNs: 'Linux 4.3 predates KPTI: ~0.1 us (Gregg 2018), × 1.2 as the other constants.',
    propagationNs: 'Estimate: VM to VM in one availability zone, 2015, ping RTT of ~60-80 us with enhanced networking, of which ~10 us is the two guests\' stacks: ~30 us one way through the virtual switch fabric.',
    hypervisorNs: 'Estimate: one VM exit and re-entry for the VF\'s interrupt or doorbell on Haswell (~1,000-1,500 cycles with the KVM/Xen handler) per frame, ~2 us at 3.2 GHz with interrupt moderation off under request/response load.',
  },
  offloads: { tso: true, gso: true, gro: true, checksum: true, udpTunnel: false, gsoMaxBytes: 65536, groMaxBytes: 65536 },
  offloadSource: 'ixgbevf offers TSO and checksum offload; no tunnel offload on an 82599 VF; Linux defaults for GSO/GRO.',
  hardware: { linkGbps: 10, nicQueues: 2, mtu: 9001, rxHashUdpPorts: false },
  hardwareSources: {
    linkGbps: 'AWS EC2 c4.8xlarge: 10 Gbit/s network performance.',
    nicQueues: 'An 82599 virtual function (ixgbevf) has 2 RSS queues.',
    mtu: 'AWS sets MTU 9001 within a VPC (jumbo frames).',
    rxHashUdpPorts: "No: an 82599 VF's RSS follows the PF's ixgbe defaults, UDP on addresses only (cloud-vm-latency.yaml sets it for its RPS spread).",
  },
};
