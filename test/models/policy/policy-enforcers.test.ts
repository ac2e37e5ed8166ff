/**
 * The enforcer named by `policies.enforcement`: iptables chains walk rules (a new flow pays more
 * with more policies), the eBPF map does one lookup (flat).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costProfiles } from '../../../models/profiles/cost-profile.ts';
import { createPolicyEnforcer } from '../../../models/policy/policy-enforcers.ts';
import { EbpfPolicyMap } from '../../../models/policy/ebpf-policy-map.ts';
import { IptablesPolicyChains } from '../../../models/policy/iptables-policy-chains.ts';
import type { PolicyEnforcement } from '../../../models/policy/network-policy.ts';

const costs = costProfiles['xeon-2019-10gbe'];
const make = (enforcement: PolicyEnforcement, count: number) =>
  createPolicyEnforcer({ count, rulesPerPolicy: 1, selectorPods: 10, enforcement, changesPerS: 0, watchDelay: { meanNs: 1, cv: 0 } }, costs);

test('the enforcement names its enforcer', () => {
  assert.ok(make('iptables', 5) instanceof IptablesPolicyChains);
  assert.ok(make('ebpf', 5) instanceof EbpfPolicyMap);
  assert.deepEqual([make('iptables', 5).enforcement, make('ebpf', 5).enforcement], ['iptables', 'ebpf']);
  assert.ok(make('iptables', 100).newFlowNs > make('iptables', 1).newFlowNs);
  assert.equal(make('ebpf', 100).newFlowNs, make('ebpf', 1).newFlowNs);
});
