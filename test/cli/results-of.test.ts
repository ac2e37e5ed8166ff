/**
 * The results document a run or a merge writes: this package's version, the contract's version,
 * the scenario and the points as given, and overlays only when there are some.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { resultsOf } from '../../cli/results-of.ts';
import { CONTRACT_VERSION, type Overlay, type PointResult } from '../../reports/results.ts';

const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };
const scenario = { name: 'x', seed: 7, replications: 2 };
const points: PointResult[] = [{ variant: '', params: {}, replications: 2, metrics: { rules: 3 } }];
const overlay: Overlay = { reference: 'r', metric: 'rules', x: 'services', points: [{ variant: '', x: 1, y: 2 }], source: 's' };

test('version, contract, scenario and points; overlays kept when present, left out when none or empty', () => {
  assert.equal(CONTRACT_VERSION, 2);
  const withOverlays = resultsOf(scenario, points, [overlay]);
  assert.deepEqual(withOverlays, { podpath: pkg.version, contract: 2, scenario, points, overlays: [overlay] });
  assert.deepEqual(Object.keys(resultsOf(scenario, points, [])), ['podpath', 'contract', 'scenario', 'points']);
  assert.deepEqual(Object.keys(resultsOf(scenario, points, undefined)), ['podpath', 'contract', 'scenario', 'points']);
});
