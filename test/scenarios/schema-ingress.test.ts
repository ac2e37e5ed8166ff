/** The `ingress:` section: defaults into the model's config, the first node without a client as
 *  the default replica, and what it cannot be combined with refused in one line naming the field. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from '../../scenarios/load.ts';
import { InputError } from '../../scenarios/messages.ts';
import { toModelConfig } from '../../scenarios/expand.ts';

const cluster = { nodes: 3 };

test('defaults: enabled, one replica on the first node without a client, workers per core, 320 idle upstream connections per worker, no TLS', () => {
  const m = toModelConfig(validate('x.yaml', { name: 'x', cluster, traffic: { clientNodes: [0] }, ingress: {} }));
  assert.deepEqual(m.services!.ingress, { enabled: true, nodes: [1], workers: null, upstreamKeepalive: 320, tls: false, onNodeCores: false });
  assert.equal(toModelConfig(validate('x.yaml', { name: 'x', traffic: {} })).services!.ingress, undefined);
  const given = toModelConfig(validate('x.yaml', { name: 'x', cluster, traffic: {}, ingress: { nodes: [2, 0], workers: 4, upstreamKeepalive: 0, tls: true } }));
  assert.deepEqual(given.services!.ingress, { enabled: true, nodes: [2, 0], workers: 4, upstreamKeepalive: 0, tls: true, onNodeCores: false });
});

const refused = (doc: Record<string, unknown>, pattern: RegExp) =>
  assert.throws(() => validate('x.yaml', { name: 'x', cluster, ...doc }), (e) => e instanceof InputError && pattern.test(e.message) && !e.message.includes('\n'));

test('bad values and combinations are refused naming the field', () => {
  refused({ ingress: {} }, /x\.yaml: ingress: .*needs traffic/);
  refused({ traffic: {}, ingress: { workers: 0 } }, /ingress\.workers: 0/);
  refused({ traffic: {}, ingress: { upstreamKeepalive: -1 } }, /ingress\.upstreamKeepalive: -1/);
  refused({ traffic: {}, ingress: { tls: 'yes' } }, /ingress\.tls/);
  refused({ traffic: {}, ingress: { nodes: [3] } }, /ingress\.nodes\[0\]: 3 .*below cluster\.nodes = 3/);
  refused({ traffic: {}, ingress: { nodes: [1, 1] } }, /ingress\.nodes\[1\]: 1 .*twice/);
  refused({ traffic: { dnsAnswerUs: 5 }, ingress: {} }, /traffic\.dnsAnswerUs: 5 .*cannot be given with ingress/);
  refused({ traffic: {}, policies: {}, ingress: {} }, /policies: .*cannot be given with ingress/);
  refused({ traffic: {}, services: { externalTrafficPolicy: 'Local' }, ingress: {} }, /services\.externalTrafficPolicy/);
  refused({ traffic: {}, proxy: { mode: 'userspace' }, ingress: {} }, /proxy\.mode: .*userspace/);
});

test('the control plane with ingress: the section named in one line, not printed, with why', () => {
  const controlPlane = { minSyncPeriodMs: 1000, churn: { podEventsPerS: 0 }, rollout: { maxSurge: 50, startMs: 10000 } };
  assert.throws(() => validate('x.yaml', { name: 'x', cluster, traffic: {}, ingress: {}, controlPlane }), (e) => e instanceof InputError && e.message ===
    "x.yaml: controlPlane: cannot be given with ingress: the Ingress controller's balancer picks the upstream pod itself and connects to its pod IP, bypassing the endpoints each node's kube-proxy has programmed, the only endpoints the control plane updates (remove controlPlane or ingress)");
});
