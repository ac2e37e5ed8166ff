/**
 * The cost profiles by name: the one place a scenario's `profile:` becomes constants, offloads
 * and a wire. A scenario may override any constant (`costs:`), the offloads (`cluster.offloads`)
 * and the wire (`cluster.linkGbps`, `rxQueues`, `mtu`, `rxHashUdpPorts`).
 */
import type { CostProfile } from './cost-profile.ts';
import type { Hardware, ProfileDefinition } from './profile-definition.ts';
import { awsC4VM2015 } from './aws-c4-2015-vm.ts';
import { ryzen2021 } from './ryzen-2021-100gbe.ts';
import { server2024 } from './server-2024-40gbe.ts';
import { xeon2019 } from './xeon-2019-10gbe.ts';

export const profileDefinitions = {
  'xeon-2019-10gbe': xeon2019,
  'ryzen-2021-100gbe': ryzen2021,
  'server-2024-40gbe': server2024,
  'aws-c4-2015-vm': awsC4VM2015,
} satisfies Record<string, ProfileDefinition>;

export type ProfileName = keyof typeof profileDefinitions;
export const profileNames = Object.keys(profileDefinitions) as [ProfileName, ...ProfileName[]];

export const costProfiles = Object.fromEntries(profileNames.map((n) => [n, profileDefinitions[n].costs])) as Record<ProfileName, CostProfile>;

/** The profile with a scenario's overrides applied. */
export function resolveProfile(name: ProfileName, overrides: Partial<CostProfile>): CostProfile {
  return { ...costProfiles[name], ...overrides };
}

/** The unit of each wire field, as `podpath profiles` prints it. */
export const hardwareUnits: Record<keyof Hardware, string> = {
  linkGbps: 'Gbit/s',
  nicQueues: 'queues',
  mtu: 'bytes',
  rxHashUdpPorts: 'yes/no',
};
