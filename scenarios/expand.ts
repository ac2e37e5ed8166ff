/**
 * Expanding a scenario into points: every variant of `compare` (or one unnamed variant) at every
 * combination of the `sweep` grid, each validated as a whole scenario and converted to the plain
 * model configuration (units to integer ns). Variants of one point share the seed, and so every
 * random stream: common random numbers.
 */
import { clusterParameters } from '../models/datapath/cluster.ts';
import type { DistributionSpec } from '../sim/index.ts';
import { type LoadedScenario, type Override, override, type Scalar } from './load.ts';
import type { Scenario } from './schema.ts';
import { toServiceModelConfig, toServiceStreamConfig } from './expand-services.ts';
import { controlPlaneConfig } from './schema-control-plane.ts';
import type { SweepAxis } from './schema-experiments.ts';
import type { ModelConfig } from '../models/model-config.ts';
import { profileDefinitions } from '../models/profiles/profiles.ts';
import { scenarioWire } from './wire.ts';

export interface Point {
  variant: string;
  params: Record<string, Scalar>;
  scenario: Scenario;
  model: ModelConfig;
}

/** A point's identity in results.json: its variant and swept values. */
export function pointKey(p: { variant: string; params: Record<string, Scalar> }): string {
  return JSON.stringify([p.variant, p.params]);
}

export function expand(loaded: LoadedScenario): Point[] {
  const grid = gridOf(loaded.scenario.sweep);
  return variantsOf(loaded.scenario).flatMap((_, vi) => grid.map((combo) => pointAt(loaded, vi, combo)));
}

/** The compared variants, or one unnamed variant when the scenario compares none. */
export function variantsOf(scenario: Scenario): Scenario['compare'] {
  return scenario.compare.length > 0 ? scenario.compare : [{ name: '', set: {} }];
}

/** Variant `vi` at the swept values `params`, validated as a whole scenario. */
export function pointAt(loaded: LoadedScenario, vi: number, params: Record<string, Scalar>): Point {
  const { file, scenario } = loaded;
  const base: Scenario = { ...scenario, sweep: {}, compare: [] };
  const v = variantsOf(scenario)[vi];
  const overrides: Override[] = [
    ...Object.entries(v.set).map(([path, value]) => ({ path, value, origin: `compare[${vi}].set` })),
    ...Object.entries(params).map(([path, value]) => ({ path, value, origin: 'sweep' })),
  ];
  const s = override(file, base, overrides);
  return { variant: v.name, params, scenario: s, model: toModelConfig(s) };
}

/** All combinations of the sweep's axes, the first axis varying slowest. */
export function gridOf(sweep: Record<string, SweepAxis>): Record<string, Scalar>[] {
  let grid: Record<string, Scalar>[] = [{}];
  for (const [path, axis] of Object.entries(sweep)) {
    const values = axisValues(axis);
    grid = grid.flatMap((g) => values.map((v) => ({ ...g, [path]: v })));
  }
  return grid;
}

/** An axis's values: a list as given, or a range's values from `from` to `to`. Twelve significant
 *  digits keep 0.1 + 0.2 from showing as 0.30000000000000004. A range with integer ends (and
 *  step) that spans at least one unit per value gives integers (Services, nodes, rates). */
export function axisValues(axis: SweepAxis): Scalar[] {
  if (Array.isArray(axis)) return axis;
  const integral = [axis.from, axis.to, axis.step ?? 0].every(Number.isInteger) && axis.to - axis.from >= (axis.points ?? 1) - 1;
  const tidy = (x: number) => (integral ? Math.round(x) : Number(x.toPrecision(12)));
  const values: number[] = [];
  if (axis.step !== undefined) {
    const n = Math.floor((axis.to - axis.from) / axis.step + 1e-9);
    for (let i = 0; i <= n; i++) values.push(tidy(axis.from + i * axis.step));
  } else {
    const last = axis.points! - 1;
    for (let i = 0; i <= last; i++) {
      const f = i / last;
      values.push(tidy(axis.scale === 'log' ? axis.from * (axis.to / axis.from) ** f : axis.from + (axis.to - axis.from) * f));
    }
  }
  return [...new Set(values)];
}

const us = (x: number) => Math.round(x * 1e3);
const ms = (x: number) => Math.round(x * 1e6);

function distributionNs(d: Scenario['workload']['serviceTime']): DistributionSpec {
  switch (d.dist) {
    case 'constant':
      return { kind: 'constant', valueNs: us(d.us) };
    case 'exponential':
      return { kind: 'exponential', meanNs: us(d.meanUs) };
    case 'uniform':
      return { kind: 'uniform', minNs: us(d.minUs), maxNs: us(d.maxUs) };
    case 'lognormal':
      return { kind: 'lognormal', meanNs: us(d.meanUs), cv: d.cv };
  }
}

export function toModelConfig(s: Scenario): ModelConfig {
  const w = s.workload;
  const profile = s.costProfile ?? s.profile;
  const hardware = profileDefinitions[profile];
  const services = toServiceModelConfig(s);
  return {
    profile,
    costs: s.costs,
    cluster: {
      nodes: s.cluster.nodes, coresPerNode: s.cluster.coresPerNode, ...scenarioWire(s),
      offloads: { ...hardware.offloads, ...s.cluster.offloads }, queues: s.cluster.queues,
      ...(s.cluster.zones !== undefined && { zones: s.cluster.zones, zoneCrossingNs: us(s.cluster.zoneCrossingUs ?? clusterParameters.zoneCrossingUs.value) }),
    },
    network: s.network,
    workload: {
      kind: w.kind,
      bulk: { streams: w.bulk.streams, windowSegments: w.bulk.windowSegments, blockBytes: w.bulk.blockBytes, ackEverySegments: w.bulk.ackEverySegments, congestion: w.bulk.congestion, probe: w.bulk.probe, service: toServiceStreamConfig(s), ...(w.bulk.protocol === 'udp' ? { udp: { gso: w.bulk.udpGso ?? false } } : {}) },
      clientNode: w.clientNode,
      serverNode: w.serverNode,
      arrival: w.arrival.kind === 'open' ? w.arrival : { kind: 'closed', concurrency: w.arrival.concurrency, thinkNs: us(w.arrival.thinkUs) },
      requestBytes: w.requestBytes,
      responseBytes: w.responseBytes,
      serviceTime: distributionNs(w.serviceTime),
    },
    run: { durationNs: ms(s.run.durationMs), warmupNs: ms(s.run.warmupMs) },
    services,
    ...(s.controlPlane ? { controlPlane: controlPlaneConfig(s.controlPlane, services?.catalogue) } : {}),
  };
}
