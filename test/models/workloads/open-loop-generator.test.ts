/**
 * The bounded open-loop generator: arrivals beyond its outstanding maximum are shed and counted,
 * exactly, and a request that ends frees its place.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation, Streams } from '../../../sim/index.ts';
import { OpenLoopGenerator } from '../../../models/workloads/open-loop-generator.ts';

test('with 3 outstanding at most and none ending, every arrival after the third is shed; an end frees a place', () => {
  const sim = new Simulation();
  const started: number[] = [];
  const g = new OpenLoopGenerator(sim, 1000, new Streams(1, 0).get('arrivals/client'), 3, () => started.push(sim.now));
  sim.run({ untilNs: 1e6 });
  const arrivals = g.issued + g.shed;
  assert.ok(arrivals > 100);
  assert.equal(g.issued, 3);
  assert.equal(g.outstanding, 3);
  assert.equal(g.shed, arrivals - 3);
  g.ended();
  sim.run({ untilNs: 2e6 });
  assert.equal(g.issued, 4);
  assert.equal(started.length, 4);
});
