/**
 * Across replications, each metric as its registry entry says (reports/metric-registry.ts): a
 * mean and, when there are two or more replications, the 95% confidence interval of that mean
 * (Student t); distributions average their summary statistics replication by replication (counts
 * add, maxima take the largest); families of numbers key by key. Series come from the first
 * replication.
 */
import { mean, sampleStandardDeviation } from 'simple-statistics';
import { METRICS } from '../reports/metric-registry.ts';
import type { Distribution, MetricValue, PointResult } from '../reports/results.ts';
import type { Summary } from '../sim/index.ts';
import type { ReplicationResult } from './replication-result.ts';

/** Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom. */
const t975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** 95% confidence interval of the mean of `xs` (at least two values). */
export function ci95(xs: number[]): [number, number] {
  const m = mean(xs);
  const df = xs.length - 1;
  const t = df <= 30 ? t975[df - 1] : 1.96 + 2.4 / df;
  const half = (t * sampleStandardDeviation(xs)) / Math.sqrt(xs.length);
  return [m - half, m + half];
}

export function aggregate(
  variant: string,
  params: PointResult['params'],
  reps: ReplicationResult[],
): PointResult {
  const metrics: Record<string, MetricValue> = {};
  const cis: Record<string, [number, number]> = {};
  const many = reps.length > 1;
  for (const [name, first] of Object.entries(reps[0].metrics)) {
    const values = reps.map((r) => r.metrics[name]);
    const aggregation = METRICS[name]?.aggregation;
    if (aggregation === 'mean') {
      const xs = values as number[];
      metrics[name] = mean(xs);
      if (many) cis[name] = ci95(xs);
    } else if (aggregation === 'distribution') {
      const all = values as Summary[];
      const ss = all.filter((s) => s.count > 0);
      const avg = (stat: (s: Summary) => number | null) => (ss.length > 0 ? mean(ss.map((s) => stat(s)!)) : null);
      const d: Distribution = {
        mean: avg((s) => s.mean),
        p50: avg((s) => s.p50),
        p90: avg((s) => s.p90),
        p99: avg((s) => s.p99),
        p999: avg((s) => s.p999),
        max: ss.length > 0 ? Math.max(...ss.map((s) => s.max!)) : null,
        count: all.reduce((n, s) => n + s.count, 0),
      };
      if (ss.length > 1) d.ci95 = ci95(ss.map((s) => s.mean!));
      metrics[name] = d;
    } else if (aggregation === 'per-key mean') {
      const family: Record<string, number> = {};
      for (const key of Object.keys(first)) {
        const xs = values.map((v) => (v as Record<string, number>)[key]);
        family[key] = mean(xs);
        if (many) cis[`${name}.${key}`] = ci95(xs);
      }
      metrics[name] = family;
    } else {
      throw new Error(`metric ${name} is not in reports/metric-registry.ts`);
    }
  }
  const point: PointResult = { variant, params, replications: reps.length, metrics };
  if (many) point.ci95 = cis;
  if (Object.keys(reps[0].series).length > 0) point.series = reps[0].series;
  return point;
}
