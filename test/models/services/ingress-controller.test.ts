/**
 * The Ingress controller: its worker costs from the profile, the pod-IP front's replica turn, and
 * small runs through it with exact counts: 4 more kernel/user crossings per request than straight
 * to the Service, an upstream connection per request without keepalive and one per endpoint with
 * it (or per request when the cache is smaller than the endpoints the balancer turns over), a TLS
 * handshake per new client connection, and at saturation the workers' closed form, throughput =
 * workers / (worker CPU per request).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelConfig, ServiceModelConfig } from '../../../models/model-config.ts';
import type { IngressConfig } from '../../../models/services/ingress-controller.ts';
import { ingressWork, PodIpFront } from '../../../models/services/ingress-controller.ts';
import type { ServiceProxy } from '../../../models/services/proxier.ts';
import { buildServiceModel, runServiceReplication } from '../../../experiments/service-experiment.ts';
import { defaultClientCpu } from '../../../models/workloads/client-application.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';

const base: ModelConfig = {
  profile: 'xeon-2019-10gbe',
  costs: {},
  cluster: { nodes: 4, coresPerNode: 8, rxQueues: 8, linkGbps: 10 },
  network: { backend: 'host-gw' },
  workload: {
    kind: 'request-response', clientNode: 0, serverNode: 1, arrival: { kind: 'open', rateRps: 1 },
    requestBytes: 64, responseBytes: 64, serviceTime: { kind: 'constant', valueNs: 0 },
  },
  run: { durationNs: 0.2e9, warmupNs: 0.05e9 },
};

const ingress = (over: Partial<IngressConfig> = {}): IngressConfig => ({ enabled: true, nodes: [0], workers: 1, upstreamKeepalive: 320, tls: false, onNodeCores: false, ...over });

/** Clients on node 3, `endpoints` endpoints on nodes 1-2 (placement otherNodes excludes node 3 only). */
function model(users: number, perConnection: number, g: IngressConfig | undefined, endpoints = 3): ServiceModelConfig {
  return {
    addressing: { clusterCidr: '10.0.0.0/16', nodeCidrMaskSize: 24, nodes: 4, podsPerNode: 110 },
    catalogue: { groups: [{ count: 1, endpointsPerService: endpoints }], nodePortServices: 0, targetServices: 1, popularity: { kind: 'uniform' }, placement: 'otherNodes' },
    proxy: { mode: 'iptables', version: 'current', scheduler: 'rr', via: 'clusterIP' },
    conntrack: { max: null, buckets: null, timeoutsNs: {}, sampleNs: 1e9 },
    traffic: {
      clientNodes: [3], arrival: { kind: 'closed', concurrency: users, thinkNs: 0 }, clientCpu: defaultClientCpu, clientThreads: 4, serverThreads: null,
      requestsPerConnection: perConnection, requestBytes: 100, responseBytes: 200,
      serviceTime: { kind: 'constant', valueNs: 20_000 }, dns: null,
    },
    ...(g ? { ingress: g } : {}),
  };
}

/** Runs a built model for `ns` and counts what it did. */
function run(s: ServiceModelConfig, ns = 0.05e9) {
  const m = buildServiceModel(base, s, 3, 0);
  let answered = 0, opened = 0, handshakes = 0, forwarded = 0;
  m.traffic.answered.subscribe(() => answered++);
  m.ingress?.upstream.opened.subscribe(() => opened++);
  m.ingress?.handshake.subscribe(() => handshakes++);
  m.ingress?.forwarded.subscribe(() => forwarded++);
  m.sim.run({ untilNs: ns });
  return { answered, opened, handshakes, forwarded, crossings: m.cluster.carrier.crossings, connections: m.traffic.connections, failed: m.ingress?.upstream.failed ?? 0 };
}

const xeon = costProfiles['xeon-2019-10gbe'];

test('worker CPU per job from the profile: 16,883 + 6,896 ns a request, accept 22,247 ns, TLS adds its handshake, record and AES-GCM bytes', () => {
  const cluster = buildServiceModel(base, model(1, 1, ingress()), 1, 0).cluster;
  const plain = ingressWork(cluster, false, 100, 200);
  assert.deepEqual(plain, { requestNs: 16_883, responseNs: 6_896, acceptNs: 22_247, connectNs: 22_247 });
  assert.equal(plain.requestNs, Math.round(xeon.nginxRequestNs + xeon.ingressLuaNs + 100 * xeon.nginxProxyNsPerByte));
  const tls = ingressWork(cluster, true, 100, 200);
  assert.deepEqual(tls, {
    requestNs: Math.round(16_870 + 3_552 + 100 * 0.36), responseNs: Math.round(6_870 + 3_552 + 200 * 0.36), acceptNs: 22_247 + 1_267_000, connectNs: 22_247,
  });
});

