/**
 * A scenario's wire: link rate, receive queues, underlay MTU and whether RSS hashes UDP ports,
 * each the scenario's own (`cluster.linkGbps`, `rxQueues`, `mtu`, `rxHashUdpPorts`) or, absent,
 * its profile's (profile-definition.ts), resolved per point, so a variant naming another
 * `costProfile` gets that profile's wire. The scenario as run (results.json's `scenario`) shows
 * the resolved link rate and UDP hashing of the scenario's own profile where it left them out,
 * in the place the fields had when they were defaults, so a scenario that wrote none reads as it
 * did when they defaulted to 10 Gbit/s and addresses only.
 */
import { profileDefinitions } from '../models/profiles/profiles.ts';
import { cluster, type Scenario } from './schema.ts';

export interface Wire {
  linkGbps: number;
  rxQueues: number;
  rxHashUdpPorts: boolean;
  mtu: number;
}

/** The wire of scenario `s`: its cluster's fields, else its profile's (queues: one per core, at
 *  most the NIC's). */
export function scenarioWire(s: Pick<Scenario, 'profile' | 'costProfile' | 'cluster'>): Wire {
  const h = profileDefinitions[s.costProfile ?? s.profile].hardware;
  const c = s.cluster;
  return {
    linkGbps: c.linkGbps ?? h.linkGbps,
    rxQueues: c.rxQueues ?? Math.min(h.nicQueues, c.coresPerNode),
    rxHashUdpPorts: c.rxHashUdpPorts ?? h.rxHashUdpPorts,
    mtu: c.mtu ?? h.mtu,
  };
}

/** The cluster fields the scenario as run shows resolved when absent. */
const shownResolved = ['linkGbps', 'rxHashUdpPorts'] as const;

/** `s` as run: its cluster with the link rate and UDP hashing resolved, keys in the schema's
 *  order. Idempotent (a results.json's scenario passes through unchanged). */
export function scenarioAsRun<S extends Pick<Scenario, 'profile' | 'costProfile' | 'cluster'>>(s: S): S {
  const wire = scenarioWire(s);
  const given = s.cluster as Record<string, unknown>;
  const shown: Record<string, unknown> = {};
  for (const k of Object.keys(cluster.shape)) {
    if ((shownResolved as readonly string[]).includes(k)) shown[k] = given[k] ?? wire[k as (typeof shownResolved)[number]];
    else if (k in given) shown[k] = given[k];
  }
  return { ...s, cluster: shown as S['cluster'] };
}
