/**
 * NetworkPolicy updates reaching every node: policy updates published at the API server (Poisson,
 * `changesPerS`), each delivered to every node's policy agent after its own watch delay, and
 * programmed there as one job on the node's cores (its `cpu` Station, where it queues with packet
 * work), at the enforcement's update cost (policy-sync-cost.ts). It traces each (update, node) as
 * it is programmed; the latency distribution is the collector's. Known simplifications: an agent
 * programs each update on its own (Felix and the Cilium agent batch updates that arrive while they
 * are busy); deliveries to one node are independent draws (a watch would keep their order).
 */
import { sampler, type Simulation, type Streams, TraceSource } from '../../sim/index.ts';
import type { Cluster } from '../datapath/cluster.ts';
import type { PolicyConfig } from '../policy/network-policy.ts';
import type { PolicySyncCost } from './policy-sync-cost.ts';

/** One policy update programmed on one node. */
export interface PolicyProgrammed {
  node: number;
  publishedNs: number;
  doneNs: number;
}

export class PolicyProgramming {
  readonly programmed = new TraceSource<PolicyProgrammed>();

  constructor(sim: Simulation, cluster: Cluster, config: PolicyConfig, cost: PolicySyncCost, streams: Streams) {
    // With no policy there is nothing to update.
    if (config.changesPerS === 0 || config.count === 0) return;
    const watchDelayNs = sampler({ kind: 'lognormal', meanNs: config.watchDelay.meanNs, cv: config.watchDelay.cv }, streams.get('policy/watch-delay'));
    const gaps = streams.get('policy/changes');
    const meanGapNs = 1e9 / config.changesPerS;
    const updateNs = cost.updateNs();
    const nodes = cluster.config.nodes;
    const publish = (): void => {
      const publishedNs = sim.now;
      for (let node = 0; node < nodes; node++) {
        const cpu = cluster.node(node).cpu;
        const programmed = (): void => {
          if (this.programmed.active) this.programmed.emit({ node, publishedNs, doneNs: sim.now });
        };
        sim.schedule(watchDelayNs(), () => cpu.request(updateNs, programmed));
      }
      sim.schedule(Math.round(gaps.exponential(meanGapNs)), publish);
    };
    sim.schedule(Math.round(gaps.exponential(meanGapNs)), publish);
  }
}
