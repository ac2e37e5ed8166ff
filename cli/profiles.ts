/**
 * `podpath profiles`: the cost profiles with their hosts, era sources, offloads, wire, and every
 * constant that differs from the defaults with its derivation (the defaults' own sources are in
 * the JSON Schema and cost-profile.ts).
 */
import { costParameters } from '../models/profiles/cost-profile.ts';
import { profileDefinitions, profileNames } from '../models/profiles/profiles.ts';

export function listProfiles(): string {
  const defaults = profileDefinitions[profileNames[0]].costs;
  const out: string[] = [];
  for (const name of profileNames) {
    const d = profileDefinitions[name];
    const h = d.hardware;
    const on = Object.entries(d.offloads).filter(([, v]) => v === true).map(([k]) => k).join(', ');
    out.push(
      `${name}: ${d.about}`,
      `  wire: ${h.linkGbps} Gbit/s, ${h.nicQueues} RSS queues, MTU ${h.mtu}, RSS hashes UDP ports: ${h.rxHashUdpPorts ? 'yes' : 'no'}. ${d.hardwareSource}`,
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
