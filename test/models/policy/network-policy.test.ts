/**
 * The NetworkPolicy contract's knobs: the defaults a scenario gets (one non-matching-free policy of
 * one rule over a Deployment of 10 pods), their ranges, and the two enforcements by name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { valuesOf } from '../../../models/parameters.ts';
import { policyEnforcements, policyParameters } from '../../../models/policy/network-policy.ts';

test('policies: defaults, integer counts and the two enforcements', () => {
  assert.deepEqual(valuesOf(policyParameters), { count: 1, rulesPerPolicy: 1, selectorPods: 10, changesPerS: 10, watchDelayMs: 20, watchDelayCv: 1 });
  assert.deepEqual([policyParameters.count.min, policyParameters.rulesPerPolicy.min, policyParameters.selectorPods.min], [0, 1, 1]);
  assert.ok(policyParameters.count.integer && policyParameters.rulesPerPolicy.integer && policyParameters.selectorPods.integer);
  assert.equal(policyParameters.watchDelayMs.minExclusive, true);
  assert.deepEqual([...policyEnforcements], ['iptables', 'ebpf']);
});
