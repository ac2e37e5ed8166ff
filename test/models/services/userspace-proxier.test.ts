/** The userspace proxy: portal rules walked to the Service's REDIRECT (position uniform), the
 *  proxy's own connection walking KUBE-PORTALS-HOST unmatched, round-robin endpoints per node. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserspaceProxier } from '../../../models/services/userspace-proxier.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { Streams } from '../../../sim/index.ts';

const c = costProfiles['xeon-2019-10gbe'];
const catalogue = { groups: [{ count: 1000, endpointsPerService: 3 }], nodePortServices: 0, targetServices: 1, popularity: { kind: 'uniform' as const } };

test('rules: 2 per Service; a selection walks k of 1,000 portal rules then 1,000 unmatched', () => {
  const p = new UserspaceProxier('clusterIP', catalogue, c, new Streams(1, 0));
  assert.equal(p.rules, 2000);
  assert.equal(p.unmatchedNs, c.iptablesTraverseNs + 1000 * c.iptablesRuleNs);
  let sum = 0;
  for (let i = 0; i < 4000; i++) {
    const s = p.select(0, 0);
    const k = s.rulesWalked - 1000;
    assert.ok(k >= 1 && k <= 1000);
    assert.equal(s.ns, c.iptablesTraverseNs + k * c.iptablesRuleNs + c.natRewriteNs + p.unmatchedNs);
    sum += k;
  }
  assert.ok(Math.abs(sum / 4000 / 500.5 - 1) < 0.03, `mean position ${sum / 4000}`);
});

test('round-robin per (node, Service): 0, 1, 2, 0 …', () => {
  const p = new UserspaceProxier('clusterIP', catalogue, c, new Streams(1, 0));
  assert.deepEqual(Array.from({ length: 4 }, () => p.select(0, 7).endpoint), [0, 1, 2, 0]);
  assert.deepEqual(Array.from({ length: 2 }, () => p.select(1, 7).endpoint), [0, 1]);
});
