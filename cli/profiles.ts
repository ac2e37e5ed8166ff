/**
 * `podpath profiles`: the cost profiles with their hosts, era sources, offloads, wire (each field
 * with its value, unit and source: what a scenario gets when it does not set cluster.linkGbps,
 * rxQueues, mtu or rxHashUdpPorts), and every constant that differs from the defaults with its
 * derivation (the defaults' own sources are in the JSON Schema and cost-profile.ts).
 */
import { costParameters } from '../models/profiles/cost-profile.ts';
import type { Hardware } from '../models/profiles/profile-definition.ts';
import { hardwareUnits, profileDefinitions, profileNames } from '../models/profiles/profiles.ts';

/** One wire field's value as printed: a number, or yes/no. */
function wireValue(v: number | boolean): string {
  return typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
}

export function listProfiles(): string {
  const defaults = profileDefinitions[profileNames[0]].costs;
  const out: string[] = [];
  for (const name of profileNames) {
    const d = profileDefinitions[name];
    const h = d.hardware;
    const on = Object.entries(d.offloads).filter(([, v]) => v === true).map(([k]) => k).join(', ');
    out.push(
      `${name}: ${d.about}`,
      `  wire: ${h.linkGbps} Gbit/s, ${h.nicQueues} RSS queues, MTU ${h.mtu}, RSS hashes UDP ports: ${h.rxHashUdpPorts ? 'yes' : 'no'} (a scenario's cluster.linkGbps, rxQueues, mtu, rxHashUdpPorts override it)`,
      ...(Object.keys(hardwareUnits) as (keyof Hardware)[]).map((k) => `    ${k} = ${wireValue(h[k])} ${hardwareUnits[k]}: ${d.hardwareSources[k]}`),
      `  offloads on: ${on || 'none'}. ${d.offloadSource}`,
      '  sources:', ...d.sources.map((s) => `    - ${s}`),
    );
    const changed = (Object.keys(defaults) as (keyof typeof defaults)[]).filter((k) => d.costs[k] !== defaults[k]);
    if (changed.length === 0) out.push('  constants: the defaults (each with its source: cost-profile.ts, proxy-costs.ts)');
    else out.push('  constants that differ from the defaults:', ...changed.map((k) => `    ${k} = ${d.costs[k]} ${costParameters[k].unit}: ${d.derivations[k]}`));
    out.push('');
  }
  return out.join('\n').trimEnd();
}
