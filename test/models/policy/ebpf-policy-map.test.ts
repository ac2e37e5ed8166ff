/** The eBPF policy map: one lookup per packet into the endpoint, first or later, flat in the count. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { EbpfPolicyMap } from '../../../models/policy/ebpf-policy-map.ts';

const costs = costProfiles['xeon-2019-10gbe'];

test('one map lookup per packet whatever the number of policies; none without policies', () => {
  for (const count of [1, 100, 10_000]) {
    const m = new EbpfPolicyMap({ count, rulesPerPolicy: 3, selectorPods: 10, enforcement: 'ebpf', changesPerS: 0, watchDelay: { meanNs: 1, cv: 0 } }, costs);
    assert.deepEqual([m.newFlowNs, m.establishedNs, m.newFlowRulesWalked], [costs.ebpfPolicyLookupNs, costs.ebpfPolicyLookupNs, 0]);
    assert.deepEqual(m.newFlowSteps().map((s) => s.ns), [costs.ebpfPolicyLookupNs]);
  }
  const none = new EbpfPolicyMap({ count: 0, rulesPerPolicy: 1, selectorPods: 10, enforcement: 'ebpf', changesPerS: 0, watchDelay: { meanNs: 1, cv: 0 } }, costs);
  assert.deepEqual([none.newFlowNs, none.establishedNs], [0, 0]);
});
