/**
 * The sync cost constants: part of every cost profile at their values, and the two nftables
 * constants reproduce the kubernetes#139513 log they are derived from (40 s of listing, 940.3 s of
 * start-up transaction at 44,125-44,128 one-endpoint Services).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { syncCostParameters } from '../../../models/profiles/sync-costs.ts';
import { nftablesState } from '../../../models/services/kube-proxy-ruleset.ts';

test('sync costs: declared with units and present in every profile at their values', () => {
  for (const [name, profile] of Object.entries(costProfiles)) {
    for (const [k, decl] of Object.entries(syncCostParameters)) {
      assert.equal(profile[k as keyof typeof syncCostParameters], decl.value, `${name}: ${k}`);
      assert.match(decl.unit, /^ns/, k);
    }
  }
});

test('the nftables constants give back their source: 40 s listing, 940.3 s transaction', () => {
  const p = syncCostParameters;
  const listed = nftablesState({ services: 44128, endpointsPerService: 1, version: 'current' });
  assert.ok(Math.abs(((listed.chains + listed.rules) * p.nftListNsPerObject.value) / 1e9 - 40) < 0.1);
  const written = nftablesState({ services: 44125, endpointsPerService: 1, version: 'current' });
  const seconds = ((written.chains + written.rules + written.elements) * p.nftFullTxNsPerObject.value) / 1e9;
  assert.ok(Math.abs(seconds - 940.3) < 0.5, `${seconds} s`);
});
