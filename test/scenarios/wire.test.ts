/**
 * The wire follows the profile: a scenario (or a compared variant) naming a cost profile gets its
 * link rate, NIC queues, MTU and RSS UDP-port hashing unless it sets them; what it sets wins. The
 * scenario as run shows the resolved link rate and UDP hashing in their old places, so a
 * xeon-2019-10gbe scenario that wrote neither reads as when they defaulted to 10 and false.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expand } from '../../scenarios/expand.ts';
import { loadScenario, validate } from '../../scenarios/load.ts';
import { scenarioAsRun, scenarioWire } from '../../scenarios/wire.ts';
import { profileDefinitions, profileNames } from '../../models/profiles/profiles.ts';

test('wire: each profile\'s link rate, queues, MTU and UDP hashing when the scenario sets none', () => {
  for (const name of profileNames) {
    const h = profileDefinitions[name].hardware;
    const s = validate('s.yaml', { name: 's', costProfile: name, cluster: { coresPerNode: 64 } });
    assert.deepEqual(scenarioWire(s), { linkGbps: h.linkGbps, rxQueues: h.nicQueues, rxHashUdpPorts: h.rxHashUdpPorts, mtu: h.mtu }, name);
  }
  const ryzen = validate('s.yaml', { name: 's', profile: 'ryzen-2021-100gbe' });
  assert.deepEqual(scenarioWire(ryzen), { linkGbps: 100, rxQueues: 4, rxHashUdpPorts: true, mtu: 1500 });
});

test('wire: the scenario\'s own fields override the profile\'s', () => {
  const s = validate('s.yaml', { name: 's', costProfile: 'ryzen-2021-100gbe', cluster: { linkGbps: 25, rxHashUdpPorts: false, rxQueues: 2, mtu: 9000 } });
  assert.deepEqual(scenarioWire(s), { linkGbps: 25, rxQueues: 2, rxHashUdpPorts: false, mtu: 9000 });
});

test('wire: a compared variant naming another profile gets that profile\'s wire, not the base\'s', () => {
  const scenario = validate('s.yaml', {
    name: 's', profile: 'xeon-2019-10gbe',
    compare: [{ name: 'xeon' }, { name: 'e810', set: { costProfile: 'ryzen-2021-100gbe' } }, { name: 'e810 at 25', set: { costProfile: 'ryzen-2021-100gbe', 'cluster.linkGbps': 25 } }],
  });
  const wires = expand({ file: 's.yaml', scenario }).map((p) => [p.model.cluster.linkGbps, p.model.cluster.rxHashUdpPorts]);
  assert.deepEqual(wires, [[10, false], [100, true], [25, true]]);
});

test('wire: the scenario as run shows the resolved link rate and UDP hashing where the defaults stood', () => {
  const s = validate('s.yaml', { name: 's', cluster: { nodes: 3 } });
  assert.equal(s.cluster.linkGbps, undefined);
  const shown = scenarioAsRun(s);
  assert.deepEqual(Object.keys(shown.cluster), ['nodes', 'coresPerNode', 'linkGbps', 'clusterCidr', 'nodeCidrMaskSize', 'podsPerNode', 'rxHashUdpPorts']);
  assert.deepEqual([shown.cluster.linkGbps, shown.cluster.rxHashUdpPorts], [10, false]);
  assert.deepEqual(scenarioAsRun(shown), shown);
  const e810 = scenarioAsRun(validate('s.yaml', { name: 's', costProfile: 'server-2024-40gbe', cluster: { rxQueues: 8 } }));
  assert.deepEqual(Object.keys(e810.cluster), ['nodes', 'coresPerNode', 'rxQueues', 'linkGbps', 'clusterCidr', 'nodeCidrMaskSize', 'podsPerNode', 'rxHashUdpPorts']);
  assert.deepEqual([e810.cluster.linkGbps, e810.cluster.rxHashUdpPorts], [40, true]);
});

test('wire: hardware-eras\' explicit link rates and UDP hashing are its profiles\' own (no bundled scenario relied on the old defaults)', () => {
  const { scenario } = loadScenario('scenarios/hardware-eras.yaml');
  for (const v of scenario.compare) {
    const profile = v.set.costProfile as keyof typeof profileDefinitions | undefined;
    if (!profile || v.set['cluster.linkGbps'] === undefined) continue;
    const h = profileDefinitions[profile].hardware;
    assert.deepEqual([v.set['cluster.linkGbps'], v.set['cluster.rxHashUdpPorts']], [h.linkGbps, h.rxHashUdpPorts], v.name);
  }
});

test('bulk UDP fields: udpGso without protocol udp, a UDP flow through a Service or on one node, each one clear error', () => {
  const bulk = (b: object, w: object = {}) => () => validate('s.yaml', { name: 's', workload: { kind: 'bulk', bulk: b, ...w } });
  assert.throws(bulk({ udpGso: true }), /workload\.bulk\.udpGso.*udpGso cannot be used here: it applies to workload\.bulk\.protocol udp only/);
  assert.throws(bulk({ protocol: 'udp', via: 'clusterIP' }), /workload\.bulk\.via.*a bulk UDP flow goes to the pod IP only/);
  assert.throws(bulk({ protocol: 'udp' }, { serverNode: 0 }), /workload\.serverNode.*must differ from workload\.clientNode/);
  const ok = validate('s.yaml', { name: 's', workload: { kind: 'bulk', bulk: { protocol: 'udp', udpGso: true } } });
  assert.deepEqual(expand({ file: 's.yaml', scenario: ok })[0].model.workload.bulk?.udp, { gso: true });
  assert.equal(expand({ file: 's.yaml', scenario: validate('s.yaml', { name: 's', workload: { kind: 'bulk' } }) })[0].model.workload.bulk?.udp, undefined);
});
