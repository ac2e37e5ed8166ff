/** The `policies:` section: its defaults become the model's config in ns, it needs `traffic:`, and
 *  bad values are refused naming the field. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from '../../scenarios/load.ts';
import { InputError } from '../../scenarios/messages.ts';
import { toModelConfig } from '../../scenarios/expand.ts';

test('defaults: one iptables policy of one rule, 10 pods, 10 updates/s, a 20 ms watch delay; absent: no policies', () => {
  const m = toModelConfig(validate('x.yaml', { name: 'x', traffic: {}, policies: {} }));
  assert.deepEqual(m.services!.policies, { count: 1, rulesPerPolicy: 1, selectorPods: 10, enforcement: 'iptables', changesPerS: 10, watchDelay: { meanNs: 20e6, cv: 1 } });
  assert.equal(toModelConfig(validate('x.yaml', { name: 'x', traffic: {} })).services!.policies, undefined);
});

test('policies without traffic, or with a bad value, are refused naming the field', () => {
  assert.throws(() => validate('x.yaml', { name: 'x', policies: {} }), (e) => e instanceof InputError && /x\.yaml: policies: .*needs traffic/.test(e.message));
  assert.throws(() => validate('x.yaml', { name: 'x', traffic: {}, policies: { enforcement: 'nft' } }), (e) => e instanceof InputError && /policies\.enforcement/.test(e.message));
  assert.throws(() => validate('x.yaml', { name: 'x', traffic: {}, policies: { count: 1.5 } }), (e) => e instanceof InputError && /policies\.count: 1\.5/.test(e.message));
});
