/**
 * The `controlPlane:` section: defaults filled in and converted to ns, and bad values rejected in
 * one line naming the field and what is allowed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from '../../scenarios/load.ts';
import { InputError } from '../../scenarios/messages.ts';
import { toModelConfig } from '../../scenarios/expand.ts';

test('defaults: kube-proxy\'s 1 s minSyncPeriod, 30 s syncPeriod, burst 2, in ns', () => {
  const cp = toModelConfig(validate('x.yaml', { name: 'x', controlPlane: {} })).controlPlane!;
  assert.equal(cp.minSyncPeriodNs, 1e9);
  assert.equal(cp.syncPeriodNs, 30e9);
  assert.equal(cp.burstSyncs, 2);
  assert.equal(cp.churn.rollingStepNs, 2e9);
  assert.equal(toModelConfig(validate('x.yaml', { name: 'x' })).controlPlane, undefined);
});

const bad: [string, Record<string, unknown>, string][] = [
  ['mode', { mode: 'ebpf' }, 'x.yaml: controlPlane.mode: "ebpf" is not allowed (must be one of "iptables", "iptables-partial", "iptables-per-rule", "ipvs", "nftables")'],
  ['services', { services: 0 }, 'x.yaml: controlPlane.services: 0 is not allowed (must be >= 1)'],
  ['nodePortServices', { services: 5, nodePortServices: 6 }, 'x.yaml: controlPlane.nodePortServices: 6 is not allowed (must be <= services = 5)'],
  ['rollout.maxSurge, a percentage without %', { rollout: { maxSurge: '25' } }, 'x.yaml: controlPlane.rollout.maxSurge: "25" is not allowed (must be a count of pods (an integer >= 0) or a percentage of the replicas such as "25%")'],
  ['rollout.maxSurge, a fraction of a percent', { rollout: { maxSurge: '2.5%' } }, 'x.yaml: controlPlane.rollout.maxSurge: "2.5%" is not allowed (must be a count of pods (an integer >= 0) or a percentage of the replicas such as "25%")'],
  ['rollout.maxSurge, negative', { rollout: { maxSurge: -1 } }, 'x.yaml: controlPlane.rollout.maxSurge: -1 is not allowed (must be >= 0)'],
  ['rollout.maxSurge, a boolean', { rollout: { maxSurge: true } }, 'x.yaml: controlPlane.rollout.maxSurge: true is not allowed (must be a count of pods (an integer >= 0) or a percentage of the replicas such as "25%")'],
  ['rollout.maxUnavailable above 100%', { rollout: { maxUnavailable: '110%' } }, 'x.yaml: controlPlane.rollout.maxUnavailable: "110%" is not allowed (must be at most "100%" (a Deployment cannot leave more than all its replicas unavailable))'],
  ['rollout, both 0', { rollout: { maxSurge: '0%', maxUnavailable: 0 } }, 'x.yaml: controlPlane.rollout.maxUnavailable: 0 is not allowed (must be >= 1 (or above "0%") when maxSurge is 0 (a rolling update with neither could never replace a pod, and Kubernetes refuses it))'],
  ['rollout, both 0%', { rollout: { maxSurge: 0, maxUnavailable: '0%' } }, 'x.yaml: controlPlane.rollout.maxUnavailable: "0%" is not allowed (must be >= 1 (or above "0%") when maxSurge is 0 (a rolling update with neither could never replace a pod, and Kubernetes refuses it))'],
];

for (const [what, controlPlane, message] of bad) {
  test(`bad controlPlane.${what}: one line`, () => {
    assert.throws(() => validate('x.yaml', { name: 'x', controlPlane }), (e) => e instanceof InputError && e.message === message);
  });
}

test('restart.nodes above cluster.nodes: one line; equal to it: every kube-proxy restarts', () => {
  assert.throws(
    () => validate('x.yaml', { name: 'x', cluster: { nodes: 100 }, controlPlane: { restart: { nodes: 101 } } }),
    (e) => e instanceof InputError && e.message === 'x.yaml: controlPlane.restart.nodes: 101 is not allowed (must be <= cluster.nodes = 100 (kube-proxy restarts on the first restart.nodes nodes))',
  );
  assert.equal(toModelConfig(validate('x.yaml', { name: 'x', cluster: { nodes: 100 }, controlPlane: { restart: { nodes: 100 } } })).controlPlane!.restart.nodes, 100);
});

test('a control plane beside Service traffic programs the services: catalogue the traffic calls', () => {
  const m = toModelConfig(validate('x.yaml', {
    name: 'x', services: { groups: [{ count: 1, endpointsPerService: 200 }, { count: 99, endpointsPerService: 10 }], nodePorts: 3 },
    proxy: { mode: 'ipvs' }, traffic: {}, controlPlane: { mode: 'ipvs' },
  }));
  assert.deepEqual(m.controlPlane!.groups, m.services!.catalogue.groups);
  assert.deepEqual(m.controlPlane!.groups, [{ count: 1, endpointsPerService: 200 }, { count: 99, endpointsPerService: 10 }]);
  assert.equal(m.controlPlane!.nodePortServices, 3);
  // Without traffic the section sizes its own Services, defaults filled in only in the model.
  const own = validate('x.yaml', { name: 'x', controlPlane: {} }).controlPlane!;
  assert.equal(own.services, undefined);
  assert.deepEqual(toModelConfig(validate('x.yaml', { name: 'x', controlPlane: {} })).controlPlane!.groups, [{ count: 1000, endpointsPerService: 10 }]);
});

test('rollout: maxSurge and maxUnavailable as counts or percentages, as written; 200% surge is allowed, as Kubernetes allows it', () => {
  const r = toModelConfig(validate('x.yaml', { name: 'x', controlPlane: { rollout: { maxSurge: '200%', maxUnavailable: '25%' } } })).controlPlane!.rollout!;
  assert.deepEqual([r.maxSurge, r.maxUnavailable], ['200%', '25%']);
  const d = toModelConfig(validate('x.yaml', { name: 'x', controlPlane: { rollout: {} } })).controlPlane!.rollout!;
  assert.deepEqual([d.maxSurge, d.maxUnavailable], [1, 0]);
  const both = toModelConfig(validate('x.yaml', { name: 'x', controlPlane: { rollout: { maxSurge: 0, maxUnavailable: '10%' } } })).controlPlane!.rollout!;
  assert.deepEqual([both.maxSurge, both.maxUnavailable], [0, '10%'], 'resolving to 0 pods is the controller\'s to handle (maxUnavailable 1), not refused');
});

const withTraffic: [string, Record<string, unknown>, string][] = [
  ['services', { controlPlane: { services: 5 } }, 'x.yaml: controlPlane.services: 5 is not allowed (cannot be given with traffic (the control plane programs the Services the traffic calls: size them once, under services:))'],
  ['nodePortServices', { controlPlane: { nodePortServices: 1 } }, 'x.yaml: controlPlane.nodePortServices: 1 is not allowed (cannot be given with traffic (the control plane programs the Services the traffic calls: size them once, under services:))'],
  ['mode', { proxy: { mode: 'nftables' }, controlPlane: { mode: 'iptables-partial' } }, 'x.yaml: proxy.mode: "nftables" is not allowed (must be the mode controlPlane.mode iptables-partial programs, iptables (with controlPlane, one kube-proxy serves the traffic))'],
  ['mode with eBPF', { proxy: { mode: 'ebpf' }, controlPlane: {} }, 'x.yaml: proxy.mode: "ebpf" is not allowed (must be the mode controlPlane.mode iptables programs, iptables (with controlPlane, one kube-proxy serves the traffic))'],
  ['version', { proxy: { version: 'legacy' }, controlPlane: {} }, 'x.yaml: proxy.version: "legacy" is not allowed (must match controlPlane.version current (with controlPlane, one ruleset serves the traffic))'],
];

for (const [what, extra, message] of withTraffic) {
  test(`controlPlane with traffic, bad ${what}: one line`, () => {
    assert.throws(() => validate('x.yaml', { name: 'x', traffic: {}, ...extra }), (e) => e instanceof InputError && e.message === message);
  });
}
