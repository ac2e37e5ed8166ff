/**
 * What the Service options do to whole runs, in exact counts where the mechanism makes them exact:
 * through a NodePort, policy Cluster masquerades every connection and sends those to endpoints on
 * other nodes on a second hop; Local masquerades none, has no second hop, walks fewer rules, and
 * with 6 endpoints spread 2, 2, 1, 1 over 4 entry nodes gives each endpoint 1/(4 × its node's
 * endpoints) of the load: 1/8, 1/8, 1/4, 1/4, 1/8, 1/8, an imbalance of 1.5. Affinity with 2
 * clients on two nodes over IPVS rr: each node's director gives its client rr's first pick,
 * endpoint 0, and every later connection follows it. Zones: cross-zone fraction 0
 * with PreferClose and an endpoint in every zone, 1 − 2/6 without hints (uniform iptables pick).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runServiceReplication } from '../../../experiments/service-experiment.ts';
import type { ModelConfig, ServiceModelConfig } from '../../../models/model-config.ts';
import type { ProxyConfig } from '../../../models/services/proxier.ts';
import type { EndpointPlacement } from '../../../models/services/service-catalogue.ts';
import { serviceFrame } from '../../models/service-frame.ts';

function model(nodes: number, clientNodes: number[], placement: EndpointPlacement, proxy: Partial<ProxyConfig>, rateRps = 4000): ServiceModelConfig {
  return {
    addressing: { clusterCidr: '10.0.0.0/11', nodeCidrMaskSize: 24, nodes, podsPerNode: 110 },
    catalogue: { groups: [{ count: 20, endpointsPerService: 6 }], nodePortServices: 20, targetServices: 1, popularity: { kind: 'uniform' }, placement },
    proxy: { mode: 'iptables', version: 'current', scheduler: 'rr', via: 'nodePort', ...proxy },
    conntrack: { max: null, buckets: null, timeoutsNs: {}, sampleNs: 1e9 },
    traffic: {
      clientNodes, arrival: { kind: 'open', rateRps }, clientCpu: { perRequestNs: 0, perConnectionNs: 0 },
      clientThreads: 8, serverThreads: null, requestsPerConnection: 1,
      requestBytes: 100, responseBytes: 1000, serviceTime: { kind: 'constant', valueNs: 10_000 }, dns: null,
    },
  };
}

function frame(nodes: number, zones?: number): ModelConfig {
  const f = serviceFrame(1e9, 0.1e9, nodes);
  return zones === undefined ? f : { ...f, cluster: { ...f.cluster, zones, zoneCrossingNs: 300_000 } };
}

const run = (nodes: number, s: ServiceModelConfig, zones?: number) => runServiceReplication(frame(nodes, zones), s, 7, 0).metrics;
const share = (m: ReturnType<typeof run>) => m.endpoint_share as Record<string, number>;

test('externalTrafficPolicy: Cluster masquerades all and takes a second hop off-node; Local none, fewer rules, 1/(H × local) shares', () => {
  const cluster = run(4, model(4, [0, 1, 2, 3], 'clientNode', { externalTrafficPolicy: 'Cluster' }));
  const local = run(4, model(4, [0, 1, 2, 3], 'clientNode', { externalTrafficPolicy: 'Local' }));
  assert.equal(cluster.masqueraded_fraction, 1);
  assert.equal(local.masqueraded_fraction, 0);
  assert.equal(local.second_hop_fraction, 0);
  // Cluster: an endpoint on the entry node with probability (its local endpoints)/6, averaged over
  // the 4 entry nodes: (2 + 2 + 1 + 1)/24 = 1/4 on-node, 3/4 on a second hop.
  assert.ok(Math.abs((cluster.second_hop_fraction as number) - 0.75) < 0.03, `${cluster.second_hop_fraction}`);
  assert.ok((local.rules_evaluated_per_connection as number) < (cluster.rules_evaluated_per_connection as number));
  const expected = [1 / 8, 1 / 8, 1 / 4, 1 / 4, 1 / 8, 1 / 8];
  expected.forEach((x, j) => assert.ok(Math.abs(share(local)[`endpoint-${j}`] - x) < 0.02, `endpoint ${j}: ${share(local)[`endpoint-${j}`]} vs ${x}`));
  assert.ok(Math.abs((local.endpoint_imbalance as number) - 1.5) < 0.1, `${local.endpoint_imbalance}`);
  for (let j = 0; j < 6; j++) assert.ok(Math.abs(share(cluster)[`endpoint-${j}`] - 1 / 6) < 0.02, `cluster endpoint ${j}`);
});

test('affinity over IPVS rr with 2 clients on two nodes: every connection goes to the endpoint each was first given (endpoint 0 takes all)', () => {
  const m = run(3, { ...model(3, [0, 1], 'otherNodes', { mode: 'ipvs', via: 'clusterIP', affinityTimeoutNs: 10800e9 }, 2000), catalogue: { groups: [{ count: 20, endpointsPerService: 6 }], nodePortServices: 0, targetServices: 1, popularity: { kind: 'uniform' }, placement: 'otherNodes' } });
  assert.equal(m.sticky_fraction, 1);
  // Each node's director is its own: both clients' first connections are rr's first pick, endpoint 0.
  assert.deepEqual(share(m), { 'endpoint-0': 1, 'endpoint-1': 0, 'endpoint-2': 0, 'endpoint-3': 0, 'endpoint-4': 0, 'endpoint-5': 0 });
  assert.equal(m.endpoint_imbalance, 6);
});

test('zones: cross-zone fraction 0 with PreferClose and an endpoint in the client\'s zone; 1 − 2/6 without hints', () => {
  // 7 nodes in 3 zones, the client on node 0 (zone 0), 6 endpoints on nodes 1..6 (2 in zone 0).
  const base = { ...model(7, [0], 'otherNodes', { via: 'clusterIP' }), catalogue: { groups: [{ count: 20, endpointsPerService: 6 }], nodePortServices: 0, targetServices: 1, popularity: { kind: 'uniform' as const }, placement: 'otherNodes' as const } };
  const close = run(7, { ...base, proxy: { ...base.proxy, trafficDistribution: 'PreferClose' } }, 3);
  const none = run(7, base, 3);
  assert.equal(close.cross_zone_fraction, 0);
  assert.equal(close.cross_zone_bytes_per_s, 0);
  assert.ok(Math.abs((none.cross_zone_fraction as number) - 4 / 6) < 0.03, `${none.cross_zone_fraction}`);
  // Bytes: 1,100 per answered cross-zone request, ~4000/s × 2/3 of them.
  assert.ok(Math.abs((none.cross_zone_bytes_per_s as number) / (4000 * (4 / 6) * 1100) - 1) < 0.05, `${none.cross_zone_bytes_per_s}`);
  // The zone crossing's 300 µs each way shows in the latency.
  const lat = (m: typeof none) => (m.request_latency_ms as { mean: number }).mean;
  assert.ok(lat(none) - lat(close) > 0.6 * (4 / 6) * 0.9, `${lat(none)} vs ${lat(close)} ms`);
});
