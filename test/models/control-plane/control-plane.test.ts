/**
 * The control plane across a cluster: network programming latency grows with Services for
 * full-restore iptables and partial restore shortens it, IPVS and nftables stay flat but for
 * kube-proxy's own O(Services + endpoints) work, the API server's fan-out queue delays the last
 * nodes, a restarted kube-proxy's first sync is its start-up sync, a sync on a node's only core
 * delays that node's packets (by the whole sync, or by a scheduler slice when time-sliced), and a
 * run is a function of its seed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ControlPlaneConfig } from '../../../models/control-plane/control-plane.ts';
import { recorded } from '../../sim/recorded.ts';
import type { ModelConfig } from '../../../models/model-config.ts';
import { runReplication } from '../../../experiments/experiment.ts';
import { ProxierSyncCost } from '../../../models/control-plane/proxier-sync-cost.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';

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
      fanout: { egressGbps: 10, eventFixedBytes: 500, eventBytesPerEndpoint: 300 },
      syncCosts: { userspace: true, iptablesSave: true, nftablesListEverySync: false },
      restart: { nodes: 0, atNs: 20 * s },
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

/** Changed Services of 10 endpoints (the scenarios' size) and endpoints changed. */
const ch = (services: number, endpoints: number) => ({ services, serviceEndpoints: 10 * services, endpoints });
const noUserspace = { userspace: false, iptablesSave: true, nftablesListEverySync: false };

test('IPVS and nftables: without kube-proxy\'s own work, programming latency flat from 1,000 to 20,000 Services', () => {
  for (const mode of ['ipvs', 'nftables'] as const) {
    const [small, big] = [1000, 20000].map((services) => latency({ mode, groups: [{ count: services, endpointsPerService: 10 }], syncCosts: noUserspace }));
    // Only chance differs: two changes to one Service in a batch are likelier among 1,000.
    for (const q of ['mean', 'p50', 'p99'] as const) {
      assert.ok(Math.abs(big[q] / small[q] - 1) < 0.01, `${mode} ${q}: ${small[q]} vs ${big[q]} ms`);
    }
    assert.ok(small.p99 < 1500, `${mode}: p99 ${small.p99} ms`);
  }
});

test('IPVS and nftables: kube-proxy\'s own work makes a sync, and so programming latency, grow with Services', () => {
  for (const mode of ['ipvs', 'nftables'] as const) {
    const [small, big] = [1000, 20000].map((services) => latency({ mode, groups: [{ count: services, endpointsPerService: 10 }] }));
    const perSync = (services: number) => new ProxierSyncCost(mode, { groups: [{ count: services, endpointsPerService: 10 }], version: 'current' }, costProfiles['xeon-2019-10gbe']).syncNs('incremental', ch(1, 1)) / 1e6;
    const grown = perSync(20000) - perSync(1000);
    assert.ok(big.p50 - small.p50 > 0.8 * grown, `${mode}: p50 ${small.p50} → ${big.p50} ms, a sync ${grown.toFixed(0)} ms longer`);
  }
});

test('the fan-out queue: the last of 20 nodes gets a change 20 event transmissions after it is published', () => {
  // 3.5 KB events at 0.004 Gbit/s: 7 ms per watcher, 140 ms for 20 nodes (the queue 34% busy at
  // 2.4 changes/s); constant watch delay.
  const fanout = { egressGbps: 0.004, eventFixedBytes: 500, eventBytesPerEndpoint: 300 };
  const run = (f: ControlPlaneConfig['fanout']) => recorded(runReplication(config({ mode: 'ipvs', fanout: f, watchDelay: { meanNs: 20e6, cv: 0 } }), 1, 0).metrics.cluster_programming_latency_ms);
  const queued = run(fanout), direct = run(null);
  assert.ok(queued.p50 - direct.p50 > 140 && queued.p50 - direct.p50 < 700, `p50 ${direct.p50} → ${queued.p50} ms`);
});

test('a restarted kube-proxy: its first sync is the start-up sync, far longer than incremental ones in every mode', () => {
  const startup: Record<string, number> = {};
  for (const mode of ['iptables-partial', 'ipvs', 'nftables'] as const) {
    const m = runReplication(config({ mode, groups: [{ count: 200, endpointsPerService: 10 }], restart: { nodes: 3, atNs: 20 * s } }), 1, 0).metrics;
    const first = recorded(m.first_sync_ms), sync = recorded(m.sync_ms);
    const cost = new ProxierSyncCost(mode, { groups: [{ count: 200, endpointsPerService: 10 }], version: 'current' }, costProfiles['xeon-2019-10gbe']).syncNs('startup', ch(0, 0)) / 1e6;
    assert.equal(first.count, 3, mode);
    assert.ok(first.p50 >= cost && first.p50 < cost + 1000, `${mode}: first sync ${first.p50} ms, start-up cost ${cost} ms`);
    assert.ok(first.p50 > 5 * sync.p50, `${mode}: first ${first.p50} vs sync p50 ${sync.p50} ms`);
    startup[mode] = first.p50;
  }
  assert.ok(startup.nftables > 10 * startup['iptables-partial'] && startup.nftables > 10 * startup.ipvs, JSON.stringify(startup));
});

test('a sync on a node\'s only core: one uninterrupted job delays its packets by the sync, time-sliced by about a slice', () => {
  const quiet = recorded(runReplication(config({ mode: 'ipvs' }, 1), 1, 0).metrics.request_latency_ms);
  const big = { mode: 'iptables' as const, groups: [{ count: 5000, endpointsPerService: 10 }] };
  const whole = recorded(runReplication(config({ ...big, uninterruptedSyncs: true }, 1), 1, 0).metrics.request_latency_ms);
  const sliced = recorded(runReplication(config(big, 1), 1, 0).metrics.request_latency_ms);
  assert.ok(whole.p99 > 100 * quiet.p99, `p99 ${quiet.p99} → ${whole.p99} ms`);
  // One core: a 0.75 ms slice; a request waits at most a slice behind the sync on each of its steps.
  assert.ok(sliced.p99 > quiet.p99 && sliced.p99 < quiet.p99 + 2 * 0.75, `p99 ${quiet.p99} → ${sliced.p99} ms`);
});

test('sync CPU per node, kernel writes only: a full restore every sync costs far more than partial', () => {
  const kernelOnly = { userspace: false, iptablesSave: false, nftablesListEverySync: false };
  const cores = (mode: ControlPlaneConfig['mode']) =>
    (runReplication(config({ mode, groups: [{ count: 5000, endpointsPerService: 10 }], syncCosts: kernelOnly }), 1, 0).metrics.cpu_cores as Record<string, number>).kube_proxy_node_mean;
  const full = cores('iptables'), partial = cores('iptables-partial'), ipvs = cores('ipvs');
  assert.ok(full > 3 * partial && partial > 3 * ipvs && ipvs > 0, `${full} ${partial} ${ipvs}`);
});

test('deterministic: the same seed gives the same metrics, another seed others', () => {
  const cp = { mode: 'iptables-partial' as const, groups: [{ count: 2000, endpointsPerService: 10 }] };
  const a = JSON.stringify(runReplication(config(cp), 3, 0));
  assert.equal(JSON.stringify(runReplication(config(cp), 3, 0)), a);
  assert.notEqual(JSON.stringify(runReplication(config(cp), 4, 0)), a);
});