test('the pod-IP front: replicas in turn per client node, the unmatched nat walk, no translation', () => {
  const kube = { mode: 'iptables', rules: 99, unmatchedNs: 1234, filterNs: 56 } as unknown as ServiceProxy;
  const front = new PodIpFront(kube, 3);
  assert.deepEqual([0, 1, 2, 3].map(() => front.select(7).endpoint), [0, 1, 2, 0]);
  assert.equal(front.select(8).endpoint, 0);
  assert.deepEqual(front.select(7), { endpoint: 1, ns: 1234, rulesWalked: 0, masquerade: false });
  assert.deepEqual([front.rules, front.translateNs, front.filterNs, front.translates, front.connectNs], [99, 0, 56, false, 0]);
});

test('crossings: 4 per request straight to the Service, 8 through the Ingress (into the worker and out, each way)', () => {
  const direct = run(model(1, 1_000_000, undefined));
  const through = run(model(1, 1_000_000, ingress()));
  assert.ok(direct.answered > 100 && through.answered > 100, `${direct.answered} ${through.answered}`);
  // One request at a time: at most one is part-way when the run stops.
  assert.equal(Math.floor(direct.crossings / 4), direct.answered);
  assert.equal(Math.floor(through.crossings / 8), through.answered);
});

test('upstream connections: one per request with upstreamKeepalive 0, one per endpoint with keepalive', () => {
  const none = run(model(1, 1_000_000, ingress({ upstreamKeepalive: 0 })));
  assert.ok(none.forwarded > 100);
  assert.ok(none.opened - none.forwarded >= 0 && none.opened - none.forwarded <= 1, `${none.opened} opened, ${none.forwarded} forwarded`);
  const kept = run(model(1, 1_000_000, ingress()));
  assert.equal(kept.opened, 3);
  // A cache of 1 idle connection while the balancer turns over 3 endpoints: every request misses.
  const thrash = run(model(1, 1_000_000, ingress({ upstreamKeepalive: 1 })));
  assert.ok(thrash.opened - thrash.forwarded >= 0 && thrash.opened - thrash.forwarded <= 1, `${thrash.opened} opened, ${thrash.forwarded} forwarded`);
  // 8 users over 3 endpoints with room to cache: as many connections as were ever busy at once, at most 8 per endpoint.
  const many = run(model(8, 1_000_000, ingress({ workers: 4 })));
  assert.ok(many.opened >= 8 && many.opened <= 24, `${many.opened}`);
  assert.equal(none.failed + kept.failed + thrash.failed + many.failed, 0);
});

test('TLS: one full handshake per new client connection', () => {
  const fresh = run(model(4, 1, ingress({ tls: true, workers: 8 })));
  assert.ok(fresh.handshakes > 50);
  assert.ok(fresh.connections - fresh.handshakes >= 0 && fresh.connections - fresh.handshakes <= 4, `${fresh.connections} connections, ${fresh.handshakes} handshakes`);
  const kept = run(model(4, 1_000_000, ingress({ tls: true })));
  assert.deepEqual([kept.connections, kept.handshakes], [4, 4]);
  assert.equal(run(model(4, 1, ingress())).handshakes, 0);
});

test('saturation: throughput = workers / worker CPU per request, within 3%', () => {
  const work = 16_883 + 6_896;
  for (const workers of [1, 2]) {
    const m = runServiceReplication(base, model(64, 1_000_000, ingress({ workers })), 5, 0).metrics;
    const closed = (workers * 1e9) / work;
    const rps = m.requests_per_s as number;
    assert.ok(Math.abs(rps / closed - 1) < 0.03, `${workers} workers: ${rps} requests/s against ${closed.toFixed(0)}`);
    assert.ok(Math.abs((m.ingress_ceiling_requests_per_s as number) / closed - 1) < 0.001, `${m.ingress_ceiling_requests_per_s}`);
  }
});

test('onNodeCores: the workers queue on the node\'s cores, no station of their own', () => {
  const m = buildServiceModel(base, model(1, 1, ingress({ onNodeCores: true })), 1, 0);
  assert.equal(m.ingress!.workersOn(0), m.cluster.node(0).cpu);
  assert.ok(!m.cluster.node(0).cpuStations().some(([name]) => name === 'ingress-nginx'));
  const own = buildServiceModel(base, model(1, 1, ingress({ workers: 3 })), 1, 0);
  assert.equal(own.ingress!.workersOn(0).servers, 3);
  assert.equal(own.ingress!.workerCount, 3);
});
