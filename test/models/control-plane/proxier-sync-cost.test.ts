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
/** Changed Services of 10 endpoints (the scenarios' size) and endpoints changed. */
const ch = (services: number, endpoints: number) => ({ services, serviceEndpoints: 10 * services, endpoints });
const at = (mode: SyncMode, services: number) =>
  new ProxierSyncCost(mode, { groups: [{ count: services, endpointsPerService: 10 }], version: 'current' }, p);

test('IPVS and nftables: the same change\'s kernel writes cost the same at 100 and 50,000 Services', () => {
  for (const mode of ['ipvs', 'nftables'] as const) {
    for (const [services, endpoints] of [[1, 1], [3, 12], [20, 40]]) {
      assert.equal(at(mode, 100).kernelNs('incremental', ch(services, endpoints)), at(mode, 50000).kernelNs('incremental', ch(services, endpoints)), mode);
    }
  }
});

test('every mode adds kube-proxy\'s own work over every Service and endpoint at every sync', () => {
  for (const mode of ['iptables-partial', 'ipvs', 'nftables'] as const) {
    const small = at(mode, 200), big = at(mode, 50000); // both over 1,000 endpoints: no save
    const extra = big.syncNs('incremental', ch(1, 1)) - big.kernelNs('incremental', ch(1, 1)) - (small.syncNs('incremental', ch(1, 1)) - small.kernelNs('incremental', ch(1, 1)));
    const read = mode === 'ipvs' ? p.ipvsReadNsPerService : 0;
    assert.equal(extra, 49_800 * (p.kubeProxyNsPerService + 10 * p.kubeProxyNsPerEndpoint + read), mode);
  }
});

test('full restore: one restore of the whole ruleset, whatever changed', () => {
  for (const services of [100, 5000, 20000]) {
    const c = at('iptables', services);
    const counts = iptablesRuleset({ groups: [{ count: services, endpointsPerService: 10 }], version: 'current' });
    assert.equal(c.kernelNs('incremental', ch(1, 1)), restoreNs(p, counts.restoreLines, counts.rules));
    assert.equal(c.kernelNs('incremental', ch(7, 30)), c.kernelNs('startup', ch(0, 0)));
  }
  assert.ok(at('iptables', 20000).syncNs('incremental', ch(1, 1)) > 3.5 * at('iptables', 5000).syncNs('incremental', ch(1, 1)));
});

test('partial restore: shared lines plus the changed Services\' chains; the full periodic sync is a full restore', () => {
  const services = 10000;
  const c = at('iptables-partial', services);
  const one = iptablesRuleset({ groups: [{ count: 1, endpointsPerService: 10 }], version: 'current' });
  const two = iptablesRuleset({ groups: [{ count: 2, endpointsPerService: 10 }], version: 'current' });
  const chainLines = two.restoreLines - one.restoreLines - (two.kubeServicesRules - one.kubeServicesRules);
  assert.equal(c.partialLines(ch(5, 0)) - c.partialLines(ch(2, 0)), 3 * chainLines);
  assert.ok(c.partialLines(ch(0, 0)) >= c.counts.kubeServicesRules, 'KUBE-SERVICES is written whole');
  // Every Service changed: the partial restore writes the whole ruleset, line for line (the closing
  // KUBE-NODEPORTS jump of KUBE-SERVICES once).
  assert.equal(c.partialLines(ch(services, 0)), c.counts.restoreLines);
  for (const nodePortServices of [0, 40]) {
    const n = new ProxierSyncCost('iptables-partial', { groups: [{ count: 100, endpointsPerService: 10 }], nodePortServices, version: 'current' }, p);
    assert.equal(n.partialLines(ch(100, 0)), n.counts.restoreLines, `nodePortServices ${nodePortServices}`);
  }
  assert.equal(c.kernelNs('periodic', ch(0, 0)), at('iptables', services).kernelNs('incremental', ch(0, 0)));
  assert.equal(c.syncNs('periodic', ch(0, 0)), at('iptables', services).syncNs('periodic', ch(0, 0)));
  assert.ok(c.syncNs('incremental', ch(1, 1)) < c.syncNs('startup', ch(0, 0)) / 5, 'a one-Service partial sync is far cheaper than a full one');
  assert.ok(at('iptables-partial', 20000).syncNs('incremental', ch(1, 1)) > at('iptables-partial', 1000).syncNs('incremental', ch(1, 1)));
});

