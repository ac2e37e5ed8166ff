/**
 * Service traffic against closed forms: a sequential client's request time is the sum of the
 * stage times on the idle path, exactly; N closed-loop users on one exponential server thread give
 * the machine-repairman throughput and response time; closed-loop throughput obeys Little's law;
 * each connection's own source port spreads connections over the receiving node's RSS queues; a
 * pod that exits FINs its idle pooled connections (discarded, none fails) and RSTs those whose
 * request it holds (each `reset` once, no response).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServiceModel, runServiceReplication } from '../../../experiments/service-experiment.ts';
import type { Segment } from '../../../models/datapath/cluster.ts';
import type { ServiceModelConfig } from '../../../models/model-config.ts';
import type { Arrival } from '../../../models/workloads/request-response.ts';
import type { DistributionSpec } from '../../../sim/index.ts';
import { machineRepairman } from '../../sim/queueing-formulas.ts';
import { recorded } from '../../sim/recorded.ts';
import { serviceFrame } from '../service-frame.ts';
import { TraceSource } from '../../../sim/index.ts';
import type { EndpointFate } from '../../../models/control-plane/programmed-endpoints.ts';
import type { FailureCause } from '../../../models/workloads/service-traffic.ts';


interface Setup {
  arrival: Arrival;
  serviceTime: DistributionSpec;
  perConnection?: number;
  serverThreads?: number | null;
  perRequestNs?: number;
}

function services(s: Setup): ServiceModelConfig {
  return {
    addressing: { clusterCidr: '10.0.0.0/11', nodeCidrMaskSize: 24, nodes: 2, podsPerNode: 110 },
    catalogue: { groups: [{ count: 1000, endpointsPerService: 1 }], nodePortServices: 0, targetServices: 1, popularity: { kind: 'uniform' }, placement: 'otherNodes' },
    proxy: { mode: 'iptables', version: 'current', scheduler: 'rr', via: 'clusterIP' },
    conntrack: { max: null, buckets: null, timeoutsNs: {}, sampleNs: 1e9 },
    traffic: {
      clientNodes: [0], arrival: s.arrival, clientCpu: { perRequestNs: s.perRequestNs ?? 0, perConnectionNs: 0 },
      clientThreads: 8, serverThreads: s.serverThreads ?? null, requestsPerConnection: s.perConnection ?? 1e9,
      requestBytes: 64, responseBytes: 1024, serviceTime: s.serviceTime, dns: null,
    },
  };
}

const sequential: Arrival = { kind: 'closed', concurrency: 1, thinkNs: 0 };

test('a sequential client: each request takes the sum of its stage times on the idle path, exactly', () => {
  const s = services({ arrival: sequential, serviceTime: { kind: 'constant', valueNs: 50_000 }, perRequestNs: 7_000 });
  const m = buildServiceModel(serviceFrame(20e6, 1e6, 2), s, 1, 0);
  const times: number[] = [];
  m.traffic.answered.subscribe((issuedNs) => {
    if (issuedNs >= 1e6) times.push(m.sim.now - issuedNs);
  });
  m.sim.run({ untilNs: 21e6 });
  const { cluster, proxy, conntrack } = m;
  const client = { name: 'client-0', node: 0 }, server = { name: 'endpoints@node-1', node: 1 };
  const segment = (bytes: number): Segment => ({ payloadBytes: bytes, messageBytes: bytes, first: true, last: true });
  const stageNs = (from: typeof client, to: typeof client, bytes: number) => cluster.stages(from, to, segment(bytes)).reduce((t, st) => t + st.ns, 0);
  const hit = (node: number) => conntrack(node).lookupNs(true);
  const hooksNs = hit(0) + proxy.translateNs + hit(1) + 2 * proxy.filterNs;
  const expected = 7_000 + stageNs(client, server, 64) + hooksNs + 50_000 + stageNs(server, client, 1024) + hooksNs;
  assert.ok(times.length > 100, `${times.length} requests`);
  assert.deepEqual(new Set(times), new Set([expected]));
  assert.equal(m.traffic.connections, 1);
});

test('N closed-loop users on one exponential server thread: machine-repairman throughput and response time within 3%', () => {
  const thinkNs = 3e6, sNs = 1e6;
  // The delay every request spends off the server thread: the idle path of a request with no work.
  const idle = runServiceReplication(serviceFrame(20e6, 1e6, 2), services({ arrival: sequential, serviceTime: { kind: 'constant', valueNs: 0 }, serverThreads: 1 }), 1, 0);
  const pathNs = recorded(idle.metrics.request_latency_ms).mean * 1e6;
  for (const n of [2, 4, 8]) {
    const s = services({ arrival: { kind: 'closed', concurrency: n, thinkNs }, serviceTime: { kind: 'exponential', meanNs: sNs }, serverThreads: 1 });
    const r = runServiceReplication(serviceFrame(40e9, 0.5e9, 2), s, 5, 0);
    const mr = machineRepairman(n, sNs, thinkNs + pathNs);
    const x = r.metrics.requests_per_s as number;
    const rMs = recorded(r.metrics.request_latency_ms).mean;
    const xRef = mr.throughputPerNs * 1e9, rRef = (mr.responseNs + pathNs) / 1e6;
    assert.ok(Math.abs(x / xRef - 1) < 0.03, `N=${n} throughput ${x.toFixed(1)} vs ${xRef.toFixed(1)}/s`);
    assert.ok(Math.abs(rMs / rRef - 1) < 0.03, `N=${n} response ${rMs.toFixed(4)} vs ${rRef.toFixed(4)} ms`);
  }
});

test('closed loop, a new connection per request: throughput is users / (response time + think time) (Little)', () => {
  const n = 20, thinkNs = 200_000;
  const s = services({ arrival: { kind: 'closed', concurrency: n, thinkNs }, serviceTime: { kind: 'exponential', meanNs: 50_000 }, perConnection: 1, perRequestNs: 11_000 });
  const r = runServiceReplication(serviceFrame(1e9, 0.1e9, 2), s, 3, 0);
  const x = r.metrics.requests_per_s as number;
  const rNs = recorded(r.metrics.request_latency_ms).mean * 1e6;
  assert.ok(Math.abs((x * (rNs + thinkNs)) / 1e9 / n - 1) < 0.01, `${x} × (${rNs} + ${thinkNs}) ns vs ${n} users`);
  assert.ok((r.metrics.connections_opened as number) >= (x * 0.9) - n, 'a connection per request');
});

/** Packets each of node 1's receive queues took, busiest first. */
function queueLoads(s: ServiceModelConfig, durationNs: number): { loads: number[]; connections: number } {
  const m = buildServiceModel(serviceFrame(durationNs, 0, 2), s, 2, 0);
  m.sim.run({ untilNs: durationNs });
  return { loads: m.cluster.node(1).softirq.map((q) => q.served).sort((a, b) => b - a), connections: m.traffic.connections };
}

