/**
 * Selecting points: a shard takes every Nth point from its index, a finished point is kept as it
 * is and not run again, and both together leave exactly the indices expected.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selectPoints } from '../../experiments/select-points.ts';
import type { PointResult } from '../../reports/results.ts';
import { expand, pointKey } from '../../scenarios/expand.ts';
import { validate } from '../../scenarios/load.ts';

// Two variants × five rates: ten points, variant by variant.
const points = expand({
  file: 's.yaml',
  scenario: validate('s.yaml', {
    name: 's',
    workload: { kind: 'station', arrival: { kind: 'open', rateRps: 1000 } },
    sweep: { 'workload.arrival.rateRps': [1000, 2000, 3000, 4000, 5000] },
    compare: [{ name: 'a', set: {} }, { name: 'b', set: { 'cluster.coresPerNode': 2 } }],
  }),
});
const done = (...indices: number[]) =>
  new Map(indices.map((i): [string, PointResult] => [pointKey(points[i]), { variant: points[i].variant, params: points[i].params, replications: 1, metrics: { routes: i } }]));
const rate = (p: { params: Record<string, unknown> }) => p.params['workload.arrival.rateRps'];

test('no shard, nothing finished: every point, all to run', () => {
  const s = selectPoints(points, undefined, new Map());
  assert.equal(s.points.length, 10);
  assert.deepEqual(s.todo, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.ok(s.results.every((r) => r === undefined));
});

test('shard 1 of 3: points 1, 4, 7 of the expansion', () => {
  const s = selectPoints(points, { index: 1, count: 3 }, new Map());
  assert.deepEqual(s.points.map((p) => `${p.variant}@${rate(p)}`), ['a@2000', 'a@5000', 'b@3000']);
  assert.deepEqual(s.todo, [0, 1, 2]);
});

test('shard 0 of 3 resumed with points 3 and 9 finished (and 4, another shard\'s): 0 and 6 left', () => {
  const s = selectPoints(points, { index: 0, count: 3 }, done(3, 4, 9));
  assert.deepEqual(s.points.map((p) => `${p.variant}@${rate(p)}`), ['a@1000', 'a@4000', 'b@2000', 'b@5000']);
  assert.deepEqual(s.todo, [0, 2]);
  assert.deepEqual(s.results.map((r) => r?.metrics['routes']), [undefined, 3, undefined, 9]);
});
