/**
 * The TCP collector: retransmissions counted from the end of the warm-up, added over the counters
 * given, per second by kind; the window series sampled from time 0 at whole-µs steps and never
 * longer than its cap; no series without a watched window.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../../sim/index.ts';
import { TcpCollector, maxSamples } from '../../../experiments/collectors/tcp-collector.ts';
import { MeasuredPeriod } from '../../../experiments/replication.ts';
import { ReplicationOutput } from '../../../experiments/replication-output.ts';

test('retransmits per second by kind over the measured period; a capped window series', () => {
  const sim = new Simulation();
  const period = new MeasuredPeriod({ warmupNs: 1e6, durationNs: 500e6 });
  const a = { fast: 5, rto: 1, timeouts: 1 };
  const b = { fast: 2, rto: 0, timeouts: 0 };
  const window = { cwnd: 10 };
  const c = new TcpCollector(sim, period, [a, b], window);
  assert.equal(c.sampleNs, 1.002e6, '501 ms in 500 steps of whole µs');
  sim.run({ untilNs: 1e6 });
  c.reset();
  a.fast += 30;
  b.rto += 4;
  window.cwnd = 20;
  sim.run({ untilNs: 501e6 });
  const out = new ReplicationOutput();
  c.collect(out);
  const r = out.result(0);
  assert.deepEqual(r.metrics.retransmits_per_s, { fast: 60, rto: 8 });
  const rows = r.series.congestion_window!.rows;
  assert.equal(rows.length, maxSamples);
  assert.deepEqual(rows[0], [0, 10]);
  assert.deepEqual(rows.at(-1), [((maxSamples - 1) * 1.002e6) / 1e9, 20]);
});

test('without a watched window: the counts only, and no sampling event', () => {
  const sim = new Simulation();
  const c = new TcpCollector(sim, new MeasuredPeriod({ warmupNs: 0, durationNs: 1e9 }), [], null);
  assert.equal(sim.pending, 0);
  const out = new ReplicationOutput();
  c.collect(out);
  assert.deepEqual(out.result(0), { metrics: { retransmits_per_s: { fast: 0, rto: 0 } }, series: {}, events: 0 });
});
