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
import { join } from 'node:path';
import { expand } from '../../../scenarios/expand.ts';
import { loadScenario, type Override } from '../../../scenarios/load.ts';
import { SCENARIOS_DIR } from '../../reports/bundled-scenarios.ts';

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

test('past the knee over flannel UDP (overload.yaml, 50 ms): goodput at 5x the knee within 10% of goodput at 2x, dropped requests retransmitted, none given up', () => {
  const at = (rateRps: number) => {
    const set = (path: string, value: string | number): Override => ({ path, value, origin: 'test' });
    const loaded = loadScenario(join(SCENARIOS_DIR, 'overload.yaml'), [
      set('workload.arrival.rateRps', rateRps), set('network.backend', 'udp'), set('run.durationMs', 50),
    ]);
    const point = expand(loaded).find((p) => p.model.network.backend === 'udp' && p.model.workload.arrival.kind === 'open' && p.model.workload.arrival.rateRps === rateRps)!;
    return runReplication(point.model, loaded.scenario.seed, 0).metrics;
  };
  const twice = at(72_000), five = at(180_000);
  const g2 = twice.requests_per_s as number, g5 = five.requests_per_s as number;
  assert.ok(g2 > 25_000, `goodput at 2x: ${g2}/s`);
  assert.ok(Math.abs(g5 / g2 - 1) < 0.1, `goodput at 5x ${g5}/s vs 2x ${g2}/s`);
  assert.equal(five.requests_lost_per_s, 0);
  assert.ok((five.requests_shed_per_s as number) > 100_000, 'the generator sheds the excess');
});
