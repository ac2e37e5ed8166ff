/**
 * The bundled scenarios, shortened for the browser test: the same models, variants, overlays and
 * metric families as `scenarios/*.yaml`, on fewer sweep values, a shorter run and (for the big
 * ones) a smaller cluster, so every bundled report can be produced and opened in seconds. A
 * scenario added to scenarios/ without an entry here fails the test that lists them.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { axisValues } from '../../scenarios/expand.ts';
import { sweepAxis } from '../../scenarios/schema-experiments.ts';

export const SCENARIOS_DIR = join(import.meta.dirname, '../../scenarios');

type Tree = Record<string, unknown>;

const TRAFFIC = ['latency', 'latency-cdf', 'throughput', 'connections', 'cpu', 'drops', 'conntrack', 'control-plane'];
const PATH = ['latency', 'latency-cdf', 'throughput', 'cpu', 'crossings', 'encapsulation', 'routing', 'drops'];

/**
 * Per scenario: the values to put in place (dotted paths), how many values each sweep axis keeps,
 * and the report's sections, in page order (none of them "Other metrics": every bundled metric
 * belongs to a family).
 */
export const SHORTENED: Record<string, { set: Record<string, unknown>; sweepValues?: number; sections: string[] }> = {
  quickstart: { set: { 'run.durationMs': 50, 'run.warmupMs': 5 }, sections: PATH },
  overload: { set: { 'run.durationMs': 10, 'run.warmupMs': 2 }, sweepValues: 2, sections: PATH },
  'overload-bulk': { set: { 'run.durationMs': 4, 'run.warmupMs': 2 }, sweepValues: 2, sections: ['throughput', 'cpu', 'crossings', 'encapsulation', 'routing', 'drops'] },
  mm1: { set: { 'run.durationMs': 20, 'run.warmupMs': 2, replications: 3 }, sweepValues: 3, sections: ['latency', 'throughput', 'cpu'] },
  'flannel-backends': { set: { 'run.durationMs': 4, 'run.warmupMs': 2 }, sweepValues: 2, sections: PATH },
  'overlay-message-size': { set: { 'run.durationMs': 3, 'run.warmupMs': 1 }, sweepValues: 3, sections: PATH },
  'hardware-eras': { set: { 'run.durationMs': 2, 'run.warmupMs': 2 }, sweepValues: 2, sections: PATH },
  'mixed-services': { set: { 'run.durationMs': 60, 'run.warmupMs': 10 }, sweepValues: 2, sections: TRAFFIC },
  'cloud-vm-latency': { set: { 'run.durationMs': 5, 'run.warmupMs': 2 }, sweepValues: 1, sections: TRAFFIC },
  'kube-proxy-modes': { set: { 'run.durationMs': 60, 'run.warmupMs': 10 }, sweepValues: 2, sections: TRAFFIC },
  'conntrack-races-snat': { set: { 'run.durationMs': 60, 'run.warmupMs': 10 }, sweepValues: 2, sections: ['latency', 'latency-cdf', 'throughput', 'connections', 'cpu', 'drops', 'conntrack'] },
  'conntrack-races': { set: { 'run.durationMs': 40, 'run.warmupMs': 10 }, sweepValues: 2, sections: TRAFFIC },
  'conntrack-exhaustion': { set: { 'run.durationMs': 4000, 'proxy.conntrack.max': 200 }, sweepValues: 2, sections: TRAFFIC },
  'service-benchmarks': { set: { 'run.durationMs': 10, 'run.warmupMs': 2 }, sweepValues: 2, sections: TRAFFIC },
  'service-streams': { set: { 'run.durationMs': 3, 'run.warmupMs': 1 }, sweepValues: 2, sections: ['throughput', 'cpu', 'crossings', 'encapsulation', 'routing', 'drops', 'control-plane'] },
  'rolling-update': { set: { 'cluster.nodes': 200, 'run.durationMs': 12000, 'run.warmupMs': 1000, 'controlPlane.rollout.startMs': 2000 }, sections: TRAFFIC },
  'udp-rolling-update': { set: { 'cluster.nodes': 200, 'run.durationMs': 12000, 'run.warmupMs': 1000, 'controlPlane.rollout.startMs': 2000 }, sections: TRAFFIC },
  'service-options': { set: { 'run.durationMs': 40, 'run.warmupMs': 10 }, sections: TRAFFIC },
  ingress: { set: { 'run.durationMs': 20, 'run.warmupMs': 10 }, sweepValues: 2, sections: ['latency', 'latency-cdf', 'throughput', 'connections', 'cpu', 'crossings', 'drops', 'conntrack', 'control-plane'] },
  'network-policy': { set: { 'run.durationMs': 60, 'run.warmupMs': 10 }, sweepValues: 2, sections: TRAFFIC },
  'sync-contention': { set: { 'run.durationMs': 2000, 'run.warmupMs': 500, 'controlPlane.churn.podEventsPerS': 1 }, sweepValues: 1, sections: TRAFFIC },
  'rule-sync': { set: { 'cluster.nodes': 50, 'run.durationMs': 4000, 'run.warmupMs': 1000 }, sweepValues: 2, sections: [...PATH, 'control-plane'] },
  scale: {
    set: { 'cluster.nodes': 20, 'services.count': 200, 'traffic.clientNodes': { first: 0, count: 4 }, 'traffic.rateRps': 2000, 'run.durationMs': 30 },
    sections: TRAFFIC,
  },
};

export async function bundledScenarioNames(): Promise<string[]> {
  return (await readdir(SCENARIOS_DIR)).filter((f) => f.endsWith('.yaml')).map((f) => basename(f, '.yaml')).sort();
}

function setIn(tree: Tree, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = tree;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Tree;
  node[keys.at(-1)!] = value;
}


/** Writes the shortened copy of bundled scenario `name` into `dir`; returns its path. */
export async function writeShortened(name: string, dir: string): Promise<string> {
  const how = SHORTENED[name];
  if (!how) throw new Error(`no shortened form of scenarios/${name}.yaml in test/reports/bundled-scenarios.ts`);
  const tree = parse(await readFile(join(SCENARIOS_DIR, `${name}.yaml`), 'utf8')) as Tree;
  for (const [path, value] of Object.entries(how.set)) setIn(tree, path, value);
  const sweep = tree['sweep'] as Tree | undefined;
  if (sweep && how.sweepValues) {
    for (const [path, axis] of Object.entries(sweep)) sweep[path] = axisValues(sweepAxis.parse(axis)).slice(0, how.sweepValues);
  }
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, stringify(tree));
  return file;
}
