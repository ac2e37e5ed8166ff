/**
 * The Ingress collector: counts of the measured period only (events after the warm-up), the
 * worker CPU requested since the reset, the ceiling workers / CPU per request, and crossings per
 * answered request; straight to the Service (no controller) the ingress figures are 0.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation, TraceSource } from '../../../sim/index.ts';
import type { PacketCarrier } from '../../../models/datapath/packet-path.ts';
import type { IngressController } from '../../../models/services/ingress-controller.ts';
import { IngressCollector } from '../../../experiments/collectors/ingress-collector.ts';
import { MeasuredPeriod } from '../../../experiments/replication.ts';
import { ReplicationOutput } from '../../../experiments/replication-output.ts';

test('ingress metrics of the measured period: 2 workers, 4 forwarded requests at 25 us each', () => {
  const sim = new Simulation();
  const period = new MeasuredPeriod({ warmupNs: 1000, durationNs: 1e9 });
  const answered = new TraceSource<number>();
  const g = {
    forwarded: new TraceSource(), handshake: new TraceSource(), upstream: { opened: new TraceSource(), failed: 1 }, workNs: 7, workerCount: 2,
  };
  const carrier = { crossings: 0 } as PacketCarrier;
  const c = new IngressCollector(sim, period, carrier, answered, g as unknown as IngressController);
  const at = (ns: number, fn: () => void) => sim.at(ns, fn);
  at(500, () => [g.forwarded, g.upstream.opened, g.handshake].forEach((s) => s.emit(undefined)));
  at(500, () => answered.emit(0));
  at(1000, () => {
    c.reset();
    carrier.crossings = 0;
  });
  for (let i = 0; i < 4; i++) {
    at(2000 + i, () => {
      g.forwarded.emit(undefined);
      answered.emit(0);
      g.workNs += 25_000;
      carrier.crossings += 8;
    });
  }
  at(3000, () => {
    g.upstream.opened.emit(undefined);
    g.handshake.emit(undefined);
    g.upstream.failed = 3;
  });
  sim.run();
  const out = new ReplicationOutput();
  c.collect(out);
  assert.deepEqual(out.result(0).metrics, {
    ingress_requests_per_s: 4, ingress_worker_cores: 100_000 / 1e9, ingress_cpu_per_request_us: 25, ingress_ceiling_requests_per_s: 80_000,
    ingress_upstream_connections_per_request: 0.25, ingress_tls_handshakes_per_s: 1, ingress_upstream_failures: 2, crossings_per_request: 8,
  });
});

test('straight to the Service: the ingress figures 0, crossings still counted', () => {
  const sim = new Simulation();
  const answered = new TraceSource<number>();
  const carrier = { crossings: 8 } as PacketCarrier;
  const c = new IngressCollector(sim, new MeasuredPeriod({ warmupNs: 0, durationNs: 1e9 }), carrier, answered, null);
  answered.emit(0);
  answered.emit(0);
  const out = new ReplicationOutput();
  c.collect(out);
  const m = out.result(0).metrics;
  assert.equal(m.crossings_per_request, 4);
  assert.deepEqual([m.ingress_requests_per_s, m.ingress_worker_cores, m.ingress_ceiling_requests_per_s, m.ingress_upstream_failures], [0, 0, 0, 0]);
});
