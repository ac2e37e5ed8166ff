/**
 * A service-level objective for `podpath plan`: `METRIC.STAT OP VALUE` (e.g.
 * `request_latency_ms.p99 < 1`), parsed from the command line and checked against a point's
 * aggregated metrics (the mean across replications of each statistic). A statistic of an empty
 * distribution (null: no sync finished, nothing programmed) does not meet any objective: a
 * latency never measured is not a latency under the limit.
 */
import type { MetricValue, PointResult } from '../reports/results.ts';
import { InputError, messages } from '../scenarios/messages.ts';

const operators = {
  '<': (a: number, b: number) => a < b,
  '<=': (a: number, b: number) => a <= b,
  '>': (a: number, b: number) => a > b,
  '>=': (a: number, b: number) => a >= b,
};

export interface Slo {
  metric: string;
  op: keyof typeof operators;
  value: number;
  text: string;
}

export function parseSlo(text: string): Slo {
  const m = /^\s*([A-Za-z_]\w*(?:\.[\w.-]+)?)\s*(<=|>=|<|>)\s*(\S+)\s*$/.exec(text);
  const value = m ? Number(m[3]) : NaN;
  if (!m || !Number.isFinite(value)) throw new InputError(messages.badSlo(text));
  return { metric: m[1], op: m[2] as Slo['op'], value, text: `${m[1]} ${m[2]} ${m[3]}` };
}

type Node = MetricValue | number[] | null | undefined;

/** The number (or null) at `path` below `value`; keys may themselves hold dots (`server_node.cpu`). */
function resolve(value: Node, path: string): number | null | undefined {
  if (path === '') return typeof value === 'number' || value === null ? value : undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const map = value as Record<string, Node>;
  if (path in map) return resolve(map[path], '');
  for (let i = path.indexOf('.'); i > 0; i = path.indexOf('.', i + 1)) {
    const head = path.slice(0, i);
    if (head in map) return resolve(map[head], path.slice(i + 1));
  }
  return undefined;
}

/** Every metric path a point offers, for messages. */
function metricPaths(metrics: Record<string, MetricValue>): string[] {
  const paths: string[] = [];
  const walk = (prefix: string, v: Node): void => {
    if (typeof v === 'number' || v === null) paths.push(prefix);
    else if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) walk(`${prefix}.${k}`, x as Node);
    }
  };
  for (const [k, v] of Object.entries(metrics)) walk(k, v);
  return paths;
}

/** The SLO's metric at a point, null for a statistic of an empty distribution; a metric the
 *  point lacks is bad input naming those it has. */
export function measure(slo: Slo, point: PointResult): number | null {
  const x = resolve(point.metrics as Record<string, Node> as Node, slo.metric);
  if (x === undefined) throw new InputError(messages.unknownSloMetric(slo.metric, metricPaths(point.metrics)));
  return x;
}

export function meets(slo: Slo, x: number | null): boolean {
  return x !== null && operators[slo.op](x, slo.value);
}
