/**
 * Flat views of the results: one number per metric path (`request_latency_ms.p99`,
 * `cpu_cores.client_node`, `throughput_mbps.ci95_lo`), the swept parameter, the variants. The CSV
 * and the tables under the charts read these, so both show exactly the same numbers.
 */
import type { Distribution, MetricValue, PointResult, Results } from './results.ts';

const DISTRIBUTION_FIELDS = ['mean', 'p50', 'p90', 'p99', 'p999', 'max', 'count'] as const;

export function isDistribution(value: unknown): value is Distribution {
  return typeof value === 'object' && value !== null && typeof (value as Distribution).count === 'number' && 'p50' in value;
}

/** A flattened metric: a number, or null for a statistic of an empty distribution. */
export type FlatMetrics = Record<string, number | null>;

function flattenValue(path: string, value: MetricValue | Distribution, out: FlatMetrics): void {
  if (typeof value === 'number') {
    out[path] = value;
  } else if (isDistribution(value)) {
    for (const field of DISTRIBUTION_FIELDS) out[`${path}.${field}`] = value[field];
    if (value.ci95) [out[`${path}.ci95_lo`], out[`${path}.ci95_hi`]] = value.ci95;
  } else {
    for (const [key, inner] of Object.entries(value)) flattenValue(`${path}.${key}`, inner, out);
  }
}

/** Each point's flat metrics, made once, while a report is built (withFlattenedOnce). */
let memo: WeakMap<PointResult, Readonly<FlatMetrics>> | undefined;

/** Runs `build` with each point's flat metrics made once: every chart of a report reads every
 *  point's. The results must not change meanwhile; outside, each call flattens anew. */
export function withFlattenedOnce<T>(build: () => T): T {
  const outer = memo;
  memo ??= new WeakMap();
  try {
    return build();
  } finally {
    memo = outer;
  }
}

/** Every metric of a point as path → number (null for an empty distribution's statistics),
 *  including confidence bounds as `<path>.ci95_lo/hi`. Read-only: the object may be shared. */
export function flattenMetrics(point: PointResult): Readonly<FlatMetrics> {
  if (!memo) return flattenPoint(point);
  let flat = memo.get(point);
  if (!flat) {
    flat = Object.freeze(flattenPoint(point));
    memo.set(point, flat);
  }
  return flat;
}

function flattenPoint(point: PointResult): FlatMetrics {
  const out: FlatMetrics = {};
  for (const [name, value] of Object.entries(point.metrics)) flattenValue(name, value, out);
  for (const [path, [lo, hi]] of Object.entries(point.ci95 ?? {})) {
    out[`${path}.ci95_lo`] = lo;
    out[`${path}.ci95_hi`] = hi;
  }
  return out;
}

/** The parameter on the x axis: the first key of `params` (the same keys on every point). */
export function sweptParam(results: Results): string | undefined {
  return Object.keys(results.points[0]?.params ?? {})[0];
}

/** Sorted union of the parameter paths over all points. */
export function paramPaths(results: Results): string[] {
  return [...new Set(results.points.flatMap((p) => Object.keys(p.params)))].sort();
}

/** The compared variants in order of first appearance. */
export function variantsOf(results: Results): string[] {
  return [...new Set(results.points.map((p) => p.variant))];
}

/** How a variant is shown: the scenario's name for it, or "default" when nothing is compared. */
export function variantLabel(variant: string): string {
  return variant === '' ? 'default' : variant;
}
