/**
 * The iptables proxier: the 1/(n−i) probability chain picks every endpoint with probability 1/n;
 * rules evaluated follow the target's position exactly; positions are uniform, so the mean walk is
 * half of KUBE-SERVICES; a flow matching no Service walks all of it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Streams } from '../../../sim/index.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { IptablesProxier } from '../../../models/services/iptables-proxier.ts';
import { PodAddressing } from '../../../models/datapath/pod-addressing.ts';
import { ServiceCatalogue } from '../../../models/services/service-catalogue.ts';
import { EndpointSets } from '../../../models/services/endpoint-sets.ts';
import { ClientIpAffinity } from '../../../models/services/session-affinity.ts';

const costs = costProfiles['xeon-2019-10gbe'];
const catalogue = (services: number, n: number) => ({ groups: [{ count: services, endpointsPerService: n }], nodePortServices: 0, targetServices: 1, popularity: { kind: 'uniform' as const }, placement: 'otherNodes' as const });

test('probability chain 1/(n−i): uniform over 7 endpoints within 2% (70,000 draws)', () => {
  const stream = new Streams(1, 0).get('chain');
  const n = 7, draws = 70_000;
  const counts = new Array(n).fill(0);
  for (let k = 0; k < draws; k++) counts[IptablesProxier.chooseEndpoint(n, stream)]++;
  for (const c of counts) assert.ok(Math.abs(c / (draws / n) - 1) < 0.02, `${counts}`);
  // Chi-square against uniform, 6 degrees of freedom: below the 99.9% quantile 22.46.
  const chi2 = counts.reduce((s, c) => s + (c - draws / n) ** 2 / (draws / n), 0);
  assert.ok(chi2 < 22.46, `chi2 ${chi2}`);
});

test('one endpoint: the unconditional rule, no draw', () => {
  const stream = new Streams(1, 0).get('chain');
  assert.equal(IptablesProxier.chooseEndpoint(1, stream), 0);
});

test('rules evaluated for a position and endpoint, legacy and current', () => {
  const legacy = new IptablesProxier('legacy', 'clusterIP', catalogue(100, 4), costs, new Streams(1, 0));
  const current = new IptablesProxier('current', 'clusterIP', catalogue(100, 4), costs, new Streams(1, 0));
  // Legacy: 2 rules per Service up to and including the target's, endpoint rules up to i, SEP 2, POSTROUTING 1.
  assert.equal(legacy.rulesFor(0, 0), 2 + 1 + 2 + 1);
  assert.equal(legacy.rulesFor(99, 3), 200 + 4 + 2 + 1);
  // Current: 1 rule per Service, the KUBE-SVC masquerade test first.
  assert.equal(current.rulesFor(0, 0), 1 + 1 + 1 + 2 + 1);
  assert.equal(current.rulesFor(99, 3), 100 + 1 + 4 + 2 + 1);
  // A flow matching no Service: both nat traversals, all of KUBE-SERVICES (with the NODEPORTS jump) and the RETURN.
  assert.equal(current.unmatchedNs, 2 * costs.iptablesTraverseNs + (101 + 1) * costs.iptablesRuleNs);
  assert.equal(legacy.unmatchedNs, 2 * costs.iptablesTraverseNs + (201 + 1) * costs.iptablesRuleNs);
});

test('position uniform over KUBE-SERVICES: mean walk (N+1)/2 Services within 1%, cost = rules × per-rule cost', () => {
  const N = 10_000;
  const p = new IptablesProxier('current', 'clusterIP', catalogue(N, 1), costs, new Streams(3, 0));
  let rules = 0;
  const k = 20_000;
  for (let i = 0; i < k; i++) {
    const sel = p.select(0, 0);
    assert.equal(sel.ns, 2 * costs.iptablesTraverseNs + sel.rulesWalked * costs.iptablesRuleNs + costs.natRewriteNs);
    rules += sel.rulesWalked - 1 - 1 - 2 - 1;
  }
  assert.ok(Math.abs(rules / k / ((N + 1) / 2) - 1) < 0.01, `${rules / k}`);
});

test('through a NodePort: all of KUBE-SERVICES, KUBE-NODEPORTS up to the Service, EXT/mark, SVC, SEP, masquerade', () => {
  const cat = { ...catalogue(100, 4), nodePortServices: 40 };
  const current = new IptablesProxier('current', 'nodePort', cat, costs, new Streams(1, 0));
  const legacy = new IptablesProxier('legacy', 'nodePort', cat, costs, new Streams(1, 0));
  // current: 101 KUBE-SERVICES rules, 0 NodePorts before, jump + EXT (2), MARK-MASQ 1, SVC masq test 1,
  // endpoint rule 1, SEP 2, KUBE-POSTROUTING 3.
  assert.equal(current.nodePortRulesFor(0, 0), 101 + 1 + 2 + 1 + 1 + 1 + 2 + 3);
  // legacy: 201 KUBE-SERVICES rules, 39 NodePorts of 2 rules before, mark + jump, MARK-MASQ 1, endpoint rules 4, SEP 2, 3.
  assert.equal(legacy.nodePortRulesFor(39, 3), 201 + 78 + 2 + 1 + 4 + 2 + 3);
  const sel = current.select(0, 0);
  assert.equal(sel.ns, 2 * costs.iptablesTraverseNs + sel.rulesWalked * costs.iptablesRuleNs + costs.natRewriteNs + costs.masqueradeNs);
  assert.equal(current.translateNs, 2 * costs.natRewriteNs); // DNAT and SNAT undone on every later packet
});

test('mixed sizes: the called Service first or last in KUBE-SERVICES, its own endpoints in KUBE-SVC; other Services stay uniform', () => {
  const groups = [{ count: 999, endpointsPerService: 2 }, { count: 1, endpointsPerService: 50 }];
  const at = (position: 'first' | 'last') => new IptablesProxier('current', 'clusterIP',
    { groups, nodePortServices: 0, firstTarget: 999, targetServices: 1, popularity: { kind: 'uniform' }, position }, costs, new Streams(1, 0));
  const last = at('last'), first = at('first');
  const endpoints = new Set<number>();
  for (let i = 0; i < 2000; i++) {
    const l = last.select(0, 999), f = first.select(0, 999);
    endpoints.add(l.endpoint);
    // Last: all 1,000 KUBE-SERVICES rules, the masquerade rule, endpoint + 1 jumps, SEP 2, POSTROUTING 1.
    assert.equal(l.rulesWalked, 1000 + 1 + (l.endpoint + 1) + 2 + 1);
    assert.equal(f.rulesWalked, 1 + 1 + (f.endpoint + 1) + 2 + 1);
  }
  assert.equal(endpoints.size, 50, 'the large Service\'s 50 endpoints');
  // A Service the clients do not target (kube-dns's lookups) keeps the uniform position.
  const walks = new Set(Array.from({ length: 200 }, () => last.select(0, 5).rulesWalked));
  assert.ok(walks.size > 50 && Math.max(...walks) <= 1000 + 1 + 2 + 2 + 1);
});

function optionsFrame(policy: 'Cluster' | 'Local', affinityNs?: number, nodePortServices = 40) {
  const addressing = new PodAddressing({ clusterCidr: '10.244.0.0/16', nodeCidrMaskSize: 24, nodes: 4, podsPerNode: 110 });
  const config = { groups: [{ count: 100, endpointsPerService: 6 }], nodePortServices, targetServices: 1, popularity: { kind: 'uniform' as const }, placement: 'clientNode' as const };
  const cat = new ServiceCatalogue(config, addressing, [0, 1, 2, 3]);
  const endpoints = new EndpointSets({ externalTrafficPolicy: policy, trafficDistribution: null, zones: 1 }, cat, 'nodePort');
  const affinity = affinityNs === undefined ? undefined : new ClientIpAffinity(affinityNs);
  return { cat, proxier: (v: 'legacy' | 'current') => new IptablesProxier(v, 'nodePort', config, costs, new Streams(1, 0), { endpoints, affinity }) };
}

test('externalTrafficPolicy Local: KUBE-NODEPORTS jump, KUBE-EXT 4, KUBE-SVL over the local endpoints, SEP, RETURN; fewer than Cluster, no masquerade', () => {
  const local = optionsFrame('Local').proxier('current');
  const cluster = optionsFrame('Cluster').proxier('current');
  // KUBE-SERVICES 101, KUBE-NODEPORTS up to position 0, head 5, endpoint 1 of KUBE-SVL, SEP 2, RETURN 1.
  assert.equal(local.localNodePortRulesFor(0, 0), 101 + 5 + 1 + 2 + 1);
  assert.equal(cluster.nodePortRulesFor(0, 0), 101 + 1 + 2 + 1 + 1 + 1 + 2 + 3);
  assert.equal(cluster.nodePortRulesFor(0, 0) - local.localNodePortRulesFor(0, 0), 2);
  // Legacy: the loopback mark test, the jump and KUBE-XLB's 3 head rules: also 5.
  assert.equal(optionsFrame('Local').proxier('legacy').localNodePortRulesFor(0, 0), 201 + 5 + 1 + 2 + 1);
  // Node 2 has one local endpoint (endpoint 2): every selection takes it, unmasqueraded.
  for (let k = 0; k < 50; k++) {
    const sel = local.select(2, 0);
    assert.equal(sel.endpoint, 2);
    assert.equal(sel.masquerade, false);
    assert.equal(sel.ns, 2 * costs.iptablesTraverseNs + sel.rulesWalked * costs.iptablesRuleNs + costs.natRewriteNs);
    assert.match(sel.chains!, /KUBE-NODEPORTS → KUBE-EXT → KUBE-SVL → KUBE-SEP/);
  }
  const c = cluster.select(2, 0);
  assert.equal(c.masquerade, true);
  assert.equal(local.translateNs, costs.natRewriteNs);
  assert.equal(cluster.translateNs, 2 * costs.natRewriteNs);
  // Node 0 has endpoints 0 and 4, nothing else.
  const seen = new Set<number>();
  for (let k = 0; k < 200; k++) seen.add(local.select(0, 0).endpoint);
  assert.deepEqual([...seen].sort(), [0, 4]);
});

test('sessionAffinity ClientIP: the same client stays on its endpoint within the timeout, and is balanced afresh after it', () => {
  const T = 10800e9;
  const p = optionsFrame('Cluster', T).proxier('current');
  const first = p.select(1, 0, 42, 0);
  assert.equal(first.sticky, false);
  for (let k = 1; k <= 100; k++) {
    const sel = p.select(1, 0, 42, k * 1e9);
    assert.equal(sel.endpoint, first.endpoint);
    assert.equal(sel.sticky, true);
    assert.match(sel.chains!, /KUBE-SVC \(recent --rcheck ×\d\) → KUBE-SEP \(recent --set\)/);
  }
  // T after its last new connection the client is forgotten: a new draw.
  assert.equal(p.select(1, 0, 42, 100e9 + T).sticky, false);
  // Another client address is a new client.
  assert.equal(p.select(1, 0, 43, 101e9).sticky, false);
});

test('affinity\'s walk, exact: a new client fails all n recent checks, then the statistic rules; a remembered one stops at its endpoint\'s check', () => {
  const p = optionsFrame('Cluster', 1e12, 1).proxier('current');
  const c = costs;
  for (let client = 0; client < 20; client++) {
    const miss = p.select(1, 0, client, 0);
    const hit = p.select(1, 0, client, 1);
    const e = miss.endpoint;
    assert.equal(hit.endpoint, e);
    // Miss: the NodePort walk to endpoint e and 6 failed checks; hit: e + 1 checks instead of the
    // e + 1 statistic rules.
    assert.equal(miss.rulesWalked, p.nodePortRulesFor(0, e) + 6);
    assert.equal(hit.rulesWalked, p.nodePortRulesFor(0, e));
    const fixed = 2 * c.iptablesTraverseNs + c.natRewriteNs + c.masqueradeNs;
    assert.equal(miss.ns, fixed + miss.rulesWalked * c.iptablesRuleNs + (6 + 1) * c.ipsetLookupNs);
    assert.equal(hit.ns, fixed + hit.rulesWalked * c.iptablesRuleNs + (e + 1 + 1) * c.ipsetLookupNs);
  }
});

test('rules by node: Local and affinity counted on each node; `rules` is their mean', () => {
  // 100 Services of 6 endpoints on the 4 nodes (150 each), the first 40 NodePorts, every one
  // with endpoints on every node: Cluster 9 + 100 × 20 + 40 × 3 = 2,129 everywhere.
  const cluster = optionsFrame('Cluster').proxier('current');
  assert.deepEqual(cluster.rulesByNode, null);
  assert.equal(cluster.rules, 2129);
  // Local: KUBE-EXT + 1 and the jump to KUBE-SVL (+ 2 × 40), the node's local endpoints of the
  // 40 NodePorts (60 of their 240) as KUBE-SVL jumps, 40 health-check ACCEPTs, no DROP.
  const local = optionsFrame('Local').proxier('current');
  assert.deepEqual(local.rulesByNode, [0, 1, 2, 3].map(() => 2129 + 80 + 60 + 40));
  // Affinity: 600 recent rules in the KUBE-SVC chains, 60 in each node's KUBE-SVL chains.
  assert.deepEqual(optionsFrame('Local', 1e9).proxier('current').rulesByNode, [0, 1, 2, 3].map(() => 2129 + 180 + 600 + 60));
  assert.equal(optionsFrame('Cluster', 1e9).proxier('current').rules, 2129 + 600);
});
