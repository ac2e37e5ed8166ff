import { test } from 'node:test';
import assert from 'node:assert/strict';
import { max, mean, min, standardDeviation } from 'simple-statistics';
import { meanNs, RandomStream, sampler, type DistributionSpec } from '../../sim/index.ts';

const specs: DistributionSpec[] = [
  { kind: 'constant', valueNs: 1234.4 },
  { kind: 'exponential', meanNs: 50_000 },
  { kind: 'uniform', minNs: 1000, maxNs: 3000 },
  { kind: 'lognormal', meanNs: 20_000, cv: 0.5 },
];

function samples(spec: DistributionSpec, n = 200_000): number[] {
  const next = sampler(spec, new RandomStream(1, 0, `dist/${spec.kind}`));
  return Array.from({ length: n }, next);
}

for (const spec of specs) {
  test(`${spec.kind}: integer ns >= 0, sample mean within 1% of meanNs`, () => {
    const xs = samples(spec);
    for (const x of xs) assert.ok(Number.isInteger(x) && x >= 0, `${x}`);
    const expected = spec.kind === 'constant' ? Math.round(spec.valueNs) : meanNs(spec);
    assert.ok(Math.abs(mean(xs) / expected - 1) < 0.01, `mean ${mean(xs)} vs ${expected}`);
  });
}

test('exponential and lognormal have the coefficient of variation asked for', () => {
  const exp = samples({ kind: 'exponential', meanNs: 50_000 });
  assert.ok(Math.abs(standardDeviation(exp) / mean(exp) - 1) < 0.02);
  const logn = samples({ kind: 'lognormal', meanNs: 20_000, cv: 0.5 });
  assert.ok(Math.abs(standardDeviation(logn) / mean(logn) - 0.5) < 0.02);
});

test('uniform stays within [min, max]', () => {
  const xs = samples({ kind: 'uniform', minNs: 1000, maxNs: 3000 });
  assert.ok(min(xs) >= 1000 && max(xs) <= 3000);
});
