/** NodeLocal DNSCache on small timelines: a hit is answered on the client's node after exactly
 *  the two same-node trips, one raw-table rule each way and the cache's answer time, with no
 *  conntrack entry anywhere; a miss also crosses to kube-dns on the cache's one connection. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation, Streams } from '../../../sim/index.ts';
import { Cluster, type Pod } from '../../../models/datapath/cluster.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { HostGwBackend } from '../../../models/backends/host-gw-backend.ts';
import { ConntrackTable, kubeProxyTimeoutsNs } from '../../../models/netfilter/conntrack-table.ts';
import { PodAddressing } from '../../../models/datapath/pod-addressing.ts';
import { ServiceCatalogue } from '../../../models/services/service-catalogue.ts';
import { NftablesProxier } from '../../../models/services/nftables-proxier.ts';
import { ConnectionPackets } from '../../../models/services/connection-packets.ts';
import { NodeLocalDns } from '../../../models/workloads/node-local-dns.ts';
import { dnsSegment } from '../../../models/workloads/dns-resolver.ts';

const costs = costProfiles['xeon-2019-10gbe'];
const cat = { services: 5, endpointsPerService: 1, nodePortServices: 0, targetServices: 1, popularity: { kind: 'uniform' as const }, placement: 'otherNodes' as const };

function setup(hitRatio: number) {
  const sim = new Simulation();
  const cluster = new Cluster(sim, { nodes: 2, coresPerNode: 2, rxQueues: 2, linkGbps: 10 }, costs, new HostGwBackend(), true);
  const addressing = new PodAddressing({ clusterCidr: '10.0.0.0/11', nodeCidrMaskSize: 24, nodes: 2, podsPerNode: 110 });
  const catalogue = new ServiceCatalogue(cat, addressing, [0]);
  const streams = new Streams(1, 0);
  const proxy = new NftablesProxier('clusterIP', cat, costs, streams);
  let selections = 0;
  const counted = Object.assign(Object.create(proxy), { select: (...a: Parameters<NftablesProxier['select']>) => (selections++, proxy.select(...a)) }) as NftablesProxier;
  const tables = [0, 1].map(() => new ConntrackTable({ max: 1000, buckets: 1e6, timeoutsNs: kubeProxyTimeoutsNs }, costs));
  const conntrack = (n: number) => tables[n];
  const packets = new ConnectionPackets(cluster, counted, conntrack);
  const cache = new NodeLocalDns({ sim, cluster, catalogue, proxy: counted, conntrack, packets, service: 4, serviceNs: 3000 }, hitRatio, streams.get('hits'));
  const client = { node: 0, pod: { name: 'client-0', node: 0 }, addr: addressing.podAddr(0, 0) };
  const times: number[] = [];
  const ask = () => cache.ask(client, () => times.push(sim.now));
  return { sim, cluster, tables, times, ask, selections: () => selections, proxy };
}

const tripNs = (c: Cluster, from: Pod, to: Pod, bytes: number) => c.stages(from, to, dnsSegment(bytes)).reduce((t, s) => t + s.ns, 0);

test('a hit: two trips on the client\'s node, a raw-table rule each way, the answer time; no entry, no selection', () => {
  const s = setup(1);
  s.ask();
  s.sim.run();
  const client: Pod = { name: 'client-0', node: 0 }, cache: Pod = { name: 'node-local-dns@node-0', node: 0 };
  const rule = costs.iptablesRuleNs, f = s.proxy.filterNs;
  const expected = tripNs(s.cluster, client, cache, 48) + rule + f + 3000 + tripNs(s.cluster, cache, client, 64) + rule + f;
  assert.deepEqual(s.times, [expected]);
  assert.deepEqual(s.tables.map((t) => t.entries), [0, 0]);
  assert.equal(s.selections(), 0);
});

test('misses: kube-dns over the cache\'s one upstream connection (one selection for all), later than a hit, still no entry', () => {
  const hit = setup(1);
  hit.ask();
  hit.sim.run();
  const s = setup(0);
  s.ask();
  s.ask();
  s.sim.run();
  assert.equal(s.times.length, 2);
  assert.ok(s.times[0] > hit.times[0] + 3000, `${s.times[0]} vs ${hit.times[0]}`);
  assert.deepEqual(s.tables.map((t) => t.entries), [0, 0]);
  assert.equal(s.selections(), 1);
});
