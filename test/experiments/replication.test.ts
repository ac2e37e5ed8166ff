/**
 * The replication cycle on tiny timelines: the warm-up runs to its end (events at that very
 * instant included), the models' statistics restart, then the collectors take their baselines, and
 * a collector counts nothing that began in the warm-up — exact counts, through a real workload.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Simulation, type Summary } from '../../sim/index.ts';
import { MeasuredPeriod, replicate } from '../../experiments/replication.ts';
import { runStationReplication } from '../../experiments/station-experiment.ts';

test('warm-up to its end, models reset, collectors reset, measured period, collect', () => {
  const sim = new Simulation();
  const log: string[] = [];
  for (const t of [0, 4, 5, 6, 9, 10, 11]) sim.at(t, () => log.push(`event ${t}`));
  const period = new MeasuredPeriod({ warmupNs: 5, durationNs: 5 });
  const result = replicate({
    sim,
    resetStats: () => log.push(`models reset at ${sim.now}`),
    collectors: [{ reset: () => log.push(`collector reset at ${sim.now}`), collect: (out) => out.metric('routes', log.length) }],
  }, period);
  assert.deepEqual(log, ['event 0', 'event 4', 'event 5', 'models reset at 5', 'collector reset at 5', 'event 6', 'event 9', 'event 10']);
  assert.deepEqual(result, { metrics: { routes: 8 }, series: {}, events: 6 });
  assert.deepEqual([4, 5, 10, 11].map((t) => period.includes(t)), [false, true, true, true]);
});

test('a collector sees nothing of the warm-up: one job at a time, 1 µs each, measured from 3.5 µs to 6.5 µs', () => {
  // Closed loop, concurrency 1, no think time: jobs arrive at 0, 1, 2 … µs and leave 1 µs later.
  // The job of 3 µs is answered at 4 µs but arrived in the warm-up; those of 4 and 5 µs count;
  // that of 6 µs is still in service at the end.
  const r = runStationReplication(
    { servers: 1, arrival: { kind: 'closed', concurrency: 1, thinkNs: 0 }, serviceTime: { kind: 'constant', valueNs: 1000 } },
    { warmupNs: 3500, durationNs: 3000 }, 1, 0,
  );
  const latency = r.metrics.request_latency_ms as Summary;
  assert.equal(latency.count, 2);
  assert.equal(latency.mean, 0.001);
  assert.equal(latency.max, 0.001);
  assert.equal(r.metrics.requests_per_s, 2 / 3e-6);
  assert.deepEqual(r.metrics.utilization, { station: 1 });
});
