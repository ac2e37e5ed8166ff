/**
 * Parameters declared once: the `costs:` keys, ranges and help lines, the conntrack and sync-loop
 * defaults and the JSON Schema all come from the models' defaults objects, so a constant added
 * to one of them is overridable, range-checked and documented with nothing else to edit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costParameters } from '../../models/profiles/cost-profile.ts';
import { costProfiles } from '../../models/profiles/profiles.ts';
import { conntrackParameters } from '../../models/netfilter/conntrack-table.ts';
import { kubeProxySyncParameters } from '../../models/control-plane/kube-proxy-sync.ts';
import { scenarioJsonSchema } from '../../scenarios/json-schema.ts';
import { defaultedField, parameterField } from '../../scenarios/parameter-schema.ts';
import { validate } from '../../scenarios/load.ts';
import { InputError } from '../../scenarios/messages.ts';

const schema = JSON.parse(scenarioJsonSchema());

test('costs: accepts exactly the cost profile\'s parameters, each described with its unit, default and source', () => {
  const costs = schema.properties.costs;
  assert.deepEqual(Object.keys(costs.properties), Object.keys(costParameters));
  assert.equal(Object.keys(costParameters).length, 39);
  for (const [name, p] of Object.entries(costParameters)) {
    assert.equal(costs.properties[name].minimum, p.min, name);
    assert.match(costs.properties[name].description, new RegExp(`Unit: ${p.unit.replace('/', '\\/')}; default ${p.value}\\. Source: `), name);
    assert.ok(p.source.length > 10 && p.doc.length > 10, name);
  }
  assert.deepEqual(costProfiles['xeon-2019-10gbe'], Object.fromEntries(Object.entries(costParameters).map(([k, p]) => [k, p.value])));
});

test('a cost override outside its declared range is refused, naming the field', () => {
  assert.throws(() => validate('s.yaml', { name: 'x', costs: { iptablesRuleNs: -1 } }), (e: unknown) => e instanceof InputError && /costs\.iptablesRuleNs: -1/.test(e.message));
  assert.throws(() => validate('s.yaml', { name: 'x', costs: { iptablesRuleNanos: 1 } }), (e: unknown) => e instanceof InputError && /iptablesRuleNanos/.test(e.message));
  assert.equal(validate('s.yaml', { name: 'x', costs: { iptablesRuleNs: 40 } }).costs.iptablesRuleNs, 40);
});

test('the conntrack and sync-loop defaults of the scenario are the models\' declared values', () => {
  const s = validate('s.yaml', { name: 'x', services: {}, traffic: {}, controlPlane: undefined });
  assert.equal(s.proxy.conntrack.establishedTimeoutS, conntrackParameters.establishedTimeoutS.value);
  assert.equal(s.proxy.conntrack.timeWaitTimeoutS, conntrackParameters.timeWaitTimeoutS.value);
  const cp = validate('s.yaml', { name: 'x', controlPlane: {} }).controlPlane!;
  assert.deepEqual([cp.minSyncPeriodMs, cp.syncPeriodMs, cp.burstSyncs], [1000, 30_000, 2]);
  assert.deepEqual([cp.minSyncPeriodMs, cp.syncPeriodMs, cp.burstSyncs], Object.values(kubeProxySyncParameters).map((p) => p.value));
});

test('a parameter\'s field enforces its range, exclusive minimum and integrality', () => {
  const timeout = parameterField(conntrackParameters.timeWaitTimeoutS);
  assert.equal(timeout.safeParse(0).success, false);
  assert.equal(timeout.safeParse(0.5).success, true);
  const burst = defaultedField(kubeProxySyncParameters.burstSyncs);
  assert.equal(burst.parse(undefined), 2);
  assert.equal(burst.safeParse(1.5).success, false);
  assert.equal(burst.safeParse(0).success, false);
});
