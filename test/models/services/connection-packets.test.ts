/**
 * The userspace proxy relays request/response traffic segment by segment: a message of n MSS-sized
 * segments costs the proxy thread n relays (relaySegmentNs each), so with large responses the
 * achieved request rate is the proxy thread's closed form, 1 / (the relays of one request).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServiceModel, runServiceReplication } from '../../../experiments/service-experiment.ts';
import type { ModelConfig, ServiceModelConfig } from '../../../models/model-config.ts';
import { costProfiles } from '../../../models/profiles/cost-profile.ts';
import { relaySegmentNs } from '../../../models/services/userspace-proxier.ts';

const profile = costProfiles['xeon-2019-10gbe'];

function model(durationNs: number, warmupNs: number): ModelConfig {
  return {
    profile: 'xeon-2019-10gbe', costs: {},
    cluster: { nodes: 2, coresPerNode: 8, rxQueues: 8, linkGbps: 10 },
    network: { backend: 'host-gw' },
    workload: {
      kind: 'request-response', clientNode: 0, serverNode: 1, arrival: { kind: 'open', rateRps: 1 },
      requestBytes: 64, responseBytes: 64, serviceTime: { kind: 'constant', valueNs: 0 },
    },
    run: { durationNs, warmupNs },
  };
}

function userspace(concurrency: number, responseBytes: number): ServiceModelConfig {
  return {
    addressing: { clusterCidr: '10.0.0.0/11', nodeCidrMaskSize: 24, nodes: 2, podsPerNode: 110 },
    catalogue: { services: 10, endpointsPerService: 1, nodePortServices: 0, targetServices: 1, popularity: { kind: 'uniform' }, placement: 'otherNodes' },
    proxy: { mode: 'userspace', version: 'current', scheduler: 'rr', via: 'clusterIP' },
    conntrack: { max: null, buckets: null, timeoutsNs: {}, sampleNs: 1e9 },
    traffic: {
      clientNodes: [0], arrival: { kind: 'closed', concurrency, thinkNs: 0 }, clientCpu: { perRequestNs: 0, perConnectionNs: 0 },
      clientThreads: 8, serverThreads: null, requestsPerConnection: 1e9,
      requestBytes: 64, responseBytes, serviceTime: { kind: 'constant', valueNs: 0 }, dnsServiceNs: null,
    },
  };
}

/** Payloads of a message's MSS-sized segments. */
function segments(bytes: number, mss: number): number[] {
  const n = Math.ceil(bytes / mss);
  return Array.from({ length: n }, (_, i) => (i < n - 1 ? mss : bytes - mss * (n - 1)));
}

test('a sequential client: each request costs the proxy 1 + n relays for a response of n segments', () => {
  const m = buildServiceModel(model(10e6, 0), userspace(1, 16_384), 1, 0);
  let answered = 0;
  m.traffic.answered.subscribe(() => answered++);
  m.sim.run({ untilNs: 10e6 });
  const n = segments(16_384, m.cluster.mssBytes).length;
  assert.equal(n, 12);
  const relays = m.cluster.node(0).station('proxy')!.served - 1; // less the one accept
  assert.ok(answered > 50, `${answered} requests`);
  assert.ok(relays >= answered * (1 + n) && relays < (answered + 1) * (1 + n), `${relays} relays for ${answered} requests`);
});

test('64 KiB responses through the userspace proxy: the proxy thread is the bottleneck, requests/s = 1 / its relays per request', () => {
  const r = runServiceReplication(model(100e6, 5e6), userspace(4, 65_536), 1, 0);
  const mss = 1448;
  const perRequestNs = relaySegmentNs(profile, 64) + segments(65_536, mss).reduce((t, b) => t + relaySegmentNs(profile, b), 0);
  const expected = 1e9 / perRequestNs;
  const got = r.metrics.requests_per_s as number;
  assert.ok((r.metrics.cpu_cores_by_station as Record<string, number>)['client_node.proxy'] > 0.99, 'the proxy thread is saturated');
  assert.ok(Math.abs(got / expected - 1) < 0.03, `${got.toFixed(0)} vs closed form ${expected.toFixed(0)} requests/s`);
  // One relay per message would have let 1 / (relay(64) + relay(65,536)) through: over 10x more.
  assert.ok(got * 10 < 1e9 / (relaySegmentNs(profile, 64) + relaySegmentNs(profile, 65_536)));
});
