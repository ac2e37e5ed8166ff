/**
 * What each packet of a proxied connection pays where, against hand-computed costs: an established
 * packet pays a conntrack hit and the translation on the client's node and a hit on the
 * endpoint's (none there when both ends share a node), plus the filter table on each crossing; a
 * message goes as MSS-sized segments and is done when the last arrives; the userspace proxy's
 * relay and accept cost what their system calls, copies and TCP work add up to. A new connection
 * sends SYN, SYN-ACK, ACK, request, response, FIN, FIN-ACK, ACK and one selection; a kept-alive
 * one, request and response only. Through the userspace proxy a message of n segments costs n
 * relays, so with large responses the request rate is the proxy thread's closed form.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation, Streams } from '../../../sim/index.ts';
import { Cluster, type Pod, type Segment } from '../../../models/datapath/cluster.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { HostGwBackend } from '../../../models/backends/host-gw-backend.ts';
import { ConntrackTable, kubeProxyTimeoutsNs } from '../../../models/netfilter/conntrack-table.ts';
import { IptablesProxier } from '../../../models/services/iptables-proxier.ts';
import { relaySegmentNs, UserspaceProxier } from '../../../models/services/userspace-proxier.ts';
import { ConnectionPackets, control } from '../../../models/services/connection-packets.ts';
import type { ServiceCatalogueConfig } from '../../../models/services/service-catalogue.ts';
import { buildServiceModel, runServiceReplication } from '../../../experiments/service-experiment.ts';
import type { ServiceModelConfig } from '../../../models/model-config.ts';
import { serviceFrame } from '../service-frame.ts';

const costs = costProfiles['xeon-2019-10gbe'];
const services: ServiceCatalogueConfig = { services: 100, endpointsPerService: 1, nodePortServices: 0, targetServices: 1, popularity: { kind: 'uniform' } };
const client: Pod = { name: 'client-0', node: 0 };
const server: Pod = { name: 'endpoints@node-1', node: 1 };

/** Node 0's table holds 8 entries in 4 buckets (chain 2: a hit walks 1 entry, 150 + 80 = 230 ns),
 *  node 1's 4 in 4 (chain 1: a hit walks half of one, 150 + 40 = 190 ns). */
function setup(proxyKind: 'iptables' | 'userspace' = 'iptables') {
  const sim = new Simulation();
  const cluster = new Cluster(sim, { nodes: 2, coresPerNode: 2, rxQueues: 2, linkGbps: 10 }, costs, new HostGwBackend(), true);
  const proxy = proxyKind === 'iptables'
    ? new IptablesProxier('current', 'clusterIP', services, costs, new Streams(1, 0))
    : new UserspaceProxier('clusterIP', services, costs, new Streams(1, 0));
  const tables = [0, 1].map(() => new ConntrackTable({ max: 100, buckets: 4, timeoutsNs: kubeProxyTimeoutsNs }, costs));
  for (let i = 0; i < 8; i++) tables[0].insert(0, 'established');
  for (let i = 0; i < 4; i++) tables[1].insert(0, 'established');
  const packets = new ConnectionPackets(cluster, proxy, (n) => tables[n]);
  return { sim, cluster, proxy, packets };
}

const ends = { client: { node: 0, pod: client }, node: 1, server };
const stageNs = (c: Cluster, from: Pod, to: Pod, seg: Segment) => c.stages(from, to, seg).reduce((t, s) => t + s.ns, 0);

test('an established packet: hit + translation (100 ns) on the client\'s node, a hit on the endpoint\'s; none there on one node', () => {
  const { packets } = setup();
  assert.deepEqual(packets.toServer(ends), { senderNs: 230 + 100, receiverNs: 190 });
  assert.deepEqual(packets.toClient(ends), { senderNs: 190, receiverNs: 230 + 100 });
  const local = { client: { node: 0, pod: client }, node: 0, server: { name: 'endpoints@node-0', node: 0 } };
  assert.deepEqual(packets.toServer(local), { senderNs: 330, receiverNs: 0 });
  assert.deepEqual(packets.toClient(local), { senderNs: 0, receiverNs: 330 });
  assert.equal(packets.lookup(0, 0), 0);
  assert.equal(packets.lookup(0, 1), 190);
});

