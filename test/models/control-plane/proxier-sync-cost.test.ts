/**
 * Sync cost by mode, in terms of the ruleset's own counts: a full restore grows with the ruleset,
 * a partial one only by KUBE-SERVICES, IPVS and nftables stay flat whatever the number of
 * Services, and partial writes exactly the changed Services' chains on top of the shared lines.
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

const p = costProfiles['xeon-2019-10gbe'];
/** Changed Services of 10 endpoints (the scenarios' size) and endpoints changed. */
const ch = (services: number, endpoints: number) => ({ services, serviceEndpoints: 10 * services, endpoints });
const at = (mode: SyncMode, services: number) =>
  new ProxierSyncCost(mode, { groups: [{ count: services, endpointsPerService: 10 }], version: 'current' }, p);

test('IPVS and nftables: the same change costs the same at 100 and 50,000 Services', () => {
  for (const mode of ['ipvs', 'nftables'] as const) {
    for (const [services, endpoints] of [[1, 1], [3, 12], [20, 40]]) {
      assert.equal(at(mode, 100).syncNs(false, ch(services, endpoints)), at(mode, 50000).syncNs(false, ch(services, endpoints)), mode);
    }
    assert.equal(at(mode, 100).addServiceNs(), at(mode, 50000).addServiceNs(), mode);
  }
});

test('full restore: one restore of the whole ruleset, whatever changed', () => {
  for (const services of [100, 5000, 20000]) {
    const c = at('iptables', services);
    const counts = iptablesRuleset({ groups: [{ count: services, endpointsPerService: 10 }], version: 'current' });
    assert.equal(c.syncNs(false, ch(1, 1)), restoreNs(p, counts.restoreLines, counts.rules));
    assert.equal(c.syncNs(false, ch(7, 30)), c.syncNs(true, ch(0, 0)));
  }
  assert.ok(at('iptables', 20000).syncNs(false, ch(1, 1)) > 3.5 * at('iptables', 5000).syncNs(false, ch(1, 1)));
});

test('partial restore: shared lines plus the changed Services\' chains; the full periodic sync is a full restore', () => {
  const services = 10000;
  const c = at('iptables-partial', services);
  const one = iptablesRuleset({ groups: [{ count: 1, endpointsPerService: 10 }], version: 'current' });
  const two = iptablesRuleset({ groups: [{ count: 2, endpointsPerService: 10 }], version: 'current' });
  const chainLines = two.restoreLines - one.restoreLines - (two.kubeServicesRules - one.kubeServicesRules);
  assert.equal(c.partialLines(ch(5, 0)) - c.partialLines(ch(2, 0)), 3 * chainLines);
  assert.ok(c.partialLines(ch(0, 0)) >= c.counts.kubeServicesRules, 'KUBE-SERVICES is written whole');
  assert.equal(c.syncNs(true, ch(0, 0)), at('iptables', services).syncNs(false, ch(0, 0)));
  assert.ok(c.syncNs(false, ch(1, 1)) < c.syncNs(true, ch(0, 0)) / 5, 'a one-Service partial sync is far cheaper than a full one');
  assert.ok(at('iptables-partial', 20000).syncNs(false, ch(1, 1)) > at('iptables-partial', 1000).syncNs(false, ch(1, 1)));
});

test('the partial restore still pays the whole table commit: it grows with Services, by the table and KUBE-SERVICES', () => {
  const small = at('iptables-partial', 1000), big = at('iptables-partial', 11000);
  const extra = big.syncNs(false, ch(1, 1)) - small.syncNs(false, ch(1, 1));
  const dRules = big.counts.rules - small.counts.rules;
  const dLines = big.counts.kubeServicesRules - small.counts.kubeServicesRules;
  assert.ok(Math.abs(extra - (dRules * p.iptablesTableNsPerRule + dLines * p.iptablesRestoreNsPerLine)) <= 1);
});

test('IPVS and nftables syncs in closed form from the ruleset generator\'s counts', () => {
  const shape = { groups: [{ count: 1000, endpointsPerService: 10 }], version: 'current' as const };
  const ipvs = ipvsState(shape), nft = nftablesState(shape);
  assert.equal(at('ipvs', 1000).syncNs(false, ch(2, 3)), restoreNs(p, ipvs.restoreLines, ipvs.rules) + 3 * p.ipvsNsPerObject);
  // 2 changed Services × (11 chains + 22 rules) objects.
  assert.equal(at('nftables', 1000).syncNs(false, ch(2, 3)), p.nftTxFixedNs + 2 * 33 * p.nftTxNsPerElement);
  assert.equal(at('nftables', 1000).syncNs(true, ch(1000, 10_000)), p.nftTxFixedNs + (nft.chains + nft.rules + nft.elements) * p.nftTxNsPerElement);
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
  assert.equal(nft.syncNs(false, { services: 2, serviceEndpoints: 52, endpoints: 2 }), Math.round(p.nftTxFixedNs + (2 * 3 + 52 * 3) * p.nftTxNsPerElement));
  // One more Service joins the last group: 50 endpoints.
  assert.equal(nft.addServiceNs(), Math.round(p.nftTxFixedNs + (3 + 50 * 3) * p.nftTxNsPerElement));
  // A single group equals the one-size shape in every mode.
  for (const mode of ['iptables', 'iptables-partial', 'iptables-per-rule', 'ipvs', 'nftables'] as const) {
    const a = at(mode, 3000), b = new ProxierSyncCost(mode, { groups: [{ count: 3000, endpointsPerService: 10 }], version: 'current' }, p);
    assert.deepEqual([a.rules, a.addServiceNs(), a.syncNs(true, a.everything), a.syncNs(false, ch(4, 9))], [b.rules, b.addServiceNs(), b.syncNs(true, b.everything), b.syncNs(false, ch(4, 9))]);
  }
});
