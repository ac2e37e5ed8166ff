/**
 * The report's charts, grouped in sections by metric family (latency, latency CDFs, throughput,
 * connections, CPU, crossings and copies, encapsulation, routes, conntrack, control plane), each
 * metric's and series' family read from the metric registry. A family appears only when the
 * results hold one of its metrics. A metric with
 * the same value at every point (no failed connections anywhere) is a line of text, not a flat
 * chart. Specs are Vega-Lite, built from the results alone.
 */
import { lineValue, metricChart, type MetricLine } from './chart-metric.ts';
import { type Moment, seriesChart } from './chart-series.ts';
import { flattenMetrics, isDistribution, withFlattenedOnce } from './flatten.ts';
import { axisTitle } from './units.ts';
import type { Chart, ConstantNote, Section } from './chart-types.ts';
import { FAMILIES, METRICS, SERIES } from './metric-registry.ts';
import type { MetricValue, PointResult, Results } from './results.ts';

/** A metric's or series' registry entry; one the registry lacks is an internal error. */
function entryOf<T>(table: Record<string, T>, name: string, what: string): T {
  const entry = table[name];
  if (!entry) throw new Error(`${what} ${name} is not in reports/metric-registry.ts`);
  return entry;
}

/**
 * The lines of a metric's chart, from the shape of its value. Numbered keys of one station
 * (`client_node.softirq-0` … `-7`, one per receive queue) make one line, their sum.
 */
function linesOf(name: string, value: MetricValue): { lines: MetricLine[]; linesTitle: string } {
  if (typeof value === 'number') return { lines: [{ path: name, label: name }], linesTitle: name };
  if (isDistribution(value)) {
    const stats = value.ci95 ? ['mean', 'p50', 'p99'] : ['p50', 'p99'];
    return { lines: stats.map((s) => ({ path: `${name}.${s}`, label: s })), linesTitle: 'statistic' };
  }
  const lines: MetricLine[] = [];
  const queues = new Map<string, MetricLine>();
  for (const [key, inner] of Object.entries(value)) {
    if (isDistribution(inner)) {
      lines.push(...['p50', 'p99'].map((s) => ({ path: `${name}.${key}.${s}`, label: `${key} ${s}` })));
      continue;
    }
    const numbered = /^(.*)-\d+$/.exec(key);
    if (!numbered) {
      lines.push({ path: `${name}.${key}`, label: key });
      continue;
    }
    const group = queues.get(numbered[1]!) ?? { path: `${name}.${numbered[1]}`, label: '', sumOf: [] };
    if (!queues.has(numbered[1]!)) {
      queues.set(numbered[1]!, group);
      lines.push(group);
    }
    group.sumOf!.push(`${name}.${key}`);
  }
  for (const [prefix, group] of queues) group.label = `${prefix} (${group.sumOf!.length} queue${group.sumOf!.length > 1 ? 's' : ''})`;
  return { lines, linesTitle: 'role' };
}

/** Each metric once, with the first value seen (its shape decides the chart); keys of families merged. */
function metricsOf(results: Results): Map<string, MetricValue> {
  const metrics = new Map<string, MetricValue>();
  for (const point of results.points) {
    for (const [name, value] of Object.entries(point.metrics)) {
      const seen = metrics.get(name);
      if (seen === undefined) metrics.set(name, value);
      else if (typeof seen === 'object' && !isDistribution(seen) && typeof value === 'object' && !isDistribution(value)) {
        metrics.set(name, { ...seen, ...value });
      }
    }
  }
  return metrics;
}

function seriesNames(results: Results): string[] {
  return [...new Set(results.points.flatMap((p) => Object.keys(p.series ?? {})))];
}

/**
 * The one value every line of a chart has at every point, when there are several points and no
 * published point to compare with; undefined otherwise.
 */
function constantOf(results: Results, chart: Chart, lines: MetricLine[]): number | undefined {
  if (results.points.length < 2 || chart.footnotes.length > 0) return undefined;
  const values = new Set<number>();
  for (const point of results.points) {
    const flat = flattenMetrics(point);
    for (const line of lines) {
      const value = lineValue(flat, line);
      if (value !== undefined) values.add(value);
    }
  }
  return values.size === 1 ? [...values][0] : undefined;
}

/** `conntrack_max` values as rules over the conntrack time series. */
function conntrackLimits(results: Results): { label: string; value: number }[] {
  const values = new Set(results.points.map((p) => p.metrics['conntrack_max']).filter((v) => typeof v === 'number'));
  return [...values].map((value) => ({ label: `nf_conntrack_max = ${value.toLocaleString('en-US')}`, value }));
}

/** A rolling update's phases (`rollout_phases_s`, seconds from the start of the run) that happened
 *  (-1: not by the end), as moments on its time series: `first_new_ready` reads "first new ready". */
function rolloutPhases(point: PointResult): Moment[] {
  const phases = point.metrics['rollout_phases_s'];
  if (typeof phases !== 'object' || isDistribution(phases)) return [];
  return Object.entries(phases).flatMap(([key, s]) => (typeof s === 'number' && s >= 0 ? [{ label: key.replaceAll('_', ' '), x: s }] : []));
}

export function buildSections(results: Results): Section[] {
  return withFlattenedOnce(() => sectionsOf(results));
}

function sectionsOf(results: Results): Section[] {
  const metrics = [...metricsOf(results)];
  const series = seriesNames(results);
  const sections: Section[] = [];
  for (const family of FAMILIES) {
    const charts: Chart[] = [];
    const constants: ConstantNote[] = [];
    for (const [name, value] of metrics) {
      const entry = entryOf(METRICS, name, 'metric');
      if (entry.family !== family.id || entry.chart === false) continue;
      const lines = linesOf(name, value);
      const chart = metricChart(results, { name, ...lines });
      const constant = constantOf(results, chart, lines.lines);
      if (constant === undefined) charts.push(chart);
      else constants.push({ name, title: axisTitle(name), value: constant });
    }
    for (const name of series) {
      const entry = entryOf(SERIES, name, 'series');
      if (entry.family !== family.id) continue;
      const limits = name === 'conntrack_entries' ? conntrackLimits(results) : [];
      // A series may share its name with a scalar metric (conntrack_entries): keep file names unique.
      const chart = seriesChart(results, { name, limits, ...(entry.rolloutPhases ? { moments: rolloutPhases } : {}) });
      charts.push(metrics.some(([m]) => m === name) ? { ...chart, name: `${name}_over_time` } : chart);
    }
    if (charts.length > 0 || constants.length > 0) sections.push({ id: family.id, title: family.title, charts, constants });
  }
  return sections;
}

/** All charts of the report, in page order. */
export function buildCharts(results: Results): Chart[] {
  return buildSections(results).flatMap((s) => s.charts);
}
