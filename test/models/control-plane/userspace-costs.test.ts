/**
 * The sync costs besides the kernel writes, exactly on small cases: kube-proxy's loop over
 * Services and endpoints, iptables-save by version and cluster size (every sync in legacy and
 * small clusters, only start-up and periodic syncs past 1,000 endpoints), nftables' ListAll at
 * start-up (and at every sync when asked), and each switch turning its cost off.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { defaultSyncCostSwitches, type SyncTool, UserspaceCosts } from '../../../models/control-plane/userspace-costs.ts';
import { iptablesRuleset, nftablesState, type KubeProxyVersion } from '../../../models/services/kube-proxy-ruleset.ts';

const p = costProfiles['xeon-2019-10gbe'];

function costs(tool: SyncTool, services: number, endpointsPerService: number, version: KubeProxyVersion = 'current', switches = defaultSyncCostSwitches) {
  const shape = { services, endpointsPerService, version };
  return new UserspaceCosts(tool, shape, p, iptablesRuleset(shape), nftablesState(shape), switches);
}

test('kube-proxy\'s own work: per Service and per endpoint, plus IPVS\'s read-back per Service', () => {
  assert.equal(costs('nft', 3, 4).buildNs(), 3 * p.kubeProxyNsPerService + 12 * p.kubeProxyNsPerEndpoint);
  assert.equal(costs('ipvs', 3, 4).buildNs(), 3 * (p.kubeProxyNsPerService + p.ipvsReadNsPerService) + 12 * p.kubeProxyNsPerEndpoint);
  assert.equal(costs('nft', 3, 4, 'current', { ...defaultSyncCostSwitches, userspace: false }).buildNs(), 0);
});

test('iptables-save: every sync in legacy kube-proxy and in clusters of up to 1,000 endpoints', () => {
  const save = (services: number, n: number) => p.iptablesExecNs + iptablesRuleset({ services, endpointsPerService: n, version: 'legacy' }).restoreLines * p.iptablesSaveNsPerLine;
  assert.equal(costs('iptables-restore', 500, 10, 'legacy').saveNs('incremental'), save(500, 10));
  assert.ok(costs('iptables-restore', 100, 10).saves('incremental'), '1,000 endpoints: not a large cluster');
  assert.ok(!costs('iptables-restore', 101, 10).saves('incremental'), '1,010 endpoints: large-cluster mode');
  assert.ok(costs('iptables-restore', 101, 10).saves('periodic') && costs('iptables-restore', 101, 10).saves('startup'));
  for (const tool of ['ipvs', 'nft', 'iptables-commands'] as const) assert.equal(costs(tool, 10, 2, 'legacy').saveNs('incremental'), 0, tool);
  assert.equal(costs('iptables-restore', 500, 10, 'legacy', { ...defaultSyncCostSwitches, iptablesSave: false }).saveNs('incremental'), 0);
});

test('nftables ListAll: every chain and rule at start-up; at incremental syncs only when asked', () => {
  const t = nftablesState({ services: 7, endpointsPerService: 3, version: 'current' });
  const list = Math.round(p.iptablesExecNs + (t.chains + t.rules) * p.nftListNsPerObject);
  assert.equal(costs('nft', 7, 3).listNs('startup'), list);
  assert.equal(costs('nft', 7, 3).listNs('incremental'), 0);
  assert.equal(costs('nft', 7, 3, 'current', { ...defaultSyncCostSwitches, nftablesListEverySync: true }).listNs('incremental'), list);
  assert.equal(costs('iptables-restore', 7, 3).listNs('startup'), 0);
});

test('the listing constant reproduces its source: 40 s for the table of 44,128 one-endpoint Services', () => {
  const seconds = costs('nft', 44128, 1).listNs('startup') / 1e9;
  assert.ok(Math.abs(seconds - 40) < 0.1, `${seconds} s`);
});
