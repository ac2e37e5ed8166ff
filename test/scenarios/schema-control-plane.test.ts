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
];

for (const [what, controlPlane, message] of bad) {
  test(`bad controlPlane.${what}: one line`, () => {
    assert.throws(() => validate('x.yaml', { name: 'x', controlPlane }), (e) => e instanceof InputError && e.message === message);
  });
}

test('a control plane beside Service traffic is refused, not silently dropped', () => {
  assert.throws(
    () => validate('x.yaml', { name: 'x', traffic: {}, controlPlane: {} }),
    (e) => e instanceof InputError && e.message.startsWith('x.yaml: controlPlane: {} is not allowed (cannot be combined with traffic yet'),
  );
});
