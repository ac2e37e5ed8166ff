/** use-vc on small timelines: SYN, SYN-ACK, both queries in one message, both answers in one;
 *  one TCP entry on each node (the SYN's), one selection; a full client table sends nothing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation, Streams } from '../../../sim/index.ts';
import { Cluster } from '../../../models/datapath/cluster.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { HostGwBackend } from '../../../models/backends/host-gw-backend.ts';
import { ConntrackTable, kubeProxyTimeoutsNs } from '../../../models/netfilter/conntrack-table.ts';
import { PodAddressing } from '../../../models/datapath/pod-addressing.ts';
import { ServiceCatalogue } from '../../../models/services/service-catalogue.ts';
import { NftablesProxier } from '../../../models/services/nftables-proxier.ts';
import { ConnectionPackets } from '../../../models/services/connection-packets.ts';
import { DnsOverTcp } from '../../../models/workloads/dns-over-tcp.ts';

const costs = costProfiles['xeon-2019-10gbe'];
const cat = { services: 5, endpointsPerService: 1, nodePortServices: 0, targetServices: 1, popularity: { kind: 'uniform' as const }, placement: 'otherNodes' as const };

function setup(max: number) {
  const sim = new Simulation();
  const cluster = new Cluster(sim, { nodes: 2, coresPerNode: 2, rxQueues: 2, linkGbps: 10 }, costs, new HostGwBackend(), true);
  const addressing = new PodAddressing({ clusterCidr: '10.0.0.0/11', nodeCidrMaskSize: 24, nodes: 2, podsPerNode: 110 });
  const catalogue = new ServiceCatalogue(cat, addressing, [0]);
  const proxy = new NftablesProxier('clusterIP', cat, costs, new Streams(1, 0));
  const tables = [max, 1000].map((m) => new ConntrackTable({ max: m, buckets: 1e6, timeoutsNs: kubeProxyTimeoutsNs }, costs));
  const conntrack = (n: number) => tables[n];
  const packets = new ConnectionPackets(cluster, proxy, conntrack);
  const tcp = new DnsOverTcp({ sim, cluster, catalogue, proxy, conntrack, packets, service: 4, serviceNs: 3000 });
  const client = { node: 0, pod: { name: 'client-0', node: 0 }, addr: addressing.podAddr(0, 0) };
  return { sim, cluster, tables, tcp, client };
}

test('one lookup: four packets delivered, one TCP entry per node, answered once', () => {
  const s = setup(1000);
  const log: string[] = [];
  assert.equal(s.tcp.ask(s.client, () => log.push('answered'), () => log.push('lost')), true);
  s.sim.run();
  assert.deepEqual(log, ['answered']);
  assert.equal(s.cluster.carrier.delivered, 4);
  assert.deepEqual(s.tables.map((t) => t.entries), [1, 1]);
});

test('the client\'s table full: nothing is sent, the caller is told', () => {
  const s = setup(1);
  s.tables[0].insert(0, 'established');
  assert.equal(s.tcp.ask(s.client, () => assert.fail('answered'), () => assert.fail('lost')), false);
  s.sim.run();
  assert.equal(s.cluster.carrier.sent, 0);
});
