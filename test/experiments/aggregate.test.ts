/**
 * Aggregation across replications on an M/M/1 station with a known mean time in system,
 * 1/(mu - lambda) = 20 us at lambda = 50,000/s and mu = 100,000/s: the 95% confidence interval of
 * the mean covers it, and its half-width shrinks as 1/sqrt(R) (t-quantile aside). An empty
 * distribution aggregates to nulls.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregate } from '../../experiments/aggregate.ts';
import type { Distribution } from '../../reports/results.ts';
import { expand } from '../../scenarios/expand.ts';
import { validate } from '../../scenarios/load.ts';
import { runReplication } from '../../experiments/experiment.ts';
import type { ReplicationResult } from '../../experiments/replication-result.ts';
import type { Summary } from '../../sim/index.ts';

const t975: Record<number, number> = { 15: 2.131, 63: 1.998, 255: 1.969 };

test('confidence intervals shrink as 1/sqrt(R) and cover the M/M/1 mean', () => {
  const scenario = validate('mm1.yaml', {
    name: 'mm1',
    cluster: { coresPerNode: 1 },
    workload: { kind: 'station', arrival: { kind: 'open', rateRps: 50_000 }, serviceTime: { dist: 'exponential', meanUs: 10 } },
    run: { durationMs: 20, warmupMs: 2 },
  });
  const [point] = expand({ file: 'mm1.yaml', scenario });
  const reps = Array.from({ length: 256 }, (_, r) => runReplication(point.model, 1, r));
  const exactMs = 1 / (100_000 - 50_000) * 1e3;
  const halfWidth = (r: number) => {
    const d = aggregate('', {}, reps.slice(0, r)).metrics.request_latency_ms as Distribution;
    assert.ok(d.ci95);
    return { mean: d.mean!, half: (d.ci95[1] - d.ci95[0]) / 2, ci: d.ci95 };
  };
  const [w16, w64, w256] = [16, 64, 256].map(halfWidth);
  // Each quadrupling of R halves the interval, scaled by the ratio of t quantiles.
  const expect16to64 = 2 * t975[15] / t975[63];
  const expect64to256 = 2 * t975[63] / t975[255];
  const r1 = w16.half / w64.half;
  const r2 = w64.half / w256.half;
  assert.ok(Math.abs(r1 / expect16to64 - 1) < 0.3, `w16/w64 = ${r1}, expected about ${expect16to64}`);
  assert.ok(Math.abs(r2 / expect64to256 - 1) < 0.3, `w64/w256 = ${r2}, expected about ${expect64to256}`);
  // The implied standard deviation of one replication's mean is stable.
  const sd = (w: { half: number }, r: number) => (w.half * Math.sqrt(r)) / t975[r - 1];
  assert.ok(Math.abs(sd(w16, 16) / sd(w256, 256) - 1) < 0.25);
  assert.ok(Math.abs(sd(w64, 64) / sd(w256, 256) - 1) < 0.25);
  assert.ok(w256.ci[0] < exactMs && exactMs < w256.ci[1], `CI ${w256.ci} covers ${exactMs}`);
  assert.ok(Math.abs(w256.mean / exactMs - 1) < 0.02, `mean ${w256.mean} ms near ${exactMs} ms`);
});

const empty: Summary = { mean: null, p50: null, p90: null, p99: null, p999: null, max: null, count: 0 };
const some = (x: number, count: number): Summary => ({ mean: x, p50: x, p90: x, p99: x, p999: x, max: x, count });
const rep = (sync: Summary): ReplicationResult => ({ metrics: { sync_ms: sync }, series: {}, events: 0 });

test('an empty distribution stays null in every statistic (count 0); replications without samples are left out of the means', () => {
  assert.deepEqual(aggregate('', {}, [rep(empty), rep(empty)]).metrics['sync_ms'], empty);
  const mixed = aggregate('', {}, [rep(empty), rep(some(2, 3)), rep(some(4, 1))]).metrics['sync_ms'] as Distribution;
  assert.deepEqual({ ...mixed, ci95: undefined }, { mean: 3, p50: 3, p90: 3, p99: 3, p999: 3, max: 4, count: 4, ci95: undefined });
  assert.ok(mixed.ci95 && mixed.ci95[0] < 3 && mixed.ci95[1] > 3);
  const one = aggregate('', {}, [rep(empty), rep(some(2, 3))]).metrics['sync_ms'] as Distribution;
  assert.equal(one.ci95, undefined, 'one replication with samples has no interval');
  assert.equal(one.p50, 2);
});
