/**
 * A connection's life below its requests: a SYN that finds the client's conntrack table full is
 * retransmitted at 1, 2, 4 … 32 s and connect() times out after tcp_syn_retries (6), exactly; the
 * handshake's packets are conserved; a connection closed after its last request moves its
 * conntrack entries to TIME_WAIT, so once that expires the next connection can take them. With
 * an endpoint fate: a client node with no endpoint programmed refuses at once, on its own CPU.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServiceModel } from '../../../experiments/service-experiment.ts';
import type { ServiceModelConfig } from '../../../models/model-config.ts';
import type { FailureCause } from '../../../models/workloads/connection-records.ts';
import { TraceSource } from '../../../sim/index.ts';
import type { EndpointFate } from '../../../models/control-plane/programmed-endpoints.ts';
import { serviceFrame } from '../service-frame.ts';

function services(max: number | null, perConnection: number, concurrency: number, thinkNs: number, timeWaitNs?: number): ServiceModelConfig {
  return {
    addressing: { clusterCidr: '10.0.0.0/11', nodeCidrMaskSize: 24, nodes: 2, podsPerNode: 110 },
    catalogue: { groups: [{ count: 10, endpointsPerService: 1 }], nodePortServices: 0, targetServices: 1, popularity: { kind: 'uniform' }, placement: 'otherNodes' },
    proxy: { mode: 'iptables', version: 'current', scheduler: 'rr', via: 'clusterIP' },
    conntrack: { max, buckets: null, timeoutsNs: timeWaitNs === undefined ? {} : { timeWait: timeWaitNs }, sampleNs: 1e9 },
    traffic: {
      clientNodes: [0], arrival: { kind: 'closed', concurrency, thinkNs }, clientCpu: { perRequestNs: 0, perConnectionNs: 0 },
      clientThreads: 8, serverThreads: null, requestsPerConnection: perConnection,
      requestBytes: 64, responseBytes: 1024, serviceTime: { kind: 'constant', valueNs: 10_000 }, dns: null,
    },
  };
}

test('client conntrack full: SYNs at 0, 1, 3, 7, 15, 31, 63 s, then connect() times out at 127 s, exactly', () => {
  // One entry per node: user 0's pooled connection holds it, user 1's SYNs never get one.
  const m = buildServiceModel(serviceFrame(130e9, 0, 2), services(1, 1e9, 2, 1e9), 1, 0);
  const synTimes: number[] = [];
  const failures: { cause: FailureCause; afterNs: number }[] = [];
  m.cluster.carrier.drop.subscribe((d) => {
    if (d.reason === 'conntrack_full') synTimes.push(d.timeNs);
  });
  m.traffic.failures.subscribe((f) => failures.push({ cause: f.cause, afterNs: m.sim.now - f.request.issuedNs }));
  m.sim.run({ untilNs: 130e9 });
  const start = synTimes[0];
  assert.deepEqual(synTimes.map((t) => (t - start) / 1e9), [0, 1, 3, 7, 15, 31, 63]);
  // The 7th SYN's timer (64 s) runs out before connect() fails: 127 s (tcp_syn_retries = 6).
  assert.deepEqual(failures, [{ cause: 'timeout', afterNs: 127e9 }]);
  assert.equal(m.traffic.failed, 1);
  assert.equal(m.cluster.carrier.retransmits.get('syn'), 6);
  assert.equal(m.traffic.connections, 2, 'after its failure user 1 takes user 0\'s idle pooled connection');
  m.cluster.carrier.checkConservation();
});

test('one request per connection: every connection closes (FIN, FIN-ACK, ACK) into TIME_WAIT and frees its entry for the next', () => {
  // One entry per node, TIME_WAIT 1 ms, one user thinking 10 ms: each connection opens only
  // because the last one's entry left ESTABLISHED when it closed.
  const m = buildServiceModel(serviceFrame(1e9, 0, 2), services(1, 1, 1, 10e6, 1e6), 1, 0);
  let answered = 0;
  m.traffic.answered.subscribe(() => answered++);
  m.sim.run({ untilNs: 1e9 });
  assert.equal(m.traffic.failed, 0);
  assert.equal(answered, 100, 'a request every 10 ms and a bit');
  assert.equal(m.traffic.connections, answered, 'a connection per request');
  assert.equal(m.cluster.carrier.drops.get('conntrack_full') ?? 0, 0);
  m.cluster.carrier.checkConservation();
});

/** An endpoint fate the test drives: every SYN served, `over` aside. */
function fakeFate(over: Partial<EndpointFate> = {}): EndpointFate {
  return { service: 0, exited: new TraceSource<number>(), rejectNs: 0, rejects: () => false, synArrives: () => 'served', gone: () => false, ...over };
}

test('no endpoint programmed on the client node: its SYN is answered there, connect() refused after exactly the local path', () => {
  const rejectNs = 10_000;
  const m = buildServiceModel(serviceFrame(10.5e6, 0, 2), services(null, 1e9, 1, 1e6), 1, 0);
  m.traffic.endpointFate = fakeFate({ rejectNs, rejects: (_node, s) => s === 0 });
  const failures: { cause: FailureCause; afterNs: number }[] = [];
  m.traffic.failures.subscribe((f) => failures.push({ cause: f.cause, afterNs: m.sim.now - f.request.issuedNs }));
  m.sim.run({ untilNs: 10.5e6 });
  const p = m.cluster.profile;
  // connect(), the SYN out of the pod's stack and over its veth, conntrack's miss and allocation,
  // the mode's walk to the verdict; the ICMP error routed back over the veth, received, connect()
  // woken and returning.
  const localNs = p.syscallNs + p.tcpConnectNs + m.conntrack(0).lookupNs(false) + p.tcpTxNs + p.vethNs + p.conntrackInsertNs + rejectNs
    + p.routeNs + p.vethNs + p.tcpRxNs + p.wakeupNs + p.syscallNs;
  const n = Math.floor(10.5e6 / (localNs + 1e6)) + 1;
  assert.deepEqual(failures, Array.from({ length: n }, () => ({ cause: 'refused', afterNs: localNs })));
  assert.equal(m.cluster.carrier.drops.get('no_endpoints'), n);
  assert.equal(m.cluster.carrier.delivered, 0, 'no packet reached another node');
  assert.equal(m.traffic.failed, n);
  m.cluster.carrier.checkConservation();
});
