/**
 * Expansion: sweep ranges give the values they describe (steps, points, log scale, integers), bad
 * ranges are one-line errors, and the variants of a comparison see the very same arrivals
 * (common random numbers) while what they do with them differs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StationWorkload } from '../../models/workloads/station-workload.ts';
import { Simulation, Streams } from '../../sim/index.ts';
import { axisValues, expand } from '../../scenarios/expand.ts';
import { validate } from '../../scenarios/load.ts';
import { InputError } from '../../scenarios/messages.ts';
import { sweepRange } from '../../scenarios/schema-experiments.ts';
import type { ModelConfig } from '../../models/model-config.ts';

const range = (r: object) => axisValues(sweepRange.parse(r));

test('sweep ranges: steps, evenly spaced points, log scale, integers', () => {
  assert.deepEqual(range({ from: 1000, to: 5000, step: 1000 }), [1000, 2000, 3000, 4000, 5000]);
  assert.deepEqual(range({ from: 0, to: 10, step: 3 }), [0, 3, 6, 9]);
  assert.deepEqual(range({ from: 0.1, to: 0.5, step: 0.1 }), [0.1, 0.2, 0.3, 0.4, 0.5]);
  assert.deepEqual(range({ from: 0, to: 1, points: 5 }), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(range({ from: 10, to: 100000, points: 5, scale: 'log' }), [10, 100, 1000, 10000, 100000]);
  assert.deepEqual(range({ from: 1, to: 1000, points: 4, scale: 'log' }), [1, 10, 100, 1000]);
  assert.deepEqual(range({ from: 1000, to: 2000, points: 3, scale: 'log' }), [1000, 1414, 2000]);
  assert.deepEqual(axisValues(['a', 'b']), ['a', 'b']);
});

test('a sweep of two axes and two variants: variant-major, first axis slowest', () => {
  const scenario = validate('s.yaml', {
    name: 's',
    sweep: { 'cluster.coresPerNode': [1, 2], 'workload.arrival.rateRps': { from: 100, to: 300, step: 100 } },
    compare: [{ name: 'a' }, { name: 'b', set: { 'workload.requestBytes': 128 } }],
  });
  const points = expand({ file: 's.yaml', scenario });
  assert.equal(points.length, 12);
  assert.deepEqual(points.slice(0, 4).map((p) => [p.variant, p.params['cluster.coresPerNode'], p.params['workload.arrival.rateRps']]), [
    ['a', 1, 100], ['a', 1, 200], ['a', 1, 300], ['a', 2, 100],
  ]);
  assert.equal(points[6].variant, 'b');
  assert.equal(points[6].model.workload.requestBytes, 128);
});

const bad: [object, RegExp][] = [
  [{ from: 5, to: 1, step: 1 }, /^r\.yaml: sweep\.x\.to: 1 is not allowed \(must be >= from = 5\)$/],
  [{ from: 1, to: 5, step: -1 }, /^r\.yaml: sweep\.x\.step: -1 is not allowed \(must be > 0\)$/],
  [{ from: 1, to: 5 }, /^r\.yaml: sweep\.x\.step: nothing is not allowed \(give exactly one of step and points\)$/],
  [{ from: 0, to: 5, points: 3, scale: 'log' }, /^r\.yaml: sweep\.x\.from: 0 is not allowed \(must be > 0 on a log scale\)$/],
  [{ from: 0, to: 1, step: 1e-9 }, /^r\.yaml: sweep\.x\.step: 1e-9 is not allowed \(makes more than 10000 values from 0 to 1\)$/],
  [{ from: 1, to: 2, steps: 1 }, /^r\.yaml: sweep\.x\.steps: unknown field \(allowed in sweep\.x: from, to, step, points, scale\)$/],
];
for (const [axis, expected] of bad) {
  test(`bad range ${JSON.stringify(axis)}: one line naming the field`, () => {
    assert.throws(() => validate('r.yaml', { name: 'r', sweep: { x: axis } }), (e: Error) => e instanceof InputError && expected.test(e.message));
  });
}

test('a sweep axis that is neither a list nor a range', () => {
  assert.throws(() => validate('r.yaml', { name: 'r', sweep: { x: 5 } }), {
    message: 'r.yaml: sweep.x: 5 is not allowed (must be a list of values, or a range {from, to, step} or {from, to, points, scale: linear|log})',
  });
});

test('compared variants see identical arrival sequences (common random numbers)', () => {
  const scenario = validate('crn.yaml', {
    name: 'crn',
    workload: { kind: 'station', arrival: { kind: 'open', rateRps: 80_000 }, serviceTime: { dist: 'exponential', meanUs: 10 } },
    compare: [{ name: 'one-core', set: { 'cluster.coresPerNode': 1 } }, { name: 'slow-two-cores', set: { 'cluster.coresPerNode': 2, 'workload.serviceTime.meanUs': 18 } }],
  });
  const points = expand({ file: 'crn.yaml', scenario });
  assert.deepEqual(points.map((p) => p.scenario.seed), [scenario.seed, scenario.seed]);
  const observe = (model: ModelConfig) => {
    const sim = new Simulation();
    const w = new StationWorkload(sim, { servers: model.cluster.coresPerNode, ...model.workload }, new Streams(points[0].scenario.seed, 0));
    const arrivals: number[] = [];
    let timeInSystemNs = 0;
    w.arrived.subscribe((e) => arrivals.push(e.atNs));
    w.answered.subscribe((arrivalNs) => (timeInSystemNs += sim.now - arrivalNs));
    sim.run({ untilNs: 5_000_000 });
    return { arrivals, latency: timeInSystemNs };
  };
  const [a, b] = points.map((p) => observe(p.model));
  assert.ok(a.arrivals.length > 300);
  assert.deepEqual(a.arrivals, b.arrivals);
  assert.notEqual(a.latency, b.latency);
});
