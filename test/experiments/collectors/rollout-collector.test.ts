/**
 * A rolling update under Service traffic, end to end: with rules programmed instantly not one
 * request fails; with a constant watch delay and a known sync time, refused requests match the
 * closed form (programming latency × the rate of new connections to exited pods) within three
 * standard deviations of a Poisson count; with no endpoint programmed the client node rejects for
 * the readiness delay; every dropped packet has a listed reason.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from '../../../scenarios/load.ts';
import { toModelConfig } from '../../../scenarios/expand.ts';
import { runServiceReplication } from '../../../experiments/service-experiment.ts';
import { ProxierSyncCost } from '../../../models/control-plane/proxier-sync-cost.ts';
import { resolveProfile } from '../../../models/profiles/profiles.ts';

const rateRps = 2000;
const pods = 4;
const watchMs = 100;

function run(controlPlane: Record<string, unknown>, replicas = pods) {
  const m = toModelConfig(validate('x.yaml', {
    name: 'x', cluster: { nodes: 30 }, services: { groups: [{ count: 1, endpointsPerService: replicas }, { count: 9, endpointsPerService: 4 }] },
    run: { durationMs: 20_000, warmupMs: 1000 },
    traffic: { rateRps, clientNodes: [0, 1], target: { group: 0 } },
    controlPlane: {
      minSyncPeriodMs: 0, syncPeriodMs: 3_600_000, watchDelay: { meanMs: watchMs, cv: 0 }, fanout: { enabled: false }, churn: { podEventsPerS: 0 },
      rollout: { maxSurge: 0, maxUnavailable: 1, readinessDelayMs: 3000, terminationGraceMs: 0, startMs: 2000 }, ...controlPlane,
    },
  }));
  return { m, r: runServiceReplication(m, m.services!, 42, 0) };
}

test('rules programmed instantly: a rolling update fails no request', () => {
  const { r } = run({ instantProgramming: true });
  assert.deepEqual(r.metrics.requests_failed, { refused: 0, timeout: 0, reset: 0 });
  assert.deepEqual(r.metrics.stale_endpoint_connections, { all: 0, to_exited_pods: 0 });
  assert.equal((r.metrics.rollout_phases_s as Record<string, number>).last_new_ready, 2 + pods * 3);
});

test('modelled programming: refused = latency × rate to exited pods, the closed form within 3 sigma', () => {
  const { m, r } = run({});
  // Each old pod exits as it is deleted (grace 0); a client node keeps sending it new connections
  // until it has the change: watch delay + the sync's CPU, L. The first pod shares the node's view
  // with 3 others (rate λ/4); each later one with 2 others and a new pod not yet programmed (λ/3:
  // the view holds pods-1 ready endpoints). Expected refused = λ·L·(1/4 + 3/3).
  const cost = new ProxierSyncCost('iptables', { groups: m.controlPlane!.groups, nodePortServices: 0, version: 'current' }, resolveProfile(m.profile, {}), m.controlPlane!.syncCosts);
  const first = watchMs / 1e3 + cost.syncNs('incremental', { services: 1, serviceEndpoints: pods, endpoints: 3 }) / 1e9;
  const later = watchMs / 1e3 + cost.syncNs('incremental', { services: 1, serviceEndpoints: pods, endpoints: 4 }) / 1e9;
  const expected = rateRps * (first / pods + (later * (pods - 1)) / (pods - 1));
  const f = r.metrics.requests_failed as Record<string, number>;
  assert.ok(Math.abs(f.refused - expected) <= 3 * Math.sqrt(expected), `refused ${f.refused} vs ${expected.toFixed(1)} ± ${(3 * Math.sqrt(expected)).toFixed(1)}`);
  assert.equal(f.timeout + f.reset, 0);
  assert.deepEqual(r.metrics.stale_endpoint_connections, { all: f.refused, to_exited_pods: f.refused }, 'grace 0: every stale connection meets an exited pod');
  const perSecond = r.series.requests_failed.rows as number[][];
  assert.equal(perSecond.reduce((n, row) => n + row[1], 0), f.refused, 'the per-second series adds up (nothing failed in the warm-up)');
});

test('old pods\' nodes gone: the SYNs are lost and connect() times out', () => {
  const { r } = run({ rollout: { maxSurge: 0, maxUnavailable: 1, readinessDelayMs: 3000, terminationGraceMs: 0, startMs: 2000, nodesGone: true } });
  const f = r.metrics.requests_failed as Record<string, number>;
  assert.equal(f.refused, 0);
  // 127 s of SYN retransmissions outlast the 20 s run: none has timed out yet, all are unfinished.
  assert.equal(f.timeout, 0);
  assert.ok((r.metrics.stale_endpoint_connections as Record<string, number>).to_exited_pods > 100);
  assert.ok((r.metrics.requests_unfinished as number) >= (r.metrics.stale_endpoint_connections as Record<string, number>).to_exited_pods);
  const drops = r.metrics.drops_per_s as Record<string, number>;
  assert.ok(drops.node_gone > 0, 'the lost SYNs are listed');
  const sum = (x: Record<string, number>) => Object.values(x).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum(drops) - sum(r.metrics.drops_by_station_per_s as Record<string, number>)) < 1e-9, 'every dropped packet has a listed reason');
});

test('one replica, maxUnavailable 1: between the node\'s sync of the old pod\'s exit and of the new pod\'s readiness, the client node rejects', () => {
  const { r } = run({}, 1);
  const f = r.metrics.requests_failed as Record<string, number>;
  const stale = r.metrics.stale_endpoint_connections as Record<string, number>;
  const rejected = Math.round((r.metrics.drops_per_s as Record<string, number>).no_endpoints * 20);
  // Each rejection is one SYN refused on the client's node; the other refusals are the stale
  // connections' RSTs from the exited pod.
  assert.equal(rejected, f.refused - stale.to_exited_pods);
  // The window opens when a node has the old pod's exit and closes when it has the new pod ready:
  // the readiness delay, 3 s, the programming latency at both ends alike.
  const expected = rateRps * 3;
  assert.ok(Math.abs(rejected - expected) <= 3 * Math.sqrt(expected), `rejected ${rejected} vs ${expected} ± ${(3 * Math.sqrt(expected)).toFixed(1)}`);
  assert.equal(f.timeout + f.reset, 0);
});