test('the partial restore still pays the whole table commit: it grows with Services, by the table and KUBE-SERVICES', () => {
  const small = at('iptables-partial', 1000), big = at('iptables-partial', 11000);
  const extra = big.kernelNs('incremental', ch(1, 1)) - small.kernelNs('incremental', ch(1, 1));
  const dRules = big.counts.rules - small.counts.rules;
  const dLines = big.counts.kubeServicesRules - small.counts.kubeServicesRules;
  assert.ok(Math.abs(extra - (dRules * p.iptablesTableNsPerRule + dLines * p.iptablesRestoreNsPerLine)) <= 1);
});

test('IPVS and nftables syncs in closed form from the ruleset generator\'s counts', () => {
  const shape = { groups: [{ count: 1000, endpointsPerService: 10 }], version: 'current' as const };
  const ipvs = ipvsState(shape), nft = nftablesState(shape);
  const build = 1000 * p.kubeProxyNsPerService + 10_000 * p.kubeProxyNsPerEndpoint;
  const ipvsRestore = restoreNs(p, ipvs.restoreLines, ipvs.rules);
  const reads = 1000 * p.ipvsReadNsPerService;
  assert.equal(at('ipvs', 1000).syncNs('incremental', ch(2, 3)), ipvsRestore + 3 * p.ipvsNsPerObject + build + reads);
  // Start-up: 1,000 virtual servers, 10,000 real servers, 1,000 ipset members written.
  assert.equal(at('ipvs', 1000).syncNs('startup', ch(0, 0)), ipvsRestore + 12_000 * p.ipvsNsPerObject + build + reads);
  // 2 changed Services × (11 chains + 22 rules) objects.
  assert.equal(at('nftables', 1000).syncNs('incremental', ch(2, 3)), p.nftTxFixedNs + 2 * 33 * p.nftTxNsPerElement + build);
  // Start-up: the table listed (chains and rules), then written whole in one transaction.
  const list = p.iptablesExecNs + (nft.chains + nft.rules) * p.nftListNsPerObject;
  const tx = p.nftTxFixedNs + (nft.chains + nft.rules + nft.elements) * p.nftFullTxNsPerObject;
  assert.equal(at('nftables', 1000).syncNs('startup', ch(0, 0)), Math.round(tx) + Math.round(list) + build);
});

const nftPoints = (published.references.find((r) => r.id === 'nftables-kube-proxy-sync-2024-2026')!.points as { what: string; seconds: number }[]);
const nftPoint = (what: string) => nftPoints.find((q) => q.what.startsWith(what))!.seconds;

test('nftables, PR 126013: adding one Service when 10,000 of 2 endpoints exist, within x2 of 141 ms', () => {
  const seconds = new ProxierSyncCost('nftables', { groups: [{ count: 10000, endpointsPerService: 2 }], version: 'current' }, p).addServiceNs() / 1e9;
  const ratio = seconds / nftPoint('add one Service when 10,000 exist, with partial sync');
  assert.ok(ratio > 0.5 && ratio < 2, `${seconds.toFixed(3)} s (x${ratio.toFixed(2)})`);
});