test('send: on an idle path the packet arrives after its stages, its hooks and the filter table on both crossings; left fires first', () => {
  const { sim, cluster, proxy, packets } = setup();
  const log: [string, number][] = [];
  packets.send(client, server, control, { senderNs: 1000, receiverNs: 2000, leftSender: () => { log.push(['left', sim.now]); } }, (x: string) => log.push([x, sim.now]), 'syn');
  sim.run();
  const at = log.find(([x]) => x === 'syn')![1];
  assert.equal(at, stageNs(cluster, client, server, control) + 1000 + 2000 + 2 * proxy.filterNs);
  assert.equal(log[0][0], 'left');
  assert.ok(log[0][1] < at);
  assert.equal(cluster.carrier.delivered, 1);
});

test('a 4,000-byte message goes as 1448 + 1448 + 1104 byte segments and is done once, when all three have arrived', () => {
  const { sim, cluster, packets } = setup();
  assert.equal(cluster.mssBytes, 1448);
  const done: number[] = [];
  packets.message(ends, 4000, true, () => done.push(sim.now));
  sim.run();
  assert.equal(done.length, 1);
  assert.equal(cluster.carrier.sent, 3);
  assert.equal(cluster.carrier.delivered, 3);
  const seg = (payloadBytes: number, first: boolean, last: boolean): Segment => ({ payloadBytes, messageBytes: 4000, first, last });
  const expected = [seg(1448, true, false), seg(1448, false, false), seg(1104, false, true)]
    .reduce((n, s) => n + cluster.path(client, server, s).wireBytes, 0);
  assert.equal(cluster.carrier.wireBytes, expected);
  // A message that fits one segment is one packet.
  packets.message(ends, 1448, false, () => done.push(sim.now));
  sim.run();
  assert.equal(cluster.carrier.sent, 4);
  assert.equal(done.length, 2);
});

test('the userspace proxy: a relay of a 100-byte segment costs 2500 + 2 × 250 + 2 × 0.1 × 100 + 1500 + 1500 ns, an accept 2500 + 500 + 5000 + 5000 ns', () => {
  const { sim, cluster, packets } = setup('userspace');
  assert.equal(relaySegmentNs(costs, 100), 6020);
  const log: [string, number][] = [];
  packets.accept(0, () => log.push(['accept', sim.now]));
  sim.run();
  assert.deepEqual(log, [['accept', 13_000]]);
  assert.equal(cluster.node(0).station('proxy')!.served, 1);
});


function traffic(requestsPerConnection: number): ServiceModelConfig {
  return {
    addressing: { clusterCidr: '10.0.0.0/11', nodeCidrMaskSize: 24, nodes: 2, podsPerNode: 110 },
    catalogue: { services: 100, endpointsPerService: 1, nodePortServices: 0, targetServices: 1, popularity: { kind: 'uniform' }, placement: 'otherNodes' },
    proxy: { mode: 'iptables', version: 'current', scheduler: 'rr', via: 'clusterIP' },
    conntrack: { max: null, buckets: null, timeoutsNs: {}, sampleNs: 1e9 },
    traffic: {
      clientNodes: [0], arrival: { kind: 'closed', concurrency: 1, thinkNs: 0 }, clientCpu: { perRequestNs: 0, perConnectionNs: 0 },
      clientThreads: 1, serverThreads: null, requestsPerConnection,
      requestBytes: 64, responseBytes: 1024, serviceTime: { kind: 'constant', valueNs: 10_000 }, dns: null,
    },
  };
}

/** Packets sent between consecutive answers of a sequential client, selections and conntrack
 *  entries on each node, over 5 ms. */
