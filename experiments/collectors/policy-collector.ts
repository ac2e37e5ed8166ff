/**
 * A point's NetworkPolicy results: the rules (iptables) or map entries (eBPF) each node holds, the
 * rules a new connection's first packet walks into a policed pod, the CPU of programming every
 * policy on a node and of one policy update, and the programming latency of each measured
 * (update, node): publication at the API server until the node has it in place.
 */
import { LatencyRecorder } from '../../sim/index.ts';
import type { PolicyProgrammed, PolicyProgramming } from '../../models/control-plane/policy-programming.ts';
import type { PolicySyncCost } from '../../models/control-plane/policy-sync-cost.ts';
import type { PolicyEnforcer } from '../../models/policy/network-policy.ts';
import type { Collector, MeasuredPeriod } from '../replication.ts';
import type { ReplicationOutput } from '../replication-output.ts';

export class PolicyCollector implements Collector {
  private readonly latency = new LatencyRecorder();

  constructor(
    private readonly period: MeasuredPeriod,
    private readonly enforcer: PolicyEnforcer,
    private readonly cost: PolicySyncCost,
    programming: PolicyProgramming,
  ) {
    programming.programmed.subscribe(this.onProgrammed);
  }

  private readonly onProgrammed = (e: PolicyProgrammed): void => {
    if (this.period.includes(e.publishedNs)) this.latency.record(e.doneNs - e.publishedNs);
  };

  collect(out: ReplicationOutput): void {
    out.metric('policy_rules', this.cost.rules);
    out.metric('policy_rules_evaluated_per_connection', this.enforcer.newFlowRulesWalked);
    out.metric('policy_full_sync_ms', this.cost.fullSyncNs() / 1e6);
    out.metric('policy_update_ms', this.cost.updateNs() / 1e6);
    out.metric('policy_programming_latency_ms', this.latency.summary(1e6));
  }
}
