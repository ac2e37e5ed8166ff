/**
 * The control plane across a cluster: network programming latency grows with Services for
 * full-restore iptables and partial restore shortens it, IPVS and nftables stay flat, a sync on a
 * node's only core delays that node's packets, and a run is a function of its seed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ControlPlaneConfig } from '../../../models/control-plane/control-plane.ts';
import { recorded } from '../../sim/recorded.ts';
import type { ModelConfig } from '../../../models/model-config.ts';
import { runReplication } from '../../../experiments/experiment.ts';

const s = 1e9;

function config(cp: Partial<ControlPlaneConfig>, cores = 4, nodes = 20): ModelConfig {
  return {
    profile: 'xeon-2019-10gbe',
    costs: {},
    cluster: { nodes, coresPerNode: cores, rxQueues: cores, linkGbps: 10 },
    network: { backend: 'host-gw' },
    workload: {
      kind: 'request-response', clientNode: 0, serverNode: 1, arrival: { kind: 'open', rateRps: 200 },
      requestBytes: 64, responseBytes: 1024, serviceTime: { kind: 'exponential', meanNs: 20_000 },
    },
    run: { durationNs: 60 * s, warmupNs: 10 * s },
    controlPlane: {
      mode: 'iptables', version: 'current', groups: [{ count: 1000, endpointsPerService: 10 }], nodePortServices: 0,
      minSyncPeriodNs: 1 * s, syncPeriodNs: 30 * s, burstSyncs: 2, watchDelay: { meanNs: 20e6, cv: 1 },
      churn: { podEventsPerS: 2, rollingUpdatesPerS: 0.02, rollingStepNs: 2 * s, scaleUpsPerS: 0.02, scaleUpPods: 5 },
      ...cp,
    },
  };
}

const latency = (cp: Partial<ControlPlaneConfig>) =>
  recorded(runReplication(config(cp), 1, 0).metrics.programming_latency_ms);

test('full-restore iptables: programming latency grows with Services; partial restore shortens it', () => {
  const full = [1000, 5000].map((services) => latency({ mode: 'iptables', groups: [{ count: services, endpointsPerService: 10 }] }));
  assert.ok(full[1].p50 > 2 * full[0].p50, `p50 ${full[0].p50} → ${full[1].p50} ms`);
  assert.ok(full[1].p99 > full[0].p99, `p99 ${full[0].p99} → ${full[1].p99} ms`);
  const partial = latency({ mode: 'iptables-partial', groups: [{ count: 5000, endpointsPerService: 10 }] });
  assert.ok(partial.p50 < full[1].p50 / 2, `p50 partial ${partial.p50} vs full ${full[1].p50} ms`);
  assert.ok(partial.count > 0 && full[1].count > 0);
});

test('IPVS and nftables: programming latency flat from 1,000 to 20,000 Services, bounded by minSyncPeriod', () => {
  for (const mode of ['ipvs', 'nftables'] as const) {
    const [small, big] = [1000, 20000].map((services) => latency({ mode, groups: [{ count: services, endpointsPerService: 10 }] }));
    // Only chance differs: two changes to one Service in a batch are likelier among 1,000.
    for (const q of ['mean', 'p50', 'p99'] as const) {
      assert.ok(Math.abs(big[q] / small[q] - 1) < 0.01, `${mode} ${q}: ${small[q]} vs ${big[q]} ms`);
    }
    assert.ok(small.p99 < 1500, `${mode}: p99 ${small.p99} ms`);
  }
});

test('a sync on a node\'s only core delays its packets: request latency rises', () => {
  const quiet = recorded(runReplication(config({ mode: 'ipvs' }, 1), 1, 0).metrics.request_latency_ms);
  const busy = recorded(runReplication(config({ mode: 'iptables', groups: [{ count: 5000, endpointsPerService: 10 }] }, 1), 1, 0).metrics.request_latency_ms);
  assert.ok(busy.p99 > 100 * quiet.p99, `p99 ${quiet.p99} → ${busy.p99} ms`);
});

test('sync CPU per node: a full restore every sync costs far more than partial', () => {
  const cores = (mode: ControlPlaneConfig['mode']) =>
    (runReplication(config({ mode, groups: [{ count: 5000, endpointsPerService: 10 }] }), 1, 0).metrics.cpu_cores as Record<string, number>).kube_proxy_node_mean;
  const full = cores('iptables'), partial = cores('iptables-partial'), ipvs = cores('ipvs');
  assert.ok(full > 3 * partial && partial > 3 * ipvs && ipvs > 0, `${full} ${partial} ${ipvs}`);
});

test('deterministic: the same seed gives the same metrics, another seed others', () => {
  const cp = { mode: 'iptables-partial' as const, groups: [{ count: 2000, endpointsPerService: 10 }] };
  const a = JSON.stringify(runReplication(config(cp), 3, 0));
  assert.equal(JSON.stringify(runReplication(config(cp), 3, 0)), a);
  assert.notEqual(JSON.stringify(runReplication(config(cp), 4, 0)), a);
});
