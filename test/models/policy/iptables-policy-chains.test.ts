/**
 * iptables policy chains in closed form: a new flow's first packet walks the dispatch rule, the
 * pod chain's head, one jump per policy and every rule of the policies ahead (each with an ipset
 * lookup) to the matching policy's first rule; a later packet stops at the ESTABLISHED rule; the
 * steps `trace` shows add up to what the model charges.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { IptablesPolicyChains } from '../../../models/policy/iptables-policy-chains.ts';
import type { PolicyConfig } from '../../../models/policy/network-policy.ts';

const costs = costProfiles['xeon-2019-10gbe'];
const config = (count: number, rulesPerPolicy = 1): PolicyConfig => ({
  count, rulesPerPolicy, selectorPods: 10, enforcement: 'iptables', changesPerS: 0, watchDelay: { meanNs: 1, cv: 0 },
});
const sum = (steps: readonly { ns: number }[]) => steps.reduce((n, s) => n + s.ns, 0);

test('a new flow walks 3 + count + (count − 1) · rulesPerPolicy + 1 rules, with an ipset lookup per policy rule', () => {
  for (const [count, r] of [[1, 1], [201, 1], [50, 3]]) {
    const c = new IptablesPolicyChains(config(count, r), costs);
    const lookups = (count - 1) * r + 1;
    assert.equal(c.newFlowIpsetLookups, lookups);
    assert.equal(c.newFlowRulesWalked, 3 + count + lookups);
    assert.equal(c.newFlowNs, (3 + count + lookups) * costs.iptablesRuleNs + lookups * costs.ipsetLookupNs);
    assert.equal(sum(c.newFlowSteps()), c.newFlowNs);
  }
  // 200 policies ahead of the matching one add 200 × (2 rules + 1 ipset lookup).
  const added = new IptablesPolicyChains(config(201), costs).newFlowNs - new IptablesPolicyChains(config(1), costs).newFlowNs;
  assert.equal(added, 200 * (2 * costs.iptablesRuleNs + costs.ipsetLookupNs));
});

test('a later packet stops at the ESTABLISHED rule, whatever the count; no policy, no chain', () => {
  for (const count of [1, 10_000]) {
    const c = new IptablesPolicyChains(config(count), costs);
    assert.equal(c.establishedNs, 2 * costs.iptablesRuleNs);
    assert.deepEqual(c.establishedSteps().map((s) => s.ns), [c.establishedNs]);
  }
  const none = new IptablesPolicyChains(config(0), costs);
  assert.deepEqual([none.newFlowNs, none.newFlowRulesWalked, none.establishedNs, none.newFlowSteps().length], [0, 0, 0, 0]);
});
