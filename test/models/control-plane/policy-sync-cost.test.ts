/**
 * Policy sync cost in closed form: iptables rules per node from the chain layout, a full sync as
 * one iptables-restore plus an ipset member each, an update committing the whole table (linear in
 * policies); eBPF map entries per local endpoint and an update flat in policies.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { PolicySyncCost } from '../../../models/control-plane/policy-sync-cost.ts';
import { restoreNs } from '../../../models/control-plane/iptables-restore.ts';
import type { PolicyEnforcement } from '../../../models/policy/network-policy.ts';

const p = costProfiles['xeon-2019-10gbe'];
const cost = (enforcement: PolicyEnforcement, count: number) =>
  new PolicySyncCost({ count, rulesPerPolicy: 2, selectorPods: 10, enforcement, changesPerS: 0, watchDelay: { meanNs: 1, cv: 0 } }, 3, p);

test('iptables: rules and restore from the layout; an update grows linearly with the policies', () => {
  const c = cost('iptables', 1000);
  assert.equal(c.localPods, 4);
  assert.equal(c.rules, 1000 * 2 + 4 * (2 + 1000 + 1));
  assert.equal(c.ipsetEntries, 10_000);
  assert.equal(c.fullSyncNs(), restoreNs(p, 2 + 1004 + c.rules, c.rules) + Math.round(10_000 * p.ipvsNsPerObject));
  assert.equal(c.updateNs(), restoreNs(p, 2 + 1 + 2, c.rules));
  const slope = (cost('iptables', 2000).updateNs() - cost('iptables', 1000).updateNs()) / 1000;
  assert.ok(Math.abs(slope - (2 + 4) * p.iptablesTableNsPerRule) < 1, `${slope}`);
});

test('eBPF: an entry per rule per policy per local endpoint; an update is flat in the policies', () => {
  assert.equal(cost('ebpf', 1000).rules, 4 * 1000 * 2);
  assert.equal(cost('ebpf', 1000).fullSyncNs(), 8000 * p.ebpfMapUpdateNs);
  assert.equal(cost('ebpf', 10).updateNs(), cost('ebpf', 10_000).updateNs());
  assert.equal(cost('ebpf', 10).updateNs(), 4 * 2 * p.ebpfMapUpdateNs);
});
