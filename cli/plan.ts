/**
 * `podpath plan`: the largest value of one swept parameter that still meets a service-level
 * objective, by bisection between the smallest and largest values the scenario's sweep gives for
 * it — for every variant and every combination of the other swept parameters. It assumes the
 * metric worsens as the parameter grows (latency with load or with Services). Every evaluation
 * runs the scenario's replications on the pool with the same seed (common random numbers), and
 * checks the SLO on the mean across them. Integer-valued ranges are bisected on integers.
 */
import { totalmem } from 'node:os';
import { aggregate } from '../experiments/aggregate.ts';
import { ReplicationPool } from '../experiments/pool.ts';
import { meets, measure, type Slo } from './slo.ts';
import { checkSize } from '../scenarios/estimate.ts';
import { axisValues, expand, gridOf, pointAt, variantsOf } from '../scenarios/expand.ts';
import { loadScenario, type Override, type Scalar } from '../scenarios/load.ts';
import { InputError, messages } from '../scenarios/messages.ts';

export interface PlanRequest {
  file: string;
  vary: string;
  slo: Slo;
  workers: number;
  /** Stop when the limit is bracketed this tightly (the parameter's unit); default 1/100 of the range. */
  tolerance?: number;
  seed?: number;
  sets?: Override[];
  /** Run even when the estimated size is beyond the machine (scenarios/estimate.ts). */
  force?: boolean;
  signal?: AbortSignal;
}

export interface Probe {
  value: number;
  /** The SLO's statistic; null when its distribution is empty (it does not meet the SLO). */
  metric: number | null;
}

export interface Limit {
  variant: string;
  /** The other swept parameters' values. */
  params: Record<string, Scalar>;
  status: 'found' | 'smallest-fails' | 'largest-passes';
  /** The largest value tried that meets the SLO. */
  pass?: Probe;
  /** The smallest value tried that fails it. */
  fail?: Probe;
}

export interface PlanResult {
  vary: string;
  slo: Slo;
  range: [number, number];
  tolerance: number;
  limits: Limit[];
}


export async function planLimits(req: PlanRequest): Promise<PlanResult> {
  const loaded = loadScenario(req.file, req.sets);
  const s = loaded.scenario;
  if (req.seed !== undefined) s.seed = req.seed;
  const axis = s.sweep[req.vary];
  if (axis === undefined) throw new InputError(messages.badVary(req.file, req.vary, Object.keys(s.sweep)));
  const values = axisValues(axis);
  if (!values.every((v) => typeof v === 'number')) throw new InputError(messages.notNumericVary(req.file, req.vary, values));
  const nums = values as number[];
  const range: [number, number] = [Math.min(...nums), Math.max(...nums)];
  const integral = nums.every(Number.isInteger);
  const requested = req.tolerance ?? (range[1] - range[0]) / 100;
  const tolerance = integral ? Math.max(1, Math.round(requested)) : requested;
  // The sweep's points stand for the probes: as many, give or take the bisection's few steps.
  if (!req.force) checkSize(req.file, expand(loaded), s.replications, totalmem());
  const others = Object.fromEntries(Object.entries(s.sweep).filter(([path]) => path !== req.vary));

  const groups = variantsOf(s).flatMap((_, vi) => gridOf(others).map((combo) => ({ vi, combo })));
  // The first probes (both ends of every group) are the widest the search ever gets.
  const pool = new ReplicationPool(Math.min(req.workers, groups.length * 2 * s.replications));
  const probe = async (vi: number, combo: Record<string, Scalar>, value: number): Promise<Probe> => {
    const params = Object.fromEntries(Object.keys(s.sweep).map((k) => [k, k === req.vary ? value : combo[k]]));
    const p = pointAt(loaded, vi, params);
    const reps = await pool.replicate(p.model, s.seed, s.replications, req.signal);
    return { value, metric: measure(req.slo, aggregate(p.variant, p.params, reps)) };
  };
  const search = async (vi: number, combo: Record<string, Scalar>): Promise<Limit> => {
    const head = { variant: variantsOf(s)[vi].name, params: combo };
    let [pass, fail] = await Promise.all([probe(vi, combo, range[0]), probe(vi, combo, range[1])]);
    if (!meets(req.slo, pass.metric)) return { ...head, status: 'smallest-fails', fail: pass };
    if (meets(req.slo, fail.metric)) return { ...head, status: 'largest-passes', pass: fail };
    while (fail.value - pass.value > tolerance) {
      const mid = integral ? Math.floor((pass.value + fail.value) / 2) : (pass.value + fail.value) / 2;
      const at = await probe(vi, combo, mid);
      if (meets(req.slo, at.metric)) pass = at;
      else fail = at;
    }
    return { ...head, status: 'found', pass, fail };
  };
  try {
    const limits = await Promise.all(groups.map((g) => search(g.vi, g.combo)));
    return { vary: req.vary, slo: req.slo, range, tolerance, limits };
  } finally {
    await pool.close();
  }
}

const num = (x: number) => String(Number(x.toPrecision(6)));
/** A probe's statistic; an empty distribution has none. */
const stat = (x: number | null) => (x === null ? 'none (no samples)' : num(x));

/** The answer as a text table, one row per variant (and combination of the other parameters). */
export function formatPlan(r: PlanResult): string {
  const paramNames = Object.keys(r.limits[0]?.params ?? {});
  const header = ['variant', ...paramNames, `largest ${r.vary} meeting`, r.slo.metric, 'smallest failing', r.slo.metric, 'verdict'];
  const rows = r.limits.map((l) => {
    const verdict =
      l.status === 'found' ? `limit within ${num(r.tolerance)}`
      : l.status === 'smallest-fails' ? `even the smallest value, ${num(r.range[0])}, fails: nothing in the range meets the SLO`
      : `even the largest value, ${num(r.range[1])}, passes: the limit is above the range`;
    return [
      l.variant || '-', ...paramNames.map((k) => String(l.params[k])),
      l.pass ? num(l.pass.value) : '-', l.pass ? stat(l.pass.metric) : '-',
      l.fail ? num(l.fail.value) : '-', l.fail ? stat(l.fail.metric) : '-', verdict,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return [
    `plan: largest ${r.vary} with ${r.slo.text}, searched ${num(r.range[0])}..${num(r.range[1])} by bisection to within ${num(r.tolerance)}`,
    line(header),
    ...rows.map(line),
  ].join('\n');
}
