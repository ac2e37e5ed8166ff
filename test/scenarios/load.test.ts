/**
 * What-if overrides: `--set PATH=VALUE` reads VALUE as a YAML scalar, applies it like a line of the
 * file, and a set parameter the file sweeps is fixed at that value.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { expand } from '../../scenarios/expand.ts';
import { loadScenario, loadScenarioData, parseSet } from '../../scenarios/load.ts';

const mm1 = join(import.meta.dirname, '../../scenarios/mm1.yaml');

test('--set values are YAML scalars', () => {
  assert.deepEqual(parseSet('workload.arrival.rateRps=5e3'), { path: 'workload.arrival.rateRps', value: 5000, origin: '--set' });
  assert.equal(parseSet('name=a=b').value, 'a=b');
  assert.equal(parseSet('x=true').value, true);
  assert.equal(parseSet('x="42"').value, '42');
  assert.equal(parseSet(' x = 7').value, 7);
});

test('--set fixes a swept parameter and applies like the file', () => {
  const loaded = loadScenario(mm1, ['workload.arrival.rateRps=42000', 'replications=2', 'cluster.coresPerNode=2'].map(parseSet));
  assert.deepEqual(loaded.scenario.sweep, {});
  const points = expand(loaded);
  assert.equal(points.length, 1);
  assert.deepEqual(points[0].model.workload.arrival, { kind: 'open', rateRps: 42000 });
  assert.equal(points[0].model.cluster.coresPerNode, 2);
  assert.equal(loaded.scenario.replications, 2);
});

test('a path steps into an existing list item by its index, never past the end', () => {
  const data = { name: 'x', services: { groups: [{ count: 3 }, { count: 4 }] } };
  const loaded = loadScenarioData('s.yaml', data, [parseSet('services.groups.1.count=9')]);
  assert.deepEqual(loaded.scenario.services.groups?.map((g) => g.count), [3, 9]);
  assert.throws(() => loadScenarioData('s.yaml', data, [parseSet('services.groups.2.count=9')]),
    { message: 's.yaml: --set: services.groups.2.count is not a scenario parameter ("2" must index the list\'s 2 item(s), from 0, e.g. services.groups.0.count)' });
  assert.throws(() => loadScenarioData('s.yaml', data, [parseSet('services.groups.first.count=9')]), /"first" must index the list's 2 item\(s\)/);
});