function perRequest(requestsPerConnection: number) {
  const m = buildServiceModel(serviceFrame(5e6), traffic(requestsPerConnection), 1, 0);
  const sentAt: number[] = [];
  let selections = 0;
  m.traffic.answered.subscribe(() => sentAt.push(m.cluster.carrier.sent));
  m.traffic.selected.subscribe(() => selections++);
  m.sim.run({ untilNs: 5e6 });
  const deltas = new Set(sentAt.slice(1).map((n, i) => n - sentAt[i]));
  return { answered: sentAt.length, first: sentAt[0], deltas, selections, entries: [m.conntrack(0).entries, m.conntrack(1).entries], connections: m.traffic.connections };
}

test('a new connection per request: 8 packets and a selection each; kept alive: 2 packets, one selection and one entry per node in all', () => {
  const fresh = perRequest(1);
  assert.ok(fresh.answered > 50, `${fresh.answered} answered`);
  // SYN, SYN-ACK, ACK and the request before the first answer's response; then the previous
  // connection's FIN, FIN-ACK, ACK and the next one's five.
  assert.equal(fresh.first, 5);
  assert.deepEqual(fresh.deltas, new Set([8]));
  assert.ok(fresh.connections === fresh.answered || fresh.connections === fresh.answered + 1, `${fresh.connections} connections`);
  assert.equal(fresh.selections, fresh.connections);
  assert.deepEqual(fresh.entries, [fresh.connections, fresh.connections]);
  const kept = perRequest(1e9);
  assert.ok(kept.answered > fresh.answered);
  assert.equal(kept.first, 5);
  assert.deepEqual(kept.deltas, new Set([2]));
  assert.equal(kept.selections, 1);
  assert.deepEqual(kept.entries, [1, 1]);
});


function userspace(concurrency: number, responseBytes: number): ServiceModelConfig {
  return {
    addressing: { clusterCidr: '10.0.0.0/11', nodeCidrMaskSize: 24, nodes: 2, podsPerNode: 110 },
    catalogue: { services: 10, endpointsPerService: 1, nodePortServices: 0, targetServices: 1, popularity: { kind: 'uniform' }, placement: 'otherNodes' },
    proxy: { mode: 'userspace', version: 'current', scheduler: 'rr', via: 'clusterIP' },
    conntrack: { max: null, buckets: null, timeoutsNs: {}, sampleNs: 1e9 },
    traffic: {
      clientNodes: [0], arrival: { kind: 'closed', concurrency, thinkNs: 0 }, clientCpu: { perRequestNs: 0, perConnectionNs: 0 },
      clientThreads: 8, serverThreads: null, requestsPerConnection: 1e9,
      requestBytes: 64, responseBytes, serviceTime: { kind: 'constant', valueNs: 0 }, dns: null,
    },
  };
}

/** Payloads of a message's MSS-sized segments. */
function segments(bytes: number, mss: number): number[] {
  const n = Math.ceil(bytes / mss);
  return Array.from({ length: n }, (_, i) => (i < n - 1 ? mss : bytes - mss * (n - 1)));
}

test('a sequential client: each request costs the proxy 1 + n relays for a response of n segments', () => {
  const m = buildServiceModel(serviceFrame(10e6, 0), userspace(1, 16_384), 1, 0);
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
  const r = runServiceReplication(serviceFrame(100e6, 5e6), userspace(4, 65_536), 1, 0);
  const mss = 1448;
  const perRequestNs = relaySegmentNs(costs, 64) + segments(65_536, mss).reduce((t, b) => t + relaySegmentNs(costs, b), 0);
  const expected = 1e9 / perRequestNs;
  const got = r.metrics.requests_per_s as number;
  assert.ok((r.metrics.cpu_cores_by_station as Record<string, number>)['client_node.proxy'] > 0.99, 'the proxy thread is saturated');
  assert.ok(Math.abs(got / expected - 1) < 0.03, `${got.toFixed(0)} vs closed form ${expected.toFixed(0)} requests/s`);
  // One relay per message would have let 1 / (relay(64) + relay(65,536)) through: over 10x more.
  assert.ok(got * 10 < 1e9 / (relaySegmentNs(costs, 64) + relaySegmentNs(costs, 65_536)));
});
