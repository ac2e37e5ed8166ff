/**
 * One replication of a station point: an M/M/1 station at load 0.5 gives the closed-form mean time
 * in system 1 / (μ − λ) and utilization ρ within a few percent; the same seed gives the same
 * result and another replication a different one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Summary } from '../../sim/index.ts';
import { runStationReplication } from '../../experiments/station-experiment.ts';
import { mm1MeanSojournNs } from '../sim/queueing-formulas.ts';

const meanNs = 10_000, rateRps = 50_000;
const config = { servers: 1, arrival: { kind: 'open' as const, rateRps }, serviceTime: { kind: 'exponential' as const, meanNs } };
const run = { warmupNs: 0.1e9, durationNs: 2e9 };

test('M/M/1 at ρ = 0.5: mean time in system 20 us and utilization 0.5 within 3%; throughput the offered rate within 2%', () => {
  const r = runStationReplication(config, run, 1, 0);
  const latency = r.metrics.request_latency_ms as Summary;
  const expectedMs = mm1MeanSojournNs(rateRps / 1e9, 1 / meanNs) / 1e6;
  assert.equal(expectedMs, 0.02);
  assert.ok(Math.abs(latency.mean! / expectedMs - 1) < 0.03, `mean ${latency.mean} ms vs ${expectedMs}`);
  const u = (r.metrics.utilization as Record<string, number>).station;
  assert.ok(Math.abs(u / 0.5 - 1) < 0.03, `utilization ${u}`);
  assert.ok(Math.abs((r.metrics.requests_per_s as number) / rateRps - 1) < 0.02, `${r.metrics.requests_per_s} requests/s`);
});

test('determinism: the same seed and replication give the same result; another replication differs', () => {
  const short = { warmupNs: 0, durationNs: 20e6 };
  assert.deepEqual(runStationReplication(config, short, 3, 1), runStationReplication(config, short, 3, 1));
  assert.notDeepEqual(runStationReplication(config, short, 3, 1).metrics, runStationReplication(config, short, 3, 2).metrics);
});
