/**
 * The DNS lookup before a connection, on small timelines: one UDP query to kube-dns (the last
 * Service) with a selection and a UDP conntrack entry on each node it crosses, CoreDNS's service
 * time, an answer translated back; the lookup is done after exactly the sum of those costs on an
 * idle path, and its endpoint is released. A query dropped at a full table goes unanswered: the
 * resolver resends 5 s after the send and, after 2 attempts, fails 5 s after the last send
 * (10 s), whichever node's table was full.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation, Streams } from '../../../sim/index.ts';
import { Cluster, type Pod, type Segment } from '../../../models/datapath/cluster.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { HostGwBackend } from '../../../models/backends/host-gw-backend.ts';
import { ConntrackTable, kubeProxyTimeoutsNs } from '../../../models/netfilter/conntrack-table.ts';
import { PodAddressing } from '../../../models/datapath/pod-addressing.ts';
import { ServiceCatalogue, type ServiceCatalogueConfig } from '../../../models/services/service-catalogue.ts';
import { IptablesProxier } from '../../../models/services/iptables-proxier.ts';
import { NftablesProxier } from '../../../models/services/nftables-proxier.ts';
import { ConnectionPackets } from '../../../models/services/connection-packets.ts';
import { DnsLookups, type DnsOptions } from '../../../models/workloads/dns-lookup.ts';

const aOnly: DnsOptions = { queries: 'A', resolver: 'parallel', nodeLocalHitRatio: null, kernel: '4.x' };

const costs = costProfiles['xeon-2019-10gbe'];
const serviceNs = 20_000;
const catalogueConfig: ServiceCatalogueConfig = { services: 50, endpointsPerService: 1, nodePortServices: 0, targetServices: 1, popularity: { kind: 'uniform' }, placement: 'otherNodes' };
const clientPod: Pod = { name: 'client-0', node: 0 };
const dnsPod: Pod = { name: 'endpoints@node-1', node: 1 };

/** A client on node 0, kube-dns's endpoint on node 1; tables of `max[n]` entries with buckets
 *  enough that a chain stays under half an entry (every lookup 150 ns). */
function setup(max = [1000, 1000], udpTimeoutNs = kubeProxyTimeoutsNs.udp, options: DnsOptions = aOnly) {
  const sim = new Simulation();
  const cluster = new Cluster(sim, { nodes: 2, coresPerNode: 2, rxQueues: 2, linkGbps: 10 }, costs, new HostGwBackend(), true);
  const addressing = new PodAddressing({ clusterCidr: '10.0.0.0/11', nodeCidrMaskSize: 24, nodes: 2, podsPerNode: 110 });
  const catalogue = new ServiceCatalogue(catalogueConfig, addressing, [0]);
  const proxy = new IptablesProxier('current', 'clusterIP', catalogueConfig, costs, new Streams(1, 0));
  const closed: number[][] = [];
  const spy = Object.assign(Object.create(proxy), { closed: (...a: number[]) => closed.push(a) }) as IptablesProxier;
  const tables = max.map((m) => new ConntrackTable({ max: m, buckets: 1e6, timeoutsNs: { ...kubeProxyTimeoutsNs, udp: udpTimeoutNs } }, costs));
  const conntrack = (n: number) => tables[n];
  const packets = new ConnectionPackets(cluster, spy, conntrack);
  const dns = new DnsLookups(sim, cluster, catalogue, spy, conntrack, packets, serviceNs, options);
  const log: [string, number][] = [];
  const resolve = () => dns.resolve({ node: 0, pod: clientPod, addr: addressing.podAddr(0, 0) }, () => log.push(['done', sim.now]), () => log.push(['failed', sim.now]));
  return { sim, cluster, catalogue, proxy, tables, dns, log, closed, resolve, addr: addressing.podAddr(0, 0) };
}

const segment = (bytes: number): Segment => ({ payloadBytes: bytes, messageBytes: bytes, first: true, last: true });
const stageNs = (c: Cluster, from: Pod, to: Pod, bytes: number) => c.stages(from, to, segment(bytes)).reduce((t, s) => t + s.ns, 0);

test('a lookup on an idle path: query, CoreDNS, answer; done after exactly their costs, one UDP entry per node, the endpoint released', () => {
  const s = setup();
  // The same selection the lookup gets: a twin proxy on the same streams.
  const sel = new IptablesProxier('current', 'clusterIP', catalogueConfig, costs, new Streams(1, 0)).select(0, 49);
  assert.equal(s.catalogue.endpointNode(49, sel.endpoint), 1);
  s.resolve();
  s.sim.run();
  const lookup = costs.conntrackLookupNs, f = s.proxy.filterNs;
  const queryNs = stageNs(s.cluster, clientPod, dnsPod, 48)
    + lookup + costs.conntrackInsertNs + sel.ns + s.proxy.connectNs + f
    + lookup + costs.conntrackInsertNs + s.proxy.unmatchedNs + f;
  const answerNs = stageNs(s.cluster, dnsPod, clientPod, 64) + lookup + f + lookup + s.proxy.translateNs + f;
  assert.deepEqual(s.log, [['done', queryNs + serviceNs + answerNs]]);
  assert.deepEqual(s.tables.map((t) => t.entries), [1, 1]);
  assert.deepEqual(s.closed, [[0, 49, sel.endpoint, queryNs + serviceNs + answerNs]]);
  assert.equal(s.dns.drops, 0);
  assert.equal(s.cluster.carrier.delivered, 2);
});

