/**
 * What the collectors of one replication write into: metrics and series by registered name only
 * (reports/metric-registry.ts; anything else is an internal error), a family of numbers written by
 * two collectors merged key by key (`cpu_cores` of the nodes and of kube-proxy's syncs), and the
 * result listed in the registry's order, so results.json's layout does not depend on which
 * collector wrote first.
 */
import { METRICS, SERIES } from '../reports/metric-registry.ts';
import type { Series } from '../reports/results.ts';
import type { ReplicationMetrics, ReplicationResult } from './replication-result.ts';

type Value = ReplicationMetrics[string];

export class ReplicationOutput {
  private readonly metrics = new Map<string, Value>();
  private readonly series = new Map<string, Series>();

  metric(name: string, value: Value): void {
    if (!(name in METRICS)) throw new Error(`metric ${name} is not in reports/metric-registry.ts`);
    const seen = this.metrics.get(name);
    if (seen === undefined) this.metrics.set(name, value);
    else if (METRICS[name].aggregation === 'per-key mean') this.metrics.set(name, { ...(seen as Record<string, number>), ...(value as Record<string, number>) });
    else throw new Error(`metric ${name} written twice`);
  }

  addSeries(name: string, columns: string[], rows: number[][]): void {
    if (!(name in SERIES)) throw new Error(`series ${name} is not in reports/metric-registry.ts`);
    this.series.set(name, { columns, rows });
  }

  result(events: number): ReplicationResult {
    const metrics: ReplicationMetrics = {};
    for (const name of Object.keys(METRICS)) {
      const value = this.metrics.get(name);
      if (value !== undefined) metrics[name] = value;
    }
    const series: ReplicationResult['series'] = {};
    for (const name of Object.keys(SERIES)) {
      const s = this.series.get(name);
      if (s !== undefined) series[name] = s;
    }
    return { metrics, series, events };
  }
}
