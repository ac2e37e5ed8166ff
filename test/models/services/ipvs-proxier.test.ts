/**
 * IPVS mode on one packet: the first packet's cost in closed form (constant rules, two ipset
 * tests, IPVS connection set-up), flat in Services; per-node scheduler state; a closed
 * connection counted inactive for IPVS's 120 s TIME_WAIT, then forgotten.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IpvsProxier } from '../../../models/services/ipvs-proxier.ts';
import { PodAddressing } from '../../../models/datapath/pod-addressing.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { ServiceCatalogue } from '../../../models/services/service-catalogue.ts';
import { EndpointSets } from '../../../models/services/endpoint-sets.ts';
import { ClientIpAffinity } from '../../../models/services/session-affinity.ts';

const c = costProfiles['xeon-2019-10gbe'];
const addressing = new PodAddressing({ clusterCidr: '10.0.0.0/11', nodeCidrMaskSize: 24, nodes: 4, podsPerNode: 110 });
const catalogue = (services: number, n: number) => ({ groups: [{ count: services, endpointsPerService: n }], nodePortServices: 0, targetServices: services, popularity: { kind: 'uniform' as const } });

test('first packet: 2 traversals + 5 rules + 2 ipset tests + IPVS set-up and transmit, whatever the Services', () => {
  const nat = 2 * c.iptablesTraverseNs + 5 * c.iptablesRuleNs + 2 * c.ipsetLookupNs;
  for (const services of [1, 50_000]) {
    const p = new IpvsProxier('rr', 'clusterIP', catalogue(services, 4), c, addressing);
    assert.equal(p.select(0, 0, addressing.podAddr(0, 0), 0).ns, nat + c.ipvsNewConnectionNs + c.ipvsPacketNs);
    assert.equal(p.unmatchedNs, nat);
    assert.equal(p.translateNs, c.ipvsPacketNs);
    assert.equal(p.rules, 20);
  }
});

test('rr per node: each node\'s director cycles through the endpoints on its own', () => {
  const p = new IpvsProxier('rr', 'clusterIP', catalogue(10, 3), c, addressing);
  const picks = (node: number) => Array.from({ length: 4 }, () => p.select(node, 5, 0, 0).endpoint);
  const a = picks(0);
  assert.deepEqual(picks(1), a);
  assert.deepEqual(new Set(a.slice(0, 3)).size, 3);
  assert.equal(a[3], a[0]);
});

test('lc: a closed connection stays inactive for 120 s of TIME_WAIT, then is forgotten', () => {
  const p = new IpvsProxier('lc', 'clusterIP', catalogue(1, 2), c, addressing);
  const e = p.select(0, 0, 0, 0).endpoint;
  p.closed(0, 0, e, 1e9);
  const svc = p.service(0, 0);
  assert.deepEqual([svc.active[e], svc.inactive[e]], [0, 1]);
  p.select(0, 0, 0, 120e9);
  assert.equal(svc.inactive[e], 1, 'still in TIME_WAIT at 120 s');
  p.select(0, 0, 0, 121e9);
  assert.equal(svc.inactive[e], 0, 'forgotten once 120 s have passed');
});

test('NodePort: the KUBE-NODE-PORT rules, an ipset test and MASQUERADE on top; both NATs on every packet', () => {
  const cluster = new IpvsProxier('rr', 'clusterIP', catalogue(1, 1), c, addressing);
  const node = new IpvsProxier('rr', 'nodePort', catalogue(1, 1), c, addressing);
  assert.equal(node.select(0, 0, 0, 0).ns - cluster.select(0, 0, 0, 0).ns, 4 * c.iptablesRuleNs + c.ipsetLookupNs + c.masqueradeNs);
  assert.equal(node.translateNs, c.ipvsPacketNs + c.natRewriteNs);
});

test('persistence (sessionAffinity ClientIP), rr over 4 real servers: 2 clients get servers 0 and 1 for every connection, 2 and 3 get none', () => {
  const p = new IpvsProxier('rr', 'clusterIP', catalogue(1, 4), c, addressing, null, { affinity: new ClientIpAffinity(10800e9) });
  const baseNs = new IpvsProxier('rr', 'clusterIP', catalogue(1, 4), c, addressing).select(0, 0, 0, 0).ns;
  const counts = [0, 0, 0, 0];
  for (let k = 0; k < 100; k++) {
    for (const client of [11, 12]) {
      const sel = p.select(0, 0, client, k * 1e9);
      counts[sel.endpoint]++;
      p.closed(0, 0, sel.endpoint, k * 1e9 + 1);
      // The template lookup on every connection; its creation on the first only.
      assert.equal(sel.ns, k === 0 ? baseNs + c.conntrackLookupNs + c.conntrackInsertNs : baseNs + c.conntrackLookupNs);
    }
  }
  assert.deepEqual(counts, [100, 100, 0, 0]);
  // Without persistence rr spreads the same 200 connections evenly.
  const plain = new IpvsProxier('rr', 'clusterIP', catalogue(1, 4), c, addressing);
  const even = [0, 0, 0, 0];
  for (let k = 0; k < 100; k++) for (const client of [11, 12]) even[plain.select(0, 0, client, k * 1e9).endpoint]++;
  assert.deepEqual(even, [50, 50, 50, 50]);
});

test('externalTrafficPolicy Local through a NodePort: the KUBE-NODE-PORT-LOCAL-TCP RETURN instead of the mark and MASQUERADE; local real servers only', () => {
  const nodes = new PodAddressing({ clusterCidr: '10.244.0.0/16', nodeCidrMaskSize: 24, nodes: 2, podsPerNode: 110 });
  const config = { ...catalogue(1, 4), nodePortServices: 1, placement: 'clientNode' as const };
  const cat = new ServiceCatalogue(config, nodes, [0, 1]);
  const sets = (policy: 'Cluster' | 'Local') => new EndpointSets({ externalTrafficPolicy: policy, trafficDistribution: null, zones: 1 }, cat, 'nodePort');
  const local = new IpvsProxier('rr', 'nodePort', config, c, nodes, null, { endpoints: sets('Local') });
  const cluster = new IpvsProxier('rr', 'nodePort', config, c, nodes, null, { endpoints: sets('Cluster') });
  const l = local.select(1, 0, 5, 0), k = cluster.select(1, 0, 5, 0);
  assert.equal(k.ns - l.ns, 3 * c.iptablesRuleNs + c.masqueradeNs);
  assert.deepEqual([l.masquerade, k.masquerade], [false, true]);
  const seen = new Set<number>();
  for (let i = 0; i < 8; i++) seen.add(local.select(1, 0, 5, i).endpoint);
  assert.deepEqual([...seen].sort(), [1, 3]);
});
