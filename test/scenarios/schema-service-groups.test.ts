/**
 * Services of mixed sizes in a scenario: one group is the one-size form exactly (every point of a
 * bundled scenario rewritten with one group gives the same model and the same results, byte for
 * byte), sweeps step into the groups, the target group and position reach the catalogue, and bad
 * input (no group, a zero count, both forms, a sweep of count beside groups) is one line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { expand } from '../../scenarios/expand.ts';
import { loadScenarioData, validate } from '../../scenarios/load.ts';
import { InputError } from '../../scenarios/messages.ts';
import { runReplication } from '../../experiments/experiment.ts';
import { SCENARIOS_DIR } from '../reports/bundled-scenarios.ts';

type Tree = Record<string, any>;
const bundled = (name: string): Tree => parse(readFileSync(join(SCENARIOS_DIR, `${name}.yaml`), 'utf8'));

/** kube-proxy-modes with its one size written as one group, the sweep stepping into it. */
function asOneGroup(t: Tree): Tree {
  const { endpointsPerService, ...services } = t.services;
  const sweep = { 'services.groups.0.count': t.sweep['services.count'] };
  return { ...t, services: { ...services, groups: [{ count: 1000, endpointsPerService }] }, sweep };
}

test('one group is the one-size form: every point of kube-proxy-modes has the same model', () => {
  const a = expand(loadScenarioData('a.yaml', bundled('kube-proxy-modes')));
  const b = expand(loadScenarioData('b.yaml', asOneGroup(bundled('kube-proxy-modes'))));
  assert.equal(a.length, 72);
  assert.equal(b.length, a.length);
  a.forEach((p, i) => {
    assert.equal(b[i].variant, p.variant);
    assert.deepEqual(Object.values(b[i].params), Object.values(p.params));
    assert.deepEqual(b[i].model, p.model, `${p.variant} ${JSON.stringify(p.params)}`);
  });
});

test('one group is the one-size form: the same results, byte for byte (shortened kube-proxy-modes, every mode)', () => {
  const short = (t: Tree) => ({ ...t, run: { durationMs: 20, warmupMs: 5 } });
  const a = expand(loadScenarioData('a.yaml', short(bundled('kube-proxy-modes'))));
  const b = expand(loadScenarioData('b.yaml', short(asOneGroup(bundled('kube-proxy-modes')))));
  for (const i of [0, 7, 13, 20, 26, 33, 41, 47]) {
    assert.equal(JSON.stringify(runReplication(b[i].model, 42, 0)), JSON.stringify(runReplication(a[i].model, 42, 0)), a[i].variant);
  }
});

test('a sweep steps into the groups; the target group\'s first Service and the position reach the catalogue', () => {
  const points = expand(loadScenarioData('m.yaml', bundled('mixed-services')));
  assert.equal(points.length, 4 * 5);
  const at = (v: string, small: number) => points.find((p) => p.variant === v && p.params['services.groups.0.count'] === small)!.model.services!.catalogue;
  assert.deepEqual(at('iptables', 9000).groups, [{ count: 9000, endpointsPerService: 2 }, { count: 1000, endpointsPerService: 50 }]);
  assert.deepEqual([at('iptables', 9000).firstTarget, at('iptables', 9000).targetServices, at('iptables', 9000).position], [9000, 1, 'uniform']);
  assert.equal(at('iptables-last', 49000).position, 'last');
  const byIndex = validate('s.yaml', { ...bundled('mixed-services'), traffic: { target: { group: 0 } } });
  assert.equal(byIndex.traffic?.target?.group, 0);
});

const one = (data: Tree) => {
  try {
    expand(loadScenarioData('s.yaml', data));
  } catch (e) {
    assert.ok(e instanceof InputError, String(e));
    assert.ok(!e.message.includes('\n'), e.message);
    return e.message;
  }
  assert.fail('accepted');
};

test('bad input: one line naming the file, the field and the value', () => {
  const g = [{ count: 10, endpointsPerService: 2 }];
  assert.equal(one({ name: 'x', services: { groups: [] } }), 's.yaml: services.groups: [] is not allowed (must have at least 1 item(s))');
  assert.equal(one({ name: 'x', services: { groups: [{ count: 0 }] } }), 's.yaml: services.groups[0].count: 0 is not allowed (must be >= 1)');
  assert.equal(one({ name: 'x', services: { count: 5, groups: g } }),
    's.yaml: services.count: 5 is not allowed (cannot be given with services.groups (each group gives its own count and endpointsPerService: size the Services one way))');
  assert.equal(one({ name: 'x', services: { endpointsPerService: 5, groups: g } }),
    's.yaml: services.endpointsPerService: 5 is not allowed (cannot be given with services.groups (each group gives its own count and endpointsPerService: size the Services one way))');
  assert.equal(one({ name: 'x', controlPlane: { services: 5, groups: g } }),
    's.yaml: controlPlane.services: 5 is not allowed (cannot be given with controlPlane.groups (each group gives its own count and endpointsPerService: size the Services one way))');
  assert.match(one({ name: 'x', services: { groups: g }, sweep: { 'services.count': [1, 2] } }), /^s\.yaml: sweep: services\.count: 1 is not allowed \(cannot be given with services\.groups/);
  assert.match(one({ name: 'x', services: { groups: g }, sweep: { 'services.groups.1.count': [1] } }), /services\.groups\.1\.count is not a scenario parameter \("1" must index the list's 1 item\(s\)/);
  assert.equal(one({ name: 'x', services: { groups: [{ name: 'a' }, { name: 'a' }] } }), 's.yaml: services.groups[1].name: "a" is not allowed (must be unique among the groups (traffic.target.group names a group))');
  assert.equal(one({ name: 'x', services: { groups: [{ name: 'a' }] }, traffic: { target: { group: 'b' } } }), 's.yaml: traffic.target.group: "b" is not allowed (must name one of services.groups: a)');
  assert.equal(one({ name: 'x', traffic: { target: { group: 0 } } }), 's.yaml: traffic.target.group: 0 is not allowed (needs services.groups (a target group is one of them))');
  assert.equal(one({ name: 'x', services: { groups: [{ name: 'a', count: 3 }, { count: 2 }], targetServices: 3 }, traffic: { target: { group: 1 } } }),
    's.yaml: services.targetServices: 3 is not allowed (must be <= the Services of group 1 = 2)');
});

test('the control plane takes groups too: its sync costs sum per group', () => {
  const s = validate('s.yaml', { name: 'x', controlPlane: { groups: [{ count: 3, endpointsPerService: 2 }, { count: 1, endpointsPerService: 50 }], nodePortServices: 4 } });
  assert.deepEqual(s.controlPlane?.groups?.map((g) => g.count), [3, 1]);
  assert.equal(s.controlPlane?.services, undefined);
  assert.match(one({ name: 'x', controlPlane: { groups: [{ count: 3 }], nodePortServices: 4 } }), /controlPlane\.nodePortServices: 4 is not allowed \(must be <= the Services of groups = 3\)/);
});
