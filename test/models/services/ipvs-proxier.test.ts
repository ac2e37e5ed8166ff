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
