/** The egress collector on a hand-made timeline: connections opened in the warm-up are left out;
 *  a connection falls in the SYN timer's step its connect latency reaches (under 1 s, 1-3 s,
 *  3-7 s …); the stalled share is every step but the first; insert_failed and exhaustion count
 *  what happened after the reset only. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation, TraceSource } from '../../../sim/index.ts';
import type { EgressConnection, EgressTraffic } from '../../../models/workloads/egress-traffic.ts';
import { EgressCollector } from '../../../experiments/collectors/egress-collector.ts';
import { MeasuredPeriod } from '../../../experiments/replication.ts';
import { ReplicationOutput } from '../../../experiments/replication-output.ts';

test('steps of the SYN timer: 2 at once, 1 after one retransmit, 1 after two; the warm-up one left out', () => {
  const sim = new Simulation();
  const traffic = { established: new TraceSource<EgressConnection>(), confirm: { insertFailed: 3 }, exhausted: 1, connections: 9, failed: 1 };
  const period = new MeasuredPeriod({ warmupNs: 1e9, durationNs: 2e9 });
  const c = new EgressCollector(sim, period, traffic as unknown as EgressTraffic);
  const conn = (issuedNs: number) => ({ issuedNs, connectNs: issuedNs }) as EgressConnection;
  // Established at: 0.5 ms, 0.9 ms, 1.0005 s and 3.001 s after connect(); the warm-up one at 1 s.
  const timeline: [number, number][] = [[0.5e9, 1e9], [1.1e9, 0.5e6], [1.2e9, 0.9e6], [1.3e9, 1.0005e9], [1.4e9, 3.001e9]];
  for (const [issuedNs, afterNs] of timeline) {
    const x = conn(issuedNs);
    sim.at(issuedNs + afterNs, () => traffic.established.emit(x));
  }
  sim.at(1e9, () => c.reset());
  sim.at(2e9, () => {
    traffic.confirm.insertFailed = 7;
    traffic.exhausted = 2;
  });
  sim.run();
  const out = new ReplicationOutput();
  c.collect(out);
  const r = out.result(0);
  const m = r.metrics as Record<string, any>;
  assert.equal(m.connect_latency_ms.count, 4);
  assert.equal(m.connect_stall_fraction, 0.5);
  assert.equal(m.conntrack_insert_failed, 4 / 2, 'per second of the 2 s measured');
  assert.equal(m.snat_port_exhaustion_failures, 1);
  assert.equal(m.connections_opened, 9);
  assert.equal(m.connections_failed, 1);
  assert.deepEqual(r.series.connect_latency_steps.rows.slice(0, 4), [[0, 0.5], [1, 0.25], [3, 0.25], [7, 0]]);
});
