/**
 * The request/response workload against closed forms: with every network cost at zero, a request's
 * latency is the server's time in system, so one core serving exponential work to Poisson
 * arrivals is an M/M/1 queue (mean time in system 1/(μ − λ)).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CostProfile } from '../../../models/profiles/cost-profile.ts';
import { runReplication } from '../../../experiments/experiment.ts';
import type { ModelConfig } from '../../../models/model-config.ts';

const free: Partial<CostProfile> = {
  syscallNs: 0, copyNsPerByte: 0, wakeupNs: 0, tcpTxNs: 0, tcpRxNs: 0, vethNs: 0, bridgeNs: 0,
  routeNs: 0, nicTxNs: 0, nicRxNs: 0, propagationNs: 0,
};

function config(rateRps: number): ModelConfig {
  return {
    profile: 'xeon-2019-10gbe',
    costs: free,
    cluster: { nodes: 2, coresPerNode: 1, rxQueues: 1, linkGbps: 1e9 },
    network: { backend: 'host-gw' },
    workload: {
      kind: 'request-response', clientNode: 0, serverNode: 1,
      arrival: { kind: 'open', rateRps },
      requestBytes: 64, responseBytes: 64,
      serviceTime: { kind: 'exponential', meanNs: 100_000 },
    },
    run: { durationNs: 20e9, warmupNs: 1e9 },
  };
}

for (const rho of [0.5, 0.8]) {
  test(`M/M/1 through the model at ρ = ${rho}: mean latency 1/(μ−λ) within 3%`, () => {
    const mu = 10_000;
    const r = runReplication(config(rho * mu), 3, 0);
    const lat = r.metrics.request_latency_ms as { mean: number };
    const expectedMs = 1e3 / (mu - rho * mu);
    assert.ok(Math.abs(lat.mean / expectedMs - 1) < 0.03, `${lat.mean} vs ${expectedMs}`);
    const util = (r.metrics.utilization as Record<string, number>)['server_node.cpu'];
    assert.ok(Math.abs(util - rho) < 0.02, `utilization ${util}`);
  });
}

test('same seed and replication, same metrics; another replication, other draws', () => {
  const c = { ...config(5000), run: { durationNs: 2e8, warmupNs: 0 } };
  assert.deepEqual(runReplication(c, 1, 0), runReplication(c, 1, 0));
  assert.notDeepEqual(runReplication(c, 1, 0).metrics, runReplication(c, 1, 1).metrics);
});

test('a receive ring of one descriptor drops the third of three simultaneous requests; its sender retransmits it once at the 1 s initial RTO', () => {
  const c = config(1);
  c.costs = { ...free, nicRxNs: 10_000, propagationNs: 1000 };
  c.cluster = { ...c.cluster, queues: { rxRingDescriptors: 1 } };
  c.workload = { ...c.workload, arrival: { kind: 'closed', concurrency: 3, thinkNs: 5e6 }, serviceTime: { kind: 'constant', valueNs: 0 } };
  c.run = { durationNs: 1.5e9, warmupNs: 0 };
  const r = runReplication(c, 1, 0);
  const drops = r.metrics.drops_per_s as Record<string, number>;
  assert.equal(drops.rx_ring_full * 1.5, 1);
  const rtx = r.metrics.retransmits_per_s as Record<string, number>;
  assert.deepEqual({ syn: rtx.syn * 1.5, rto: rtx.rto * 1.5, fast: rtx.fast }, { syn: 0, rto: 1, fast: 0 });
  assert.equal(r.metrics.requests_lost_per_s, 0);
  const lat = r.metrics.request_latency_ms as { max: number; p99: number };
  assert.ok(lat.max >= 1000 && lat.max < 1001, `the retransmitted request waited its RTO: ${lat.max} ms`);
  assert.ok(lat.p99 < 1, 'the others did not');
});
