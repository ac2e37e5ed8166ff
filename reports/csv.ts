/**
 * `results.csv`: one row per point — the variant, each parameter path, then every metric
 * flattened (`request_latency_ms.p99`, `cpu_cores.client_node`, ...). Columns are the sorted
 * union over all points; a point lacking a metric, or a statistic of an empty distribution
 * (null), leaves its cell empty. Series (curves, time
 * series) stay in results.json only: they do not fit one row.
 */
import { flattenMetrics, paramPaths } from './flatten.ts';
import type { Results } from './results.ts';

/** RFC 4180 quoting: a field holding a comma, quote or line break is quoted, quotes doubled. */
function field(value: string | number | boolean | null | undefined): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(results: Results): string {
  const params = paramPaths(results);
  const flat = results.points.map(flattenMetrics);
  const metrics = [...new Set(flat.flatMap((m) => Object.keys(m)))].sort();
  const header = ['variant', ...params, ...metrics];
  const rows = results.points.map((point, i) => [
    point.variant,
    ...params.map((p) => point.params[p]),
    ...metrics.map((m) => flat[i]![m]),
  ]);
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\n') + '\n';
}
