/**
 * Request latency during a node's syncs and outside them: every measured request answered counts
 * on one side; a 1-core client node whose syncs (full iptables restore of 5,000 Services, ~1 s)
 * run as one uninterrupted job holds its packets for the sync, while time-sliced (0.75 ms on one
 * core) they wait a slice at a time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from '../../../scenarios/load.ts';
import { toModelConfig } from '../../../scenarios/expand.ts';
import { runServiceReplication } from '../../../experiments/service-experiment.ts';
import { recorded } from '../../sim/recorded.ts';

function run(uninterrupted: boolean) {
  const m = toModelConfig(validate('x.yaml', {
    name: 'x', cluster: { nodes: 6, coresPerNode: 1 },
    services: { groups: [{ count: 1, endpointsPerService: 4 }, { count: 4999, endpointsPerService: 2 }] },
    run: { durationMs: 6000, warmupMs: 500 },
    traffic: { rateRps: 500, clientNodes: [0], target: { group: 0 } },
    controlPlane: { mode: 'iptables', churn: { podEventsPerS: 0.5 }, ...(uninterrupted && { uninterruptedSyncs: true }) },
  }));
  const metrics = runServiceReplication(m, m.services!, 3, 0).metrics;
  return { all: recorded(metrics.request_latency_ms), during: recorded(metrics.request_latency_during_sync_ms), outside: recorded(metrics.request_latency_outside_sync_ms) };
}

test('every measured request answered counts during a sync or outside; a whole-job sync holds them, a sliced one a slice at a time', () => {
  const whole = run(true), sliced = run(false);
  for (const r of [whole, sliced]) {
    assert.equal(r.during.count + r.outside.count, r.all.count);
    assert.ok(r.during.count > 100 && r.outside.count > 100, `${r.during.count} during, ${r.outside.count} outside`);
  }
  assert.ok(whole.during.mean > 50 * whole.outside.mean, `whole: ${whole.during.mean} ms during vs ${whole.outside.mean} outside`);
  assert.ok(sliced.during.mean < whole.during.mean / 10, `sliced ${sliced.during.mean} ms vs whole ${whole.during.mean} ms during syncs`);
  assert.ok(sliced.during.mean > sliced.outside.mean, `sliced: ${sliced.during.mean} ms during vs ${sliced.outside.mean} outside`);
});
