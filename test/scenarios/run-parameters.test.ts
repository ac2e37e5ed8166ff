/**
 * The scenario's own knobs, declared once: seed 1, one replication, 1 s measured after a 100 ms
 * warm-up, conntrack sampled once a second, overlays unscaled; and the ranges refused from them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { overlayParameters, runParameters } from '../../scenarios/run-parameters.ts';
import { validate } from '../../scenarios/load.ts';
import { toServiceModelConfig } from '../../scenarios/expand-services.ts';

test('a scenario that gives none of them runs with these defaults', () => {
  const s = validate('s.yaml', { name: 'x', traffic: {} });
  assert.deepEqual([s.seed, s.replications, s.run], [1, 1, { durationMs: 1000, warmupMs: 100 }]);
  assert.deepEqual([runParameters.seed.value, runParameters.replications.value, runParameters.durationMs.value, runParameters.warmupMs.value], [1, 1, 1000, 100]);
  assert.equal(toServiceModelConfig(s)!.conntrack.sampleNs, runParameters.conntrackSampleMs.value * 1e6);
  assert.equal(overlayParameters.scale.value, 1);
});

test('their ranges: replications >= 1 and whole, a duration above 0, a warm-up of 0 allowed', () => {
  assert.throws(() => validate('s.yaml', { name: 'x', replications: 0 }), { message: 's.yaml: replications: 0 is not allowed (must be >= 1)' });
  assert.throws(() => validate('s.yaml', { name: 'x', replications: 1.5 }));
  assert.throws(() => validate('s.yaml', { name: 'x', run: { durationMs: 0 } }));
  assert.throws(() => validate('s.yaml', { name: 'x', seed: -1 }));
  assert.deepEqual(validate('s.yaml', { name: 'x', run: { warmupMs: 0 } }).run, { durationMs: 1000, warmupMs: 0 });
});
