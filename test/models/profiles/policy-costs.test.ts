/**
 * The NetworkPolicy cost constants: part of every cost profile, with units, and overridable like
 * every other constant.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costProfiles } from '../../../models/profiles/cost-profile.ts';
import { policyCostParameters } from '../../../models/profiles/policy-costs.ts';

test('policy costs: declared with units and present in every profile at their values', () => {
  assert.deepEqual(Object.keys(policyCostParameters), ['ebpfPolicyLookupNs', 'ebpfMapUpdateNs']);
  assert.deepEqual([policyCostParameters.ebpfPolicyLookupNs.unit, policyCostParameters.ebpfMapUpdateNs.unit], ['ns', 'ns/entry']);
  for (const [name, profile] of Object.entries(costProfiles)) {
    assert.equal(profile.ebpfPolicyLookupNs, 100, name);
    assert.equal(profile.ebpfMapUpdateNs, 1000, name);
  }
});
