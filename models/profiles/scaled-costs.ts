/**
 * Deriving another host's per-packet constants from the defaults by clock: the same kernel path
 * runs the same instructions, so its CPU time scales with the cycle time when the cores' IPC is
 * alike. Only the constants named are scaled, and each derivation says by how much and why, so
 * a profile's table of sources stays complete.
 */
import type { CostProfile } from './cost-profile.ts';

/** The per-packet and per-byte CPU constants of the data path that scale with the clock. */
export const clockScaledCosts = [
  'wakeupNs', 'tcpTxNs', 'tcpRxNs', 'vethNs', 'bridgeNs', 'routeNs', 'nicTxNs', 'udpTxNs', 'udpRxNs',
  'netifRxNs', 'vtepLookupNs', 'tunXmitNs', 'flanneldUserNs', 'gsoSegmentNs', 'copyNsPerByte', 'checksumNsPerByte',
] as const satisfies readonly (keyof CostProfile)[];

/** `base` with the clock-scaled constants times `factor` (integer ns kept integer), and the
 *  derivation of each. */
export function scaleByClock(base: CostProfile, factor: number, why: string): { costs: CostProfile; derivations: Partial<Record<keyof CostProfile, string>> } {
  const costs = { ...base };
  const derivations: Partial<Record<keyof CostProfile, string>> = {};
  for (const k of clockScaledCosts) {
    costs[k] = k.endsWith('PerByte') ? Number((base[k] * factor).toPrecision(3)) : Math.round(base[k] * factor);
    derivations[k] = `xeon-2019-10gbe's ${base[k]} × ${factor}: ${why}`;
  }
  return { costs, derivations };
}
