/**
 * The metric registry against the report: results holding every registered metric and series give
 * a section per family and no other, each metric charted (or said as a constant) in its own
 * family's section, and every unit the one the metric's name ends with.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSections } from '../../reports/charts.ts';
import { FAMILIES, METRICS, SERIES } from '../../reports/metric-registry.ts';
import { CONTRACT_VERSION, type MetricValue, type PointResult, type Results } from '../../reports/results.ts';
import { unitOf } from '../../reports/units.ts';

function valueOf(name: string, i: number): MetricValue {
  const x = 1 + i;
  switch (METRICS[name]!.aggregation) {
    case 'mean': return x;
    case 'distribution': return { mean: x, p50: x, p90: 2 * x, p99: 3 * x, p999: 4 * x, max: 5 * x, count: 10 };
    case 'per-key mean': return { a: x, b: 2 * x };
  }
}

function everything(): Results {
  const point = (i: number): PointResult => ({
    variant: '',
    params: { 'cluster.nodes': 2 + i },
    replications: 1,
    metrics: Object.fromEntries(Object.keys(METRICS).map((name) => [name, valueOf(name, i)])),
    series: Object.fromEntries(Object.keys(SERIES).map((name) => [name, { columns: ['x', 'y'], rows: [[0, i], [1, i + 1]] }])),
  });
  return { podpath: '0', contract: CONTRACT_VERSION, scenario: { name: 'all', seed: 1, replications: 1 }, points: [point(0), point(1)] };
}

test('every registered metric and series is drawn in its family\'s section; the sections are the families, in order', () => {
  const sections = buildSections(everything());
  assert.deepEqual(sections.map((s) => s.id), FAMILIES.map((f) => f.id));
  const drawn = new Map<string, string>();
  for (const s of sections) {
    for (const c of s.charts) drawn.set(c.name, s.id);
    for (const c of s.constants) drawn.set(c.name, s.id);
  }
  const charted = Object.entries(METRICS).filter(([, m]) => m.chart !== false);
  for (const [name, m] of charted) assert.equal(drawn.get(name), m.family, name);
  for (const [name, s] of Object.entries(SERIES)) assert.equal(drawn.get(name in METRICS ? `${name}_over_time` : name), s.family, name);
  assert.equal(drawn.size, charted.length + Object.keys(SERIES).length);
  assert.ok(!drawn.has('conntrack_max'), 'conntrack_max is the limit line of its series, not a chart');
});

test('a registered unit is the one its name ends with', () => {
  // A count, a ratio, a per-packet figure or a family of cores has no unit suffix.
  const suffixed = Object.entries(METRICS).filter(([name]) => unitOf(name) !== undefined);
  assert.ok(suffixed.length >= 16, `${suffixed.length} metrics with a unit suffix`);
  for (const [name, m] of suffixed) assert.equal(m.unit, unitOf(name), name);
  for (const [name, s] of Object.entries(SERIES)) assert.equal(s.units[0], unitOf(name.endsWith('_cdf') ? 'latency_ms' : 't_s'), name);
});
