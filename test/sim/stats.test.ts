import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Counter, LatencyRecorder, TimeWeighted } from '../../sim/index.ts';
import { recorded } from './recorded.ts';

test('LatencyRecorder: no percentile above the maximum recorded (the top HDR bucket ends above it)', () => {
  const r = new LatencyRecorder();
  for (const v of [1000, 123_456, 123_457, 5_000_001]) r.record(v);
  const s = r.summary();
  // HDR at 3 digits answers 5,001,215 ns for p99 and p99.9 (the bucket's highest equivalent value).
  assert.equal(s.max, 5_000_001);
  assert.equal(s.p99, 5_000_001);
  assert.equal(s.p999, 5_000_001);
  assert.equal(r.cdf(1, [0.5, 1]).at(-1)![0], 5_000_001);
  assert.ok(s.p50! < 5_000_001);
});

test('LatencyRecorder: percentiles of 1..1000 ns are exact', () => {
  const r = new LatencyRecorder();
  for (let v = 1000; v >= 1; v--) r.record(v);
  assert.deepEqual(r.summary(), { mean: 500.5, p50: 500, p90: 900, p99: 990, p999: 999, max: 1000, count: 1000 });
  assert.deepEqual(r.summary(1000), { mean: 0.5005, p50: 0.5, p90: 0.9, p99: 0.99, p999: 0.999, max: 1, count: 1000 });
});

test('LatencyRecorder: large values within 3 significant digits, exact mean', () => {
  const r = new LatencyRecorder();
  r.record(1_000_000);
  r.record(3_000_000);
  const s = recorded(r.summary(1e6));
  assert.equal(s.mean, 2);
  assert.ok(Math.abs(s.max - 3) / 3 < 1e-3);
  assert.ok(Math.abs(s.p50 - 1) < 1e-3);
});

test('LatencyRecorder: an empty summary is null in every statistic, count 0 (never 0 ms); reset forgets', () => {
  const r = new LatencyRecorder();
  assert.deepEqual(r.summary(1e6), { mean: null, p50: null, p90: null, p99: null, p999: null, max: null, count: 0 });
  assert.deepEqual(r.cdf(), []);
  r.record(5);
  r.reset();
  assert.equal(r.count, 0);
  assert.equal(r.summary().mean, null);
});

test('LatencyRecorder: cdf rows are [value, fraction]', () => {
  const r = new LatencyRecorder();
  for (let v = 1; v <= 100; v++) r.record(v);
  assert.deepEqual(r.cdf(1, [0.5, 1]), [[50, 0.5], [100, 1]]);
});

test('Counter adds and resets', () => {
  const c = new Counter();
  c.add();
  c.add(4);
  assert.equal(c.value, 5);
  c.reset();
  assert.equal(c.value, 0);
});

test('TimeWeighted: exact mean and integral of a step level', () => {
  const w = new TimeWeighted(0);
  w.set(0, 2);
  w.set(10, 4);
  w.set(25, 0);
  assert.equal(w.integral(40), 2 * 10 + 4 * 15);
  assert.equal(w.mean(40), 80 / 40);
  assert.equal(w.value, 0);
  w.reset(40);
  w.set(50, 3);
  assert.equal(w.mean(60), 30 / 20);
  assert.equal(new TimeWeighted(5).mean(5), 0);
});
