/**
 * The results contract: the shape of `results.json`, which users script against (DESIGN.md,
 * "The results contract"). Everything in reports/ reads these types only; nothing here knows how
 * the numbers were made. Metric names are snake_case with the unit last. Add metrics freely;
 * rename none without a version note.
 */

/** A latency (or other) distribution, summarised. Values in the unit the metric name ends with.
 *  With no samples (`count: 0`: no sync finished, nothing programmed) every statistic is null,
 *  never 0 (contract 2). */
export interface Distribution {
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  p999: number | null;
  max: number | null;
  count: number;
  /** 95% confidence interval of the mean across the replications that recorded something
   *  (Student t); absent when fewer than two did. */
  ci95?: [number, number];
}

/** One metric: a number, a distribution, or a family keyed by role (e.g. `cpu_cores.client_node`). */
export type MetricValue = number | Distribution | { [key: string]: number | Distribution };

/** A time series or a curve attached to a point, e.g. conntrack entries over time, a latency CDF. */
export interface Series {
  /** Column names, the unit last in each, e.g. ["t_s", "entries"] or ["latency_ms", "fraction"]. */
  columns: string[];
  rows: number[][];
}

export interface PointResult {
  /** The compared configuration ("" when the scenario compares none). */
  variant: string;
  /** This point's swept values, keyed by parameter path. */
  params: Record<string, number | string | boolean>;
  replications: number;
  metrics: Record<string, MetricValue>;
  /** 95% confidence intervals of scalar metrics across replications, keyed by metric path
   *  (`throughput_mbps`, `cpu_cores.client_node`); absent when R = 1. */
  ci95?: Record<string, [number, number]>;
  /** Curves and time series, keyed by name (`conntrack_entries`, `request_latency_cdf`). */
  series?: Record<string, Series>;
}

/** A published measurement drawn over a chart (from reports/reference/published.json). */
export interface Overlay {
  /** Reference id in published.json. */
  reference: string;
  /** Metric path in the results this overlay is compared with, e.g. `first_packet_latency_ms.p99`. */
  metric: string;
  /** Parameter path on the x axis. */
  x: string;
  points: { variant: string; x: number; y: number; label?: string }[];
  source: string;
  url?: string;
}

/** The version of this contract, results.json's `contract`: 2 since empty distributions read
 *  null (results without the field are contract 1, where they read 0). */
export const CONTRACT_VERSION = 2;

export interface Results {
  /** podpath version that produced it. */
  podpath: string;
  /** The contract's version (CONTRACT_VERSION); bumped when a field changes meaning. */
  contract: number;
  /** The scenario as run, defaults filled in. */
  scenario: { name: string; description?: string; seed: number; replications: number; [k: string]: unknown };
  points: PointResult[];
  /** Published points to overlay, resolved from the scenario's `report.overlays`. */
  overlays?: Overlay[];
}

/** Facts about one run that are not results (they would break byte-identical results.json). */
export interface RunMeta {
  wallMs: number;
  workers: number;
  startedAt: string;
}