test('RSS over connections: 1,000 connections between two nodes spread over 8 queues (busiest <= 1.3/8); one connection uses one queue', () => {
  const many = queueLoads(services({ arrival: { kind: 'open', rateRps: 20_000 }, serviceTime: { kind: 'constant', valueNs: 10_000 }, perConnection: 1 }), 60e6);
  assert.ok(many.connections >= 1000, `${many.connections} connections`);
  const total = many.loads.reduce((a, b) => a + b, 0);
  assert.ok(many.loads[0] / total <= 1.3 / 8, `busiest queue ${many.loads[0]} of ${total} (${((many.loads[0] / total) * 8).toFixed(3)}/8)`);
  const one = queueLoads(services({ arrival: sequential, serviceTime: { kind: 'constant', valueNs: 10_000 } }), 5e6);
  assert.equal(one.connections, 1);
  assert.ok(one.loads[0] > 50);
  assert.deepEqual(one.loads.slice(1), [0, 0, 0, 0, 0, 0, 0]);
});

/** An endpoint fate whose endpoint 0 of Service 0 exits when the test says; every SYN served. */
function exitingFate(): EndpointFate & { exited: TraceSource<number> } {
  return { service: 0, exited: new TraceSource<number>(), rejectNs: 0, rejects: () => false, synArrives: () => 'served', gone: () => false };
}

test('an exiting pod FINs its idle pooled connections: the clients discard them and open new ones, none fails', () => {
  // Three users on pooled connections, each idle between 0.2 and 10 ms; the pod exits at 5 ms.
  const run = (exit: boolean) => {
    const m = buildServiceModel(serviceFrame(30e6, 0, 2), services({ arrival: { kind: 'closed', concurrency: 3, thinkNs: 10e6 }, serviceTime: { kind: 'constant', valueNs: 10_000 } }), 1, 0);
    const fate = exitingFate();
    m.traffic.endpointFate = fate;
    if (exit) m.sim.at(5e6, () => fate.exited.emit(0));
    let answered = 0;
    m.traffic.answered.subscribe(() => answered++);
    m.sim.run({ untilNs: 30e6 });
    return { connections: m.traffic.connections, failed: m.traffic.failed + m.traffic.lost, answered, carrier: m.cluster.carrier };
  };
  const stay = run(false), exit = run(true);
  assert.deepEqual([stay.connections, stay.failed, stay.answered], [3, 0, 9]);
  assert.deepEqual([exit.connections, exit.failed, exit.answered], [6, 0, 9], 'three discarded, three opened in their place');
  exit.carrier.checkConservation();
});

test('an exiting pod RSTs the connections whose requests it holds: each fails `reset` once, with no response', () => {
  // Two users whose requests the server holds 10 ms; the pod exits at 5 ms, mid-service.
  const s = services({ arrival: { kind: 'closed', concurrency: 2, thinkNs: 50e6 }, serviceTime: { kind: 'constant', valueNs: 10e6 } });
  const m = buildServiceModel(serviceFrame(20e6, 0, 2), s, 1, 0);
  const fate = exitingFate();
  m.traffic.endpointFate = fate;
  m.sim.at(5e6, () => fate.exited.emit(0));
  const failures: FailureCause[] = [];
  let answered = 0;
  m.traffic.failures.subscribe((f) => failures.push(f.cause));
  m.traffic.answered.subscribe(() => answered++);
  m.sim.run({ untilNs: 20e6 });
  assert.deepEqual(failures, ['reset', 'reset']);
  assert.equal(answered, 0, 'the killed server sends no response');
  assert.equal(m.traffic.connections, 2, 'the users think 50 ms: no new connection yet');
  m.cluster.carrier.checkConservation();
});
