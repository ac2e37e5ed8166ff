/**
 * A connection's netfilter steps as `trace` names them: a NEW flow's steps on each node add up to
 * the terms the connection model charges (lookup miss, selection, filter, insert; unmatched nat
 * on the endpoint's node), a NodePort selection shows its MASQUERADE as a POSTROUTING step of
 * its own without changing the total, and an established packet hits and is translated.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Streams } from '../../../sim/index.ts';
import { ConntrackTable, kubeProxyTimeoutsNs } from '../../../models/netfilter/conntrack-table.ts';
import type { ServiceCatalogueConfig } from '../../../models/services/service-catalogue.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { IptablesProxier } from '../../../models/services/iptables-proxier.ts';
import { IptablesPolicyChains } from '../../../models/policy/iptables-policy-chains.ts';
import { establishedWork, newFlowWork } from '../../../models/services/netfilter-steps.ts';
import type { ServiceAddress } from '../../../models/services/proxier.ts';

const costs = costProfiles['xeon-2019-10gbe'];
const services: ServiceCatalogueConfig = { groups: [{ count: 1000, endpointsPerService: 10 }], nodePortServices: 1000, targetServices: 1, popularity: { kind: 'uniform' } };
const table = () => new ConntrackTable({ max: 1000, buckets: 250, timeoutsNs: kubeProxyTimeoutsNs }, costs);
const sum = (steps: readonly { ns: number }[]) => steps.reduce((n, s) => n + s.ns, 0);

for (const via of ['clusterIP', 'nodePort'] as ServiceAddress[]) {
  test(`iptables via ${via}: a NEW flow's steps add up to what the model charges on each node`, () => {
    const proxy = new IptablesProxier('current', via, services, costs, new Streams(1, 0));
    const sel = proxy.select(0, 0);
    const c = { proxy, via, costs, client: table(), endpoint: table() };
    const w = newFlowWork(c, sel);
    assert.equal(sum(w.sender), costs.conntrackLookupNs + sel.ns + proxy.filterNs + costs.conntrackInsertNs);
    assert.equal(sum(w.receiver), costs.conntrackLookupNs + proxy.unmatchedNs + proxy.filterNs + costs.conntrackInsertNs);
    const snat = w.sender.filter((s) => s.name.startsWith('POSTROUTING'));
    assert.deepEqual(snat.map((s) => s.ns), via === 'nodePort' ? [costs.masqueradeNs] : []);
    assert.match(w.sender[1].name, new RegExp(`\\(${sel.rulesWalked} rules\\)$`));
    assert.deepEqual(newFlowWork({ ...c, endpoint: null }, sel).receiver, []);
  });
}

test('an established packet: a hit and the translation on the client\'s node, a hit on the endpoint\'s', () => {
  const proxy = new IptablesProxier('current', 'clusterIP', services, costs, new Streams(1, 0));
  const w = establishedWork({ proxy, via: 'clusterIP', costs, client: table(), endpoint: table() }, true);
  assert.deepEqual(w.sender.map((s) => s.ns), [costs.conntrackLookupNs, proxy.translateNs, proxy.filterNs]);
  assert.deepEqual(w.receiver.map((s) => s.ns), [costs.conntrackLookupNs, proxy.filterNs]);
  const back = establishedWork({ proxy, via: 'clusterIP', costs, client: table(), endpoint: table() }, false);
  assert.deepEqual([back.sender.length, back.receiver.length], [2, 3]);
});

test('with policies, the endpoint pod\'s crossing adds the policy chain a NEW flow walks, and the ESTABLISHED rule of a later packet', () => {
  const proxy = new IptablesProxier('current', 'clusterIP', services, costs, new Streams(1, 0));
  const policy = new IptablesPolicyChains({ count: 201, rulesPerPolicy: 1, selectorPods: 10, enforcement: 'iptables', changesPerS: 0, watchDelay: { meanNs: 1, cv: 0 } }, costs);
  const sel = proxy.select(0, 0);
  const c = { proxy, via: 'clusterIP' as const, costs, client: table(), endpoint: table(), policy };
  const w = newFlowWork(c, sel);
  assert.equal(sum(w.receiver), costs.conntrackLookupNs + proxy.unmatchedNs + proxy.filterNs + policy.newFlowNs + costs.conntrackInsertNs);
  assert.ok(w.receiver.some((s) => /200 non-matching policies/.test(s.name)));
  assert.equal(sum(newFlowWork({ ...c, endpoint: null }, sel).sender), sum(newFlowWork({ ...c, endpoint: null, policy: null }, sel).sender) + policy.newFlowNs);
  assert.equal(sum(establishedWork(c, true).receiver), costs.conntrackLookupNs + proxy.filterNs + policy.establishedNs);
  assert.equal(sum(establishedWork(c, false).sender), costs.conntrackLookupNs + proxy.filterNs);
});
