/**
 * Policy updates programmed on every node: with a constant watch delay and idle nodes, each update
 * is done on each node exactly delay + update cost after it was published; with no policy or no
 * change rate nothing is published.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation, Streams } from '../../../sim/index.ts';
import { Cluster } from '../../../models/datapath/cluster.ts';
import { HostGwBackend } from '../../../models/backends/host-gw-backend.ts';
import { costProfiles } from '../../../models/profiles/cost-profile.ts';
import { PolicyProgramming, type PolicyProgrammed } from '../../../models/control-plane/policy-programming.ts';
import { PolicySyncCost } from '../../../models/control-plane/policy-sync-cost.ts';
import type { PolicyConfig } from '../../../models/policy/network-policy.ts';

const costs = costProfiles['xeon-2019-10gbe'];

function run(config: PolicyConfig, untilNs: number): { seen: PolicyProgrammed[]; updateNs: number } {
  const sim = new Simulation();
  const cluster = new Cluster(sim, { nodes: 3, coresPerNode: 2, rxQueues: 2, linkGbps: 10 }, costs, new HostGwBackend(), false);
  const cost = new PolicySyncCost(config, 3, costs);
  const programming = new PolicyProgramming(sim, cluster, config, cost, new Streams(1, 0));
  const seen: PolicyProgrammed[] = [];
  programming.programmed.subscribe((e) => seen.push(e));
  sim.run({ untilNs });
  return { seen, updateNs: cost.updateNs() };
}

const config = (count: number, changesPerS: number): PolicyConfig => ({
  count, rulesPerPolicy: 1, selectorPods: 10, enforcement: 'ebpf', changesPerS, watchDelay: { meanNs: 5_000_000, cv: 0 },
});

test('each update reaches every node after the watch delay plus its programming cost', () => {
  const { seen, updateNs } = run(config(10, 20), 1_000_000_000);
  assert.ok(seen.length >= 3 * 5, `${seen.length}`);
  for (const e of seen) assert.equal(e.doneNs - e.publishedNs, 5_000_000 + updateNs);
  const byUpdate = new Map<number, number[]>();
  for (const e of seen) byUpdate.set(e.publishedNs, [...(byUpdate.get(e.publishedNs) ?? []), e.node]);
  for (const [published, nodes] of byUpdate) {
    if (published + 5_000_000 + updateNs <= 1_000_000_000) assert.deepEqual(nodes.sort(), [0, 1, 2]);
  }
});

test('no policy or no change rate: nothing is programmed', () => {
  assert.equal(run(config(0, 20), 1_000_000_000).seen.length, 0);
  assert.equal(run(config(10, 0), 1_000_000_000).seen.length, 0);
});
