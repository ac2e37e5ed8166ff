/**
 * The NetworkPolicy collector: the sync costs and the rules walked as the models give them, and the
 * programming latency of measured updates only (published after the warm-up).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TraceSource } from '../../../sim/index.ts';
import { costProfiles } from '../../../models/profiles/cost-profile.ts';
import { PolicySyncCost } from '../../../models/control-plane/policy-sync-cost.ts';
import type { PolicyProgrammed, PolicyProgramming } from '../../../models/control-plane/policy-programming.ts';
import { createPolicyEnforcer } from '../../../models/policy/policy-enforcers.ts';
import type { PolicyConfig } from '../../../models/policy/network-policy.ts';
import { PolicyCollector } from '../../../experiments/collectors/policy-collector.ts';
import { MeasuredPeriod } from '../../../experiments/replication.ts';
import { ReplicationOutput } from '../../../experiments/replication-output.ts';

test('policy metrics: costs from the models, latency of measured updates only', () => {
  const costs = costProfiles['xeon-2019-10gbe'];
  const config: PolicyConfig = { count: 100, rulesPerPolicy: 2, selectorPods: 10, enforcement: 'iptables', changesPerS: 1, watchDelay: { meanNs: 1, cv: 0 } };
  const enforcer = createPolicyEnforcer(config, costs);
  const cost = new PolicySyncCost(config, 2, costs);
  const programmed = new TraceSource<PolicyProgrammed>();
  const collector = new PolicyCollector(new MeasuredPeriod({ warmupNs: 1_000_000, durationNs: 10_000_000 }), enforcer, cost, { programmed } as unknown as PolicyProgramming);
  programmed.emit({ node: 0, publishedNs: 500_000, doneNs: 9_000_000 }); // warm-up: left out
  programmed.emit({ node: 0, publishedNs: 2_000_000, doneNs: 4_000_000 });
  programmed.emit({ node: 1, publishedNs: 2_000_000, doneNs: 6_000_000 });
  const out = new ReplicationOutput();
  collector.collect(out);
  const m = out.result(0).metrics;
  assert.equal(m.policy_rules, cost.rules);
  assert.equal(m.policy_rules_evaluated_per_connection, enforcer.newFlowRulesWalked);
  assert.equal(m.policy_full_sync_ms, cost.fullSyncNs() / 1e6);
  assert.equal(m.policy_update_ms, cost.updateNs() / 1e6);
  const latency = m.policy_programming_latency_ms as { count: number; mean: number; max: number };
  assert.deepEqual([latency.count, latency.mean, latency.max], [2, 3, 4]);
});