test('the client\'s table full: the query is dropped before it leaves, resent at 5 s, and the lookup fails when that one times out, at 10 s', () => {
  const s = setup([1, 1000]);
  s.tables[0].insert(0, 'established');
  const drops: number[] = [];
  s.cluster.carrier.drop.subscribe((d) => drops.push(d.timeNs));
  s.resolve();
  s.sim.run();
  assert.deepEqual(s.log, [['failed', 10e9]]);
  assert.deepEqual(drops, [0, 5e9]);
  assert.equal(s.dns.drops, 2);
  assert.deepEqual([...s.cluster.carrier.drops], [['conntrack_full', 2]]);
  assert.equal(s.cluster.carrier.delivered, 0);
  assert.deepEqual(s.closed, []);
  s.cluster.carrier.checkConservation();
});

test('the DNS node\'s table full: each query is dropped on arrival; timeouts run from the sends, at 5 s and 10 s', () => {
  const s = setup([1000, 1]);
  s.tables[1].insert(0, 'established');
  const drops: number[] = [];
  s.cluster.carrier.drop.subscribe((d) => drops.push(d.timeNs));
  s.resolve();
  s.sim.run();
  assert.deepEqual(s.log, [['failed', 10e9]]);
  assert.equal(s.dns.drops, 2);
  assert.equal(s.cluster.carrier.delivered, 0);
  assert.deepEqual([...s.cluster.carrier.drops], [['conntrack_full', 2]]);
  s.cluster.carrier.checkConservation();
  // Each drop is one idle-path trip after its send, at 0 and at 5 s.
  assert.equal(drops.length, 2);
  assert.ok(drops[0] > 0 && drops[0] < 100_000, `first dropped at ${drops[0]} ns`);
  assert.ok(drops[1] - 5e9 > 0 && drops[1] - 5e9 < 100_000, `second dropped at ${drops[1]} ns`);
  // The resend leaves from the same socket: the client's entry from the first send serves it.
  assert.equal(s.tables[0].entries, 1);
});

test('a retry succeeds once the table has room: a query dropped at 0 is answered 5 s later, after the same costs as a first try', () => {
  const first = setup();
  first.resolve();
  first.sim.run();
  const [[, idleNs]] = first.log;
  // The client's table is full of UDP entries that time out after 2 s, before the retry.
  const s = setup([1, 1000], 2e9);
  s.tables[0].insert(0, 'udp');
  s.resolve();
  s.sim.run();
  assert.equal(s.dns.drops, 1);
  assert.deepEqual(s.log, [['done', 5e9 + idleNs]]);
});

/** kube-dns with `endpoints` endpoints on nodes 1 and 2; the client on node 0 with `cores`. The
 *  nftables proxy: its selection costs the same for every packet (iptables's walk depends on the
 *  Service's place in KUBE-SERVICES), so the clash window is one number. */
function raceSetup(cores: number, options: Partial<DnsOptions>, endpoints = 2) {
  const sim = new Simulation();
  const cluster = new Cluster(sim, { nodes: 3, coresPerNode: cores, rxQueues: 2, linkGbps: 10 }, costs, new HostGwBackend(), true);
  const addressing = new PodAddressing({ clusterCidr: '10.0.0.0/11', nodeCidrMaskSize: 24, nodes: 3, podsPerNode: 110 });
  const cat = { ...catalogueConfig, endpointsPerService: endpoints };
  const catalogue = new ServiceCatalogue(cat, addressing, [0]);
  const streams = new Streams(1, 0);
  const proxy = new NftablesProxier('clusterIP', cat, costs, streams);
  const tables = [0, 1, 2].map(() => new ConntrackTable({ max: 1e7, buckets: 1e6, timeoutsNs: kubeProxyTimeoutsNs }, costs));
  const conntrack = (n: number) => tables[n];
  const packets = new ConnectionPackets(cluster, proxy, conntrack);
  const dns = new DnsLookups(sim, cluster, catalogue, proxy, conntrack, packets, 1000,
    { queries: 'A+AAAA', resolver: 'parallel', nodeLocalHitRatio: null, kernel: '4.x', ...options }, streams.get('hits'));
  const client = { node: 0, pod: clientPod, addr: addressing.podAddr(0, 0) };
  let lookups = 0, stalled = 0, failedInserts = 0;
  dns.insertFailed.subscribe(() => failedInserts++);
  /** Starts a lookup; it counts as stalled when it takes a resolver timeout or more. */
  const lookup = () => {
    lookups++;
    const t0 = sim.now;
    dns.resolve(client, () => { if (sim.now - t0 >= 5e9) stalled++; }, () => stalled++);
  };
  /** The clash window: the query's netfilter work at the client's crossing (a selection). */
  const windowNs = tables[0].lookupNs(false) + costs.conntrackInsertNs + proxy.select(0).ns + proxy.connectNs + proxy.filterNs;
  return { sim, cluster, streams, lookup, windowNs, counts: () => ({ lookups, stalled, failedInserts }) };
}

