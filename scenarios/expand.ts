/**
 * Expanding a scenario into points: every variant of `compare` (or one unnamed variant) at every
 * combination of the `sweep` grid, each validated as a whole scenario and converted to the plain
 * model configuration (units to integer ns). Variants of one point share the seed, and so every
 * random stream: common random numbers.
 */
import type { DistributionSpec } from '../sim/index.ts';
import type { ModelConfig } from '../models/experiment.ts';
import { type LoadedScenario, type Override, override, type Scalar } from './load.ts';
import type { Scenario } from './schema.ts';
import { toServiceModelConfig } from './expand-services.ts';
import { controlPlaneConfig } from './schema-control-plane.ts';

export interface Point {
  variant: string;
  params: Record<string, Scalar>;
  scenario: Scenario;
  model: ModelConfig;
}

export function expand(loaded: LoadedScenario): Point[] {
  const { file, scenario } = loaded;
  const base: Scenario = { ...scenario, sweep: {}, compare: [] };
  const variants = scenario.compare.length > 0 ? scenario.compare : [{ name: '', set: {} }];
  const grid = gridOf(scenario.sweep);
  const points: Point[] = [];
  variants.forEach((v, vi) => {
    for (const combo of grid) {
      const overrides: Override[] = [
        ...Object.entries(v.set).map(([path, value]) => ({ path, value, origin: `compare[${vi}].set` })),
        ...Object.entries(combo).map(([path, value]) => ({ path, value, origin: 'sweep' })),
      ];
      const s = override(file, base, overrides);
      points.push({ variant: v.name, params: combo, scenario: s, model: toModelConfig(s) });
    }
  });
  return points;
}

/** All combinations of the sweep's axes, the first axis varying slowest. */
function gridOf(sweep: Record<string, Scalar[]>): Record<string, Scalar>[] {
  let grid: Record<string, Scalar>[] = [{}];
  for (const [path, values] of Object.entries(sweep)) {
    grid = grid.flatMap((g) => values.map((v) => ({ ...g, [path]: v })));
  }
  return grid;
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
  return {
    profile: s.profile,
    costs: s.costs,
    cluster: {
      nodes: s.cluster.nodes, coresPerNode: s.cluster.coresPerNode, linkGbps: s.cluster.linkGbps,
      rxQueues: s.cluster.rxQueues ?? s.cluster.coresPerNode, rxHashUdpPorts: s.cluster.rxHashUdpPorts,
    },
    network: s.network,
    workload: {
      kind: w.kind,
      bulk: w.bulk,
      clientNode: w.clientNode,
      serverNode: w.serverNode,
      arrival: w.arrival.kind === 'open' ? w.arrival : { kind: 'closed', concurrency: w.arrival.concurrency, thinkNs: us(w.arrival.thinkUs) },
      requestBytes: w.requestBytes,
      responseBytes: w.responseBytes,
      serviceTime: distributionNs(w.serviceTime),
    },
    run: { durationNs: ms(s.run.durationMs), warmupNs: ms(s.run.warmupMs) },
    services: toServiceModelConfig(s),
    ...(s.controlPlane ? { controlPlane: controlPlaneConfig(s.controlPlane) } : {}),
  };
}
