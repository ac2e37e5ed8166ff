/**
 * NetworkPolicy end to end against Romana's published benchmark (published.json
 * romana-2016-network-policy): a new connection per request to a pod, N non-matching ingress
 * policies ahead of the matching one (policies.count = N + 1), enforced with iptables chains. The
 * added mean request time at N = 200, and the least-squares slope over N = 0…200, are within ±30%
 * of the published ones in the 0.5 KB and 1 KB columns; no constant is tuned to them (the rule
 * and ipset costs are kube-proxy's). With keepalive (100 requests per connection) the policies
 * add almost nothing, and eBPF enforcement adds the same at 1 and 201 policies.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import published from '../../reports/reference/published.json' with { type: 'json' };
import type { ModelConfig, ServiceModelConfig } from '../../models/model-config.ts';
import type { PolicyEnforcement } from '../../models/policy/network-policy.ts';
import { runServiceReplication } from '../../experiments/service-experiment.ts';
import { defaultClientCpu } from '../../models/workloads/client-application.ts';
import { recorded } from '../sim/recorded.ts';

const base: ModelConfig = {
  profile: 'xeon-2019-10gbe',
  costs: {},
  cluster: { nodes: 2, coresPerNode: 2, rxQueues: 2, linkGbps: 1 },
  network: { backend: 'host-gw' },
  workload: {
    kind: 'request-response', clientNode: 0, serverNode: 1, arrival: { kind: 'open', rateRps: 1 },
    requestBytes: 64, responseBytes: 64, serviceTime: { kind: 'constant', valueNs: 0 },
  },
  run: { durationNs: 1e9, warmupNs: 0.1e9 },
};

/** Romana's shape: one client pod calling one server pod by pod IP, below saturation. */
function model(ahead: number, responseBytes: number, perConnection: number, enforcement: PolicyEnforcement): ServiceModelConfig {
  return {
    addressing: { clusterCidr: '10.0.0.0/16', nodeCidrMaskSize: 24, nodes: 2, podsPerNode: 110 },
    catalogue: { services: 0, endpointsPerService: 1, nodePortServices: 0, targetServices: 1, popularity: { kind: 'uniform' }, placement: 'otherNodes' },
    proxy: { mode: 'none', version: 'current', scheduler: 'rr', via: 'clusterIP' },
    conntrack: { max: null, buckets: null, timeoutsNs: {}, sampleNs: 1e9 },
    traffic: {
      clientNodes: [0], arrival: { kind: 'open', rateRps: 500 }, clientCpu: defaultClientCpu, clientThreads: 1, serverThreads: null,
      requestsPerConnection: perConnection, requestBytes: 64, responseBytes,
      serviceTime: { kind: 'constant', valueNs: 20_000 }, dns: null,
    },
    policies: { count: ahead + 1, rulesPerPolicy: 1, selectorPods: 1, enforcement, changesPerS: 0, watchDelay: { meanNs: 1, cv: 0 } },
  };
}

const meanMs = (ahead: number, bytes: number, perConnection = 1, enforcement: PolicyEnforcement = 'iptables') =>
  recorded(runServiceReplication(base, model(ahead, bytes, perConnection, enforcement), 7, 0).metrics.request_latency_ms).mean;

const romana = published.references.find((r) => r.id === 'romana-2016-network-policy')!.points as { policies: number; response_bytes: number; ms: number }[];

const within = (x: number, ref: number, tol: number, what: string) =>
  assert.ok(Math.abs(x / ref - 1) <= tol, `${what}: ${x.toFixed(5)} vs ${ref.toFixed(5)} (${((x / ref - 1) * 100).toFixed(1)}%, allowed ±${tol * 100}%)`);

function slope(points: { x: number; y: number }[]): number {
  const mx = points.reduce((s, p) => s + p.x, 0) / points.length;
  const my = points.reduce((s, p) => s + p.y, 0) / points.length;
  return points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
}

for (const bytes of [512, 1024]) {
  test(`Romana ${bytes} B: the time 200 non-matching policies add, and the slope over 0-200, within ±30%`, () => {
    const column = romana.filter((p) => p.response_bytes === bytes);
    assert.deepEqual(column.map((p) => p.policies), [0, 10, 50, 100, 200]);
    const simulated = column.map((p) => ({ x: p.policies, y: meanMs(p.policies, bytes) }));
    within(simulated[4].y - simulated[0].y, column[4].ms - column[0].ms, 0.3, 'added at 200 policies, ms');
    within(slope(simulated), slope(column.map((p) => ({ x: p.policies, y: p.ms }))), 0.3, 'ms per policy');
  });
}

test('keepalive: 200 policies ahead add under 2% of what they add to a new connection per request', () => {
  const fresh = meanMs(200, 1024) - meanMs(0, 1024);
  const kept = meanMs(200, 1024, 100) - meanMs(0, 1024, 100);
  assert.ok(fresh > 0.02, `${fresh}`);
  assert.ok(Math.abs(kept) < 0.02 * fresh, `keepalive adds ${kept} ms, a new connection ${fresh} ms`);
});

test('eBPF: the same request time at 1 and 201 policies', () => {
  assert.equal(meanMs(200, 1024, 1, 'ebpf'), meanMs(0, 1024, 1, 'ebpf'));
});
