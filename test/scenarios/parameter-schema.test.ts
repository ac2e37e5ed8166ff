/**
 * Parameters declared once: the `costs:` keys, ranges and help lines, the conntrack and sync-loop
 * defaults and the JSON Schema all come from the models' defaults objects, so a constant added
 * to one of them is overridable, range-checked and documented with nothing else to edit.
 */
import { test } from 'node:test';
import { z } from 'zod';
import assert from 'node:assert/strict';
import { costParameters } from '../../models/profiles/cost-profile.ts';
import { costProfiles } from '../../models/profiles/profiles.ts';
import { conntrackParameters } from '../../models/netfilter/conntrack-table.ts';
import { kubeProxySyncParameters } from '../../models/control-plane/kube-proxy-sync.ts';
import { scenarioJsonSchema } from '../../scenarios/json-schema.ts';
import { defaultedField, optionalField, parameterField } from '../../scenarios/parameter-schema.ts';
import { clusterParameters } from '../../models/datapath/cluster.ts';
import { validate } from '../../scenarios/load.ts';
import { InputError } from '../../scenarios/messages.ts';

const schema = JSON.parse(scenarioJsonSchema());

test('costs: accepts exactly the cost profile\'s parameters, each described with its unit, default and source', () => {
  const costs = schema.properties.costs;
  assert.deepEqual(Object.keys(costs.properties), Object.keys(costParameters));
  assert.equal(Object.keys(costParameters).length, 62);
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

type JsonNode = Record<string, unknown>;

/** Every number or integer field of a JSON Schema that has a default, by path, with its
 *  description; a union's options are walked too (a closed arrival's thinkUs). */
function defaultedNumbers(node: JsonNode, path = ''): [string, unknown][] {
  const found: [string, unknown][] = [];
  if ((node.type === 'number' || node.type === 'integer') && 'default' in node) found.push([path, node.description]);
  for (const [k, child] of Object.entries((node.properties ?? {}) as Record<string, JsonNode>)) found.push(...defaultedNumbers(child, path ? `${path}.${k}` : k));
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    ((node[key] ?? []) as JsonNode[]).forEach((child, i) => found.push(...defaultedNumbers(child, `${path}|${i}`)));
  }
  for (const key of ['items', 'additionalProperties'] as const) {
    if (typeof node[key] === 'object') found.push(...defaultedNumbers(node[key] as JsonNode, `${path}[]`));
  }
  return found;
}

const declared = /. Unit: [^;]+; default \S+\. Source: \S/;

test('every numeric field of the scenario with a default comes from a declared Parameter (unit, default, source)', () => {
  const fields = defaultedNumbers(schema);
  const handWritten = fields.filter(([, description]) => typeof description !== 'string' || !declared.test(description));
  assert.deepEqual(handWritten, []);
  const paths = fields.map(([path]) => path);
  for (const expected of ['seed', 'replications', 'cluster.nodes', 'cluster.podsPerNode', 'workload.requestBytes', 'workload.bulk.blockBytes',
    'run.durationMs', 'run.warmupMs', 'services.count', 'proxy.conntrack.sampleMs', 'traffic.clientCpu.perRequestUs',
    'traffic.requestsPerConnection', 'controlPlane.watchDelay.meanMs', 'controlPlane.churn.scaleUpPods']) {
    assert.ok(paths.includes(expected), expected);
  }
  assert.ok(paths.some((p) => p.startsWith('workload.arrival|') && p.endsWith('.thinkUs')), 'the closed arrival\'s thinkUs');
  // The 41 costs have no default of their own (the profile's), so these are the scenario's other knobs.
  assert.ok(fields.length >= 45, `${fields.length} fields`);
});

test('the walk catches a hand-written number field with a default', () => {
  const handWritten = z.toJSONSchema(z.strictObject({ nodes: z.number().int().min(2).default(2), cores: defaultedField(clusterParameters.coresPerNode) }), { io: 'input' });
  const fields = defaultedNumbers(handWritten as JsonNode);
  assert.deepEqual(fields.map(([path, d]) => [path, typeof d === 'string' && declared.test(d)]), [['nodes', false], ['cores', true]]);
});

test('a parameter without a default is optional and says what its absence means', () => {
  const rxQueues = optionalField(clusterParameters.rxQueues);
  assert.equal(rxQueues.parse(undefined), undefined);
  assert.equal(rxQueues.safeParse(0).success, false);
  assert.match(schema.properties.cluster.properties.rxQueues.description, /Unit: queues; absent: one per core, at most the profile's NIC queues\. Source: /);
  assert.equal('default' in schema.properties.cluster.properties.rxQueues, false);
});