/** Poisson lookups at `rate` per second for `durationNs`, run until every lookup has ended. */
function poisson(s: ReturnType<typeof raceSetup>, rate: number, durationNs: number) {
  const gaps = s.streams.get('arrivals');
  const next = (): void => {
    if (s.sim.now >= durationNs) return;
    s.lookup();
    s.sim.schedule(Math.round(gaps.exponential(1e9 / rate)), next);
  };
  s.sim.schedule(0, next);
  s.sim.run();
  return s.counts();
}

/** Lookups every `gapNs` while `threads` closed-loop jobs of exponential length `meanNs` keep the
 *  client's cores busy: each query waits, and the A and AAAA start at the next two core releases. */
function saturated(cores: number, options: Partial<DnsOptions>, meanNs: number, n: number, endpoints = 2) {
  const s = raceSetup(cores, options, endpoints);
  const cpu = s.cluster.node(0).cpu;
  const work = s.streams.get('background');
  const stopNs = n * 500_000;
  const loop = (): void => {
    if (s.sim.now < stopNs) cpu.request(Math.round(work.exponential(meanNs)), loop);
  };
  for (let i = 0; i < cores; i++) loop();
  for (let i = 0; i < n; i++) s.sim.schedule(i * 500_000 + 1, s.lookup);
  s.sim.run();
  return { ...s.counts(), windowNs: s.windowNs };
}

test('the race against its closed form: with both cores busy with exponential jobs of mean S, the AAAA clashes when the next release comes within the window w: 1 - exp(-w/S)', () => {
  const meanNs = 4000;
  const r = saturated(2, {}, meanNs, 2000);
  const expected = 1 - Math.exp(-r.windowNs / meanNs);
  const p = r.failedInserts / r.lookups;
  const se = Math.sqrt(expected * (1 - expected) / r.lookups);
  assert.ok(Math.abs(p - expected) < 4 * se, `p = ${p}, expected ${expected} (w = ${r.windowNs} ns)`);
  // Every clash costs its lookup one resolver timeout; nothing else stalls.
  assert.equal(r.stalled, r.failedInserts);
});

test('one core per node: the AAAA cannot start before the A has left, so no clash, exactly', () => {
  const r = saturated(1, {}, 4000, 2000);
  assert.deepEqual([r.failedInserts, r.stalled], [0, 0]);
  assert.deepEqual(poisson(raceSetup(1, {}), 60_000, 50e6).failedInserts, 0);
});

test('kernels: 5.0 merges the clash when both queries were DNATed to the one endpoint; 5.6 inserts it whatever the endpoint', () => {
  assert.ok(saturated(2, { kernel: '4.x' }, 4000, 1000, 1).failedInserts > 100);
  assert.equal(saturated(2, { kernel: '5.0' }, 4000, 1000, 1).failedInserts, 0);
  const twoEndpoints = saturated(2, { kernel: '5.0' }, 4000, 1000, 2);
  // Half the clashes pick different endpoints (1 of 2 at random for each query).
  const all = saturated(2, { kernel: '4.x' }, 4000, 1000, 2).failedInserts;
  assert.ok(twoEndpoints.failedInserts > 0.3 * all && twoEndpoints.failedInserts < 0.7 * all, `${twoEndpoints.failedInserts} of ${all}`);
  assert.equal(saturated(2, { kernel: '5.6' }, 4000, 1000, 2).failedInserts, 0);
});

test('5 s lookups grow with the lookup rate (their own load keeps the cores busy); single-request, single-request-reopen, use-vc and NodeLocal DNSCache have none', () => {
  const rates = [20_000, 40_000, 80_000];
  const fractions = rates.map((r) => {
    const c = poisson(raceSetup(2, {}), r, 50e6);
    assert.equal(c.stalled, c.failedInserts);
    return c.stalled / c.lookups;
  });
  assert.ok(fractions[0] > 0 && fractions[0] < fractions[1] && fractions[1] < fractions[2], `${fractions}`);
  for (const options of [{ resolver: 'single-request' }, { resolver: 'single-request-reopen' }, { resolver: 'use-vc' }, { nodeLocalHitRatio: 0.9 }] as const) {
    const c = poisson(raceSetup(2, options), 80_000, 50e6);
    assert.deepEqual([c.failedInserts, c.stalled], [0, 0], JSON.stringify(options));
  }
});