test('nftables, issue 139513: an incremental sync at 44,128 Services is an honest miss, x0.40 of 1.33 s', () => {
  // The patched kube-proxy skips ListAll on incremental syncs (the default here). The model's
  // O(Services + endpoints) work gives 0.53 s: under the published 1.33 s by more than the x2
  // asked (README, Known gaps); this pins the miss so a change to it is seen.
  const seconds = new ProxierSyncCost('nftables', { groups: [{ count: 44128, endpointsPerService: 1 }], version: 'current' }, p).syncNs('incremental', { services: 1, serviceEndpoints: 1, endpoints: 1 }) / 1e9;
  const ratio = seconds / nftPoint('incremental sync at 44,128 Services');
  assert.ok(ratio > 0.35 && ratio < 0.45, `${seconds.toFixed(3)} s (x${ratio.toFixed(2)})`);
  const listing = new ProxierSyncCost('nftables', { groups: [{ count: 44128, endpointsPerService: 1 }], version: 'current' }, p, { userspace: true, iptablesSave: true, nftablesListEverySync: true });
  assert.ok(listing.syncNs('incremental', ch(1, 1)) / 1e9 > 40, 'kube-proxy 1.36 lists the table (40 s) at every sync');
});

test('nftables start-up at 10,000 Services: orders of magnitude slower than its incremental syncs, as published', () => {
  const c = new ProxierSyncCost('nftables', { groups: [{ count: 10000, endpointsPerService: 2 }], version: 'current' }, p);
  const startup = c.syncNs('startup', ch(0, 0)), incremental = c.addServiceNs();
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
    const groups = [{ count: services, endpointsPerService }];
    const catalogue = { groups, nodePortServices, targetServices: services, popularity: { kind: 'uniform' as const } };
    for (const version of ['legacy', 'current'] as const) {
      for (const mode of ['iptables', 'ipvs', 'nftables'] as const) {
        if (mode === 'nftables' && version === 'legacy') continue;
        const proxy = createProxy({ mode, version, scheduler: 'rr', via: 'clusterIP' }, catalogue, p, streams, addressing);
        const sync = new ProxierSyncCost(mode, { groups, nodePortServices, version }, p);
        assert.equal(proxy.rules, sync.rules, `${mode} ${version} ${services}`);
      }
    }
  }
});

test('mixed sizes: a partial restore writes each changed Service\'s own chains; the full sync and the new Service sum per group', () => {
  const groups = [{ count: 19_000, endpointsPerService: 2 }, { count: 1000, endpointsPerService: 50 }];
  const c = new ProxierSyncCost('iptables-partial', { groups, version: 'current' }, p);
  // Current layout: a Service's chains are :KUBE-SVC, its masquerade rule, and per endpoint a
  // jump, a :KUBE-SEP line and its 2 rules: 2 + 4n lines, 10 for a small Service, 202 for a large.
  const none = c.partialLines({ services: 0, serviceEndpoints: 0, endpoints: 0 });
  assert.equal(c.partialLines({ services: 1, serviceEndpoints: 2, endpoints: 1 }) - none, 10);
  assert.equal(c.partialLines({ services: 3, serviceEndpoints: 2 + 2 * 50, endpoints: 3 }) - none, 10 + 2 * 202);
  assert.deepEqual(c.everything, { services: 20_000, serviceEndpoints: 88_000, endpoints: 88_000 });
  // nftables: a changed Service's chains and rules, 3 + 3n objects.
  const nft = new ProxierSyncCost('nftables', { groups, version: 'current' }, p);
  assert.equal(nft.kernelNs('incremental', { services: 2, serviceEndpoints: 52, endpoints: 2 }), Math.round(p.nftTxFixedNs + (2 * 3 + 52 * 3) * p.nftTxNsPerElement));
  // One more Service joins the last group: 50 endpoints.
  const none0 = { services: 0, serviceEndpoints: 0, endpoints: 0 };
  const ownWork = nft.syncNs('incremental', none0) - nft.kernelNs('incremental', none0);
  assert.equal(nft.addServiceNs() - ownWork, Math.round(p.nftTxFixedNs + (3 + 50 * 3) * p.nftTxNsPerElement));
  // A single group equals the one-size shape in every mode.
  for (const mode of ['iptables', 'iptables-partial', 'iptables-per-rule', 'ipvs', 'nftables'] as const) {
    const a = at(mode, 3000), b = new ProxierSyncCost(mode, { groups: [{ count: 3000, endpointsPerService: 10 }], version: 'current' }, p);
    assert.deepEqual([a.rules, a.addServiceNs(), a.syncNs('startup', a.everything), a.syncNs('incremental', ch(4, 9))], [b.rules, b.addServiceNs(), b.syncNs('startup', b.everything), b.syncNs('incremental', ch(4, 9))]);
  }
});

