/** One egress replication end to end: deterministic for a seed and replication (byte-identical
 *  results), another replication draws other arrivals, and every SYN of the run is accounted
 *  for: opened = established or still retrying or failed, with the drops behind the retries. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runEgressReplication } from '../../experiments/egress-experiment.ts';
import { egress } from '../models/egress-frame.ts';

const run = (replication: number) => {
  const c = egress(2, 10_000, 0.4e9);
  return runEgressReplication(c, c.services!, c.services!.egress!, 7, replication);
};

test('the same seed and replication give the same result, byte for byte; another replication differs', () => {
  const a = JSON.stringify(run(0)), b = JSON.stringify(run(0)), c = JSON.stringify(run(1));
  assert.equal(a, b);
  assert.notEqual(a, c);
});

test('egress metrics of a 2-core run: requests answered at the offered rate, connects under 1 ms unless a SYN raced', () => {
  const m = run(0).metrics as Record<string, any>;
  assert.ok(Math.abs(m.requests_per_s / 10_000 - 1) < 0.05, `${m.requests_per_s}/s`);
  assert.ok(m.connections_opened >= 0.4 * 10_000 * 0.9);
  assert.equal(m.snat_port_exhaustion_failures, 0);
  // Every stalled connect is a SYN lost at confirm: insert_failed over the measured 0.2 s.
  const stalled = m.connect_stall_fraction * m.connect_latency_ms.count;
  assert.ok(stalled <= m.conntrack_insert_failed * 0.2 + 1e-9, `${stalled} stalled, ${m.conntrack_insert_failed}/s insert_failed`);
  assert.ok(m.connect_latency_ms.p50 < 1);
});
