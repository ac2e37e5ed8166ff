/**
 * Every kind of point through the dispatcher, on each bundled scenario's first point (shortened as
 * for the browser test): every metric and series a replication returns is in the metric registry,
 * and together the kinds return every registered one (the registry holds no name nothing writes).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { runReplication } from '../../experiments/experiment.ts';
import { METRICS, SERIES } from '../../reports/metric-registry.ts';
import { expand } from '../../scenarios/expand.ts';
import { loadScenario, type Override } from '../../scenarios/load.ts';
import { SCENARIOS_DIR, SHORTENED, bundledScenarioNames } from '../reports/bundled-scenarios.ts';

const ALSO: Record<string, string[]> = { 'service-options': ['iptables-local'] };

test('every metric a replication returns is registered, and every registered one is returned by some kind', async () => {
  const metrics = new Set<string>();
  const series = new Set<string>();
  const names = await bundledScenarioNames();
  assert.equal(names.length, 23);
  for (const name of names) {
    const sets = Object.entries(SHORTENED[name]!.set).map(([path, value]): Override => ({ path, value: value as Override['value'], origin: 'test' }));
    const loaded = loadScenario(join(SCENARIOS_DIR, `${name}.yaml`), sets);
    const points = expand(loaded);
    // The first point of each, and the variants whose metrics no first point has (Local's rules_by_node).
    for (const point of [points[0]!, ...points.filter((p) => ALSO[name]?.includes(p.variant))]) {
      const r = runReplication(point.model, loaded.scenario.seed, 0);
      for (const m of Object.keys(r.metrics)) {
        assert.ok(m in METRICS, `${name}: ${m} is not registered`);
        metrics.add(m);
      }
      for (const s of Object.keys(r.series)) {
        assert.ok(s in SERIES, `${name}: series ${s} is not registered`);
        series.add(s);
      }
    }
  }
  assert.deepEqual([...metrics].sort(), Object.keys(METRICS).sort());
  assert.deepEqual([...series].sort(), Object.keys(SERIES).sort());
});
