/** nftables mode on one packet: one verdict-map lookup and 4 chain rules for a new connection,
 *  flat in Services; numgen picks endpoints uniformly; the rule count is the generator's. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NftablesProxier } from '../../../models/services/nftables-proxier.ts';
import { nftablesState } from '../../../models/services/kube-proxy-ruleset.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { Streams } from '../../../sim/index.ts';
import { ClientIpAffinity } from '../../../models/services/session-affinity.ts';

const c = costProfiles['xeon-2019-10gbe'];
const catalogue = (services: number, n: number) => ({ groups: [{ count: services, endpointsPerService: n }], nodePortServices: 0, targetServices: services, popularity: { kind: 'uniform' as const } });

test('first packet: vmap lookup + 4 rules + DNAT rewrite at 10 and 50,000 Services; miss = one lookup', () => {
  for (const services of [10, 50_000]) {
    const p = new NftablesProxier('clusterIP', catalogue(services, 10), c, new Streams(1, 0));
    assert.equal(p.select(0, 0).ns, c.nftVmapLookupNs + 4 * c.nftRuleNs + c.natRewriteNs);
    assert.equal(p.unmatchedNs, c.nftVmapLookupNs);
    assert.equal(p.filterNs, 2 * c.nftRuleNs);
    assert.equal(p.rules, nftablesState({ ...catalogue(services, 10), version: 'current' }).rules);
  }
});

test('numgen random mod n: 40,000 picks of 4 endpoints within 3% of 10,000 each', () => {
  const p = new NftablesProxier('clusterIP', catalogue(1, 4), c, new Streams(7, 0));
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < 40_000; i++) counts[p.select(i % 3, 0).endpoint]++;
  for (const k of counts) assert.ok(Math.abs(k / 10_000 - 1) < 0.03, `${counts}`);
});

test('NodePort: the service-nodeports lookup, 4 rules and MASQUERADE added; two rewrites per packet', () => {
  const cluster = new NftablesProxier('clusterIP', catalogue(1, 1), c, new Streams(1, 0));
  const node = new NftablesProxier('nodePort', catalogue(1, 1), c, new Streams(1, 0));
  assert.equal(node.select(0, 0).ns - cluster.select(0, 0).ns, c.nftVmapLookupNs + 4 * c.nftRuleNs + c.masqueradeNs);
  assert.equal(node.translateNs, 2 * c.natRewriteNs);
});

test('affinity sets: a remembered client skips numgen and stops at its endpoint\'s set rule; the same endpoint every time', () => {
  const p = new NftablesProxier('clusterIP', catalogue(1, 6), c, new Streams(1, 0), { affinity: new ClientIpAffinity(10800e9) });
  const plain = new NftablesProxier('clusterIP', catalogue(1, 6), c, new Streams(1, 0)).select(0).ns;
  const first = p.select(0, 0, 9, 0);
  assert.equal(first.ns - plain, (6 + 1) * (c.nftRuleNs + c.nftVmapLookupNs));
  for (let k = 1; k < 50; k++) {
    const sel = p.select(0, 0, 9, k);
    assert.equal(sel.endpoint, first.endpoint);
    assert.equal(sel.ns - plain, (first.endpoint + 1 + 1) * (c.nftRuleNs + c.nftVmapLookupNs) - c.nftRuleNs);
  }
});
