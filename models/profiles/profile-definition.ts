/**
 * What a cost profile is: a kind of host, its constants, the offloads its NIC and kernel give
 * (offloads.ts), its wire (link rate, RSS queues, MTU, whether RSS hashes UDP ports) and the
 * sources of its era. A profile that reuses a constant of another says so in `derivations`;
 * every constant it changes names its source there, and every wire field its own source
 * (`hardwareSources`). A scenario's `cluster.linkGbps`, `rxQueues`, `mtu` and `rxHashUdpPorts`
 * override the wire; absent, they are the profile's (scenarios/wire.ts).
 */
import type { Offloads } from '../datapath/offloads.ts';
import type { CostProfile } from './cost-profile.ts';

export interface Hardware {
  /** Link rate of each node's NIC, Gbit/s. */
  linkGbps: number;
  /** Receive queues the NIC's RSS spreads over (the node uses min(queues, cores)). */
  nicQueues: number;
  /** Underlay MTU, bytes. */
  mtu: number;
  /** Whether RSS hashes UDP ports by default (ethtool rx-flow-hash udp4). */
  rxHashUdpPorts: boolean;
}

export interface ProfileDefinition {
  /** The host in one line. */
  about: string;
  /** The era's sources: where its hardware and its constants come from. */
  sources: string[];
  costs: CostProfile;
  /** Why each constant that differs from the defaults (cost-profile.ts) has its value. */
  derivations: Partial<Record<keyof CostProfile, string>>;
  offloads: Offloads;
  /** Where each offload switch comes from. */
  offloadSource: string;
  hardware: Hardware;
  /** Where each wire field comes from. */
  hardwareSources: Record<keyof Hardware, string>;
}
