/**
 * Sync cost by mode, in terms of the ruleset's own counts: a full restore grows with the ruleset,
 * a partial one only by KUBE-SERVICES, IPVS's and nftables' kernel writes stay flat whatever the
 * number of Services, partial writes exactly the changed Services' chains on top of the shared
 * lines, and kube-proxy's own work adds the same O(Services + endpoints) to every mode; the
 * nftables points of kubernetes PR 126013 and issue 139513.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { restoreNs } from '../../../models/control-plane/iptables-restore.ts';
import { iptablesRuleset, ipvsState, nftablesState } from '../../../models/services/kube-proxy-ruleset.ts';
import { createProxy } from '../../../models/services/service-proxy.ts';
import { Streams } from '../../../sim/index.ts';
import { PodAddressing } from '../../../models/datapath/pod-addressing.ts';
import { ProxierSyncCost, type SyncMode } from '../../../models/control-plane/proxier-sync-cost.ts';
import published from '../../../reports/reference/published.json' with { type: 'json' };

const p = costProfiles['xeon-2019-10gbe'];
const at = (mode: SyncMode, services: number) =>
  new ProxierSyncCost(mode, { services, endpointsPerService: 10, version: 'current' }, p);

test('IPVS and nftables: the same change\'s kernel writes cost the same at 100 and 50,000 Services', () => {
  for (const mode of ['ipvs', 'nftables'] as const) {
    for (const [services, endpoints] of [[1, 1], [3, 12], [20, 40]]) {
      assert.equal(at(mode, 100).kernelNs('incremental', services, endpoints), at(mode, 50000).kernelNs('incremental', services, endpoints), mode);
    }
  }
});

test('every mode adds kube-proxy\'s own work over every Service and endpoint at every sync', () => {
  for (const mode of ['iptables-partial', 'ipvs', 'nftables'] as const) {
    const small = at(mode, 200), big = at(mode, 50000); // both over 1,000 endpoints: no save
    const extra = big.syncNs('incremental', 1, 1) - big.kernelNs('incremental', 1, 1) - (small.syncNs('incremental', 1, 1) - small.kernelNs('incremental', 1, 1));
    const read = mode === 'ipvs' ? p.ipvsReadNsPerService : 0;
    assert.equal(extra, 49_800 * (p.kubeProxyNsPerService + 10 * p.kubeProxyNsPerEndpoint + read), mode);
  }
});

test('full restore: one restore of the whole ruleset, whatever changed', () => {
  for (const services of [100, 5000, 20000]) {
    const c = at('iptables', services);
    const counts = iptablesRuleset({ services, endpointsPerService: 10, version: 'current' });
    assert.equal(c.kernelNs('incremental', 1, 1), restoreNs(p, counts.restoreLines, counts.rules));
    assert.equal(c.kernelNs('incremental', 7, 30), c.kernelNs('startup', 0, 0));
  }
  assert.ok(at('iptables', 20000).syncNs('incremental', 1, 1) > 3.5 * at('iptables', 5000).syncNs('incremental', 1, 1));
});

test('partial restore: shared lines plus the changed Services\' chains; the full periodic sync is a full restore', () => {
  const services = 10000;
  const c = at('iptables-partial', services);
  const one = iptablesRuleset({ services: 1, endpointsPerService: 10, version: 'current' });
  const two = iptablesRuleset({ services: 2, endpointsPerService: 10, version: 'current' });
  const chainLines = two.restoreLines - one.restoreLines - (two.kubeServicesRules - one.kubeServicesRules);
  assert.equal(c.partialLines(5) - c.partialLines(2), 3 * chainLines);
  assert.ok(c.partialLines(0) >= c.counts.kubeServicesRules, 'KUBE-SERVICES is written whole');
  assert.equal(c.kernelNs('periodic', 0, 0), at('iptables', services).kernelNs('incremental', 0, 0));
  assert.equal(c.syncNs('periodic', 0, 0), at('iptables', services).syncNs('periodic', 0, 0));
  assert.ok(c.syncNs('incremental', 1, 1) < c.syncNs('startup', 0, 0) / 5, 'a one-Service partial sync is far cheaper than a full one');
  assert.ok(at('iptables-partial', 20000).syncNs('incremental', 1, 1) > at('iptables-partial', 1000).syncNs('incremental', 1, 1));
});

test('the partial restore still pays the whole table commit: it grows with Services, by the table and KUBE-SERVICES', () => {
  const small = at('iptables-partial', 1000), big = at('iptables-partial', 11000);
  const extra = big.kernelNs('incremental', 1, 1) - small.kernelNs('incremental', 1, 1);
  const dRules = big.counts.rules - small.counts.rules;
  const dLines = big.counts.kubeServicesRules - small.counts.kubeServicesRules;
  assert.ok(Math.abs(extra - (dRules * p.iptablesTableNsPerRule + dLines * p.iptablesRestoreNsPerLine)) <= 1);
});

test('IPVS and nftables syncs in closed form from the ruleset generator\'s counts', () => {
  const shape = { services: 1000, endpointsPerService: 10, version: 'current' as const };
  const ipvs = ipvsState(shape), nft = nftablesState(shape);
  const build = 1000 * p.kubeProxyNsPerService + 10_000 * p.kubeProxyNsPerEndpoint;
  const ipvsRestore = restoreNs(p, ipvs.restoreLines, ipvs.rules);
  const reads = 1000 * p.ipvsReadNsPerService;
  assert.equal(at('ipvs', 1000).syncNs('incremental', 2, 3), ipvsRestore + 3 * p.ipvsNsPerObject + build + reads);
  // Start-up: 1,000 virtual servers, 10,000 real servers, 1,000 ipset members written.
  assert.equal(at('ipvs', 1000).syncNs('startup', 0, 0), ipvsRestore + 12_000 * p.ipvsNsPerObject + build + reads);
  // 2 changed Services × (11 chains + 22 rules) objects.
  assert.equal(at('nftables', 1000).syncNs('incremental', 2, 3), p.nftTxFixedNs + 2 * 33 * p.nftTxNsPerElement + build);
  // Start-up: the table listed (chains and rules), then written whole in one transaction.
  const list = p.iptablesExecNs + (nft.chains + nft.rules) * p.nftListNsPerObject;
  const tx = p.nftTxFixedNs + (nft.chains + nft.rules + nft.elements) * p.nftFullTxNsPerObject;
  assert.equal(at('nftables', 1000).syncNs('startup', 0, 0), Math.round(tx) + Math.round(list) + build);
});

const nftPoints = (published.references.find((r) => r.id === 'nftables-kube-proxy-sync-2024-2026')!.points as { what: string; seconds: number }[]);
const nftPoint = (what: string) => nftPoints.find((q) => q.what.startsWith(what))!.seconds;

test('nftables, PR 126013: adding one Service when 10,000 of 2 endpoints exist, within x2 of 141 ms', () => {
  const seconds = new ProxierSyncCost('nftables', { services: 10000, endpointsPerService: 2, version: 'current' }, p).addServiceNs() / 1e9;
  const ratio = seconds / nftPoint('add one Service when 10,000 exist, with partial sync');
  assert.ok(ratio > 0.5 && ratio < 2, `${seconds.toFixed(3)} s (x${ratio.toFixed(2)})`);
});

test('nftables, issue 139513: an incremental sync at 44,128 Services is an honest miss, x0.40 of 1.33 s', () => {
  // The patched kube-proxy skips ListAll on incremental syncs (the default here). The model's
  // O(Services + endpoints) work gives 0.53 s: under the published 1.33 s by more than the x2
  // asked (README, Known gaps); this pins the miss so a change to it is seen.
  const seconds = new ProxierSyncCost('nftables', { services: 44128, endpointsPerService: 1, version: 'current' }, p).syncNs('incremental', 1, 1) / 1e9;
  const ratio = seconds / nftPoint('incremental sync at 44,128 Services');
  assert.ok(ratio > 0.35 && ratio < 0.45, `${seconds.toFixed(3)} s (x${ratio.toFixed(2)})`);
  const listing = new ProxierSyncCost('nftables', { services: 44128, endpointsPerService: 1, version: 'current' }, p, { userspace: true, iptablesSave: true, nftablesListEverySync: true });
  assert.ok(listing.syncNs('incremental', 1, 1) / 1e9 > 40, 'kube-proxy 1.36 lists the table (40 s) at every sync');
});

test('nftables start-up at 10,000 Services: orders of magnitude slower than its incremental syncs, as published', () => {
  const c = new ProxierSyncCost('nftables', { services: 10000, endpointsPerService: 2, version: 'current' }, p);
  const startup = c.syncNs('startup', 0, 0), incremental = c.addServiceNs();
  const published = nftPoint('add one Service when 10,000 exist, before partial sync') / nftPoint('add one Service when 10,000 exist, with partial sync');
  assert.ok(startup / incremental > 1000 && published > 1000, `x${(startup / incremental).toFixed(0)} (published x${published.toFixed(0)})`);
  // Before partial sync every sync was a full one: ~480 s, against the model's start-up transaction.
  const ratio = startup / 1e9 / nftPoint('add one Service when 10,000 exist, before partial sync');
  assert.ok(ratio > 0.5 && ratio < 2, `start-up ${(startup / 1e9).toFixed(0)} s (x${ratio.toFixed(2)} of ~480 s)`);
});

test('one rule count: a Service scenario\'s proxier and a control-plane scenario\'s sync cost agree', () => {
  const streams = new Streams(1, 0);
  const addressing = new PodAddressing({ clusterCidr: '10.0.0.0/11', nodeCidrMaskSize: 24, nodes: 4, podsPerNode: 110 });
  for (const [services, endpointsPerService, nodePortServices] of [[1, 1, 0], [1000, 10, 0], [5000, 2, 3]]) {
    const catalogue = { services, endpointsPerService, nodePortServices, targetServices: services, popularity: { kind: 'uniform' as const } };
    for (const version of ['legacy', 'current'] as const) {
      for (const mode of ['iptables', 'ipvs', 'nftables'] as const) {
        if (mode === 'nftables' && version === 'legacy') continue;
        const proxy = createProxy({ mode, version, scheduler: 'rr', via: 'clusterIP' }, catalogue, p, streams, addressing);
        const sync = new ProxierSyncCost(mode, { services, endpointsPerService, nodePortServices, version }, p);
        assert.equal(proxy.rules, sync.rules, `${mode} ${version} ${services}`);
      }
    }
  }
});