test('the Service options in the sync cost: affinity\'s recent rules and nft sets, Local\'s chains and filter rules, IPVS persistence free', () => {
  const groups = [{ count: 1000, endpointsPerService: 10 }];
  const plain = { groups, nodePortServices: 1000, version: 'current' as const };
  // This node: every NodePort has 2 of its 10 endpoints here.
  const node = { clusterEndpoints: 10_000, reachableEndpoints: 10_000, localServices: 1000, localEndpoints: 2000, nodePortRealServers: 2000 };
  const cost = (mode: SyncMode, o: { affinity?: boolean; local?: boolean }) => new ProxierSyncCost(mode, { ...plain, ...o, ...(o.local && { node }) }, p);
  // Full restore with affinity: 10,000 recent rules more, one line each.
  const aff = cost('iptables', { affinity: true });
  assert.equal(aff.counts.restoreLines - cost('iptables', {}).counts.restoreLines, 10_000);
  assert.equal(aff.kernelNs('incremental', ch(1, 1)), restoreNs(p, aff.counts.restoreLines, aff.counts.rules));
  // Partial: a changed Service's chains hold one recent rule per endpoint more.
  const partial = (o: { affinity?: boolean; local?: boolean }) => cost('iptables-partial', o);
  assert.equal(partial({ affinity: true }).partialLines(ch(3, 0)) - partial({}).partialLines(ch(3, 0)), 30);
  // Local: the 2,000 filter rules (1,000 health-check ACCEPTs, no DROP here) written at every
  // sync; per changed Service the mean of its Local chains: KUBE-EXT +2, KUBE-SVL's chain line
  // and 2 jumps = 5 lines.
  const loc = partial({ local: true });
  assert.equal(loc.counts.filterOptionRules, 1000);
  assert.equal(loc.counts.localChainLines, 5000);
  assert.equal(loc.partialLines(ch(4, 0)) - partial({}).partialLines(ch(4, 0)), 1000 + 4 * 5);
  // nftables: a changed Service's 10 affinity sets, 20 rules more; the full transaction
  // carries every set.
  const nA = cost('nftables', { affinity: true }), n0 = cost('nftables', {});
  assert.equal(nA.kernelNs('incremental', ch(2, 0)) - n0.kernelNs('incremental', ch(2, 0)), Math.round(2 * 30 * p.nftTxNsPerElement));
  const full = nftablesState({ ...plain, affinity: true });
  assert.equal(full.sets, 10_000);
  assert.equal(nA.kernelNs('startup', ch(0, 0)), Math.round(p.nftTxFixedNs + (full.chains + full.rules + full.elements + full.sets) * p.nftFullTxNsPerObject));
  // IPVS: persistence is a flag; Local: 2,000 ipset members more, the NodePorts' real servers
  // the 2,000 local ones instead of 10,000, one iptables rule more.
  assert.equal(cost('ipvs', { affinity: true }).syncNs('startup', ch(0, 0)), cost('ipvs', {}).syncNs('startup', ch(0, 0)));
  const v = ipvsState({ ...plain, local: true, node });
  assert.deepEqual([v.rules, v.ipsetMembers, v.realServers], [22, 4000, 12_000]);
  assert.equal(cost('ipvs', { local: true }).kernelNs('startup', ch(0, 0)), restoreNs(p, v.restoreLines, v.rules) + Math.round((2000 + 12_000 + 4000) * p.ipvsNsPerObject));
});
