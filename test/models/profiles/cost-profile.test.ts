/** Cost profiles: the profile is its defaults object's values; overrides replace only what they
 *  name; every constant has a unit, a default within its range, a help line and a source. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costParameters } from '../../../models/profiles/cost-profile.ts';
import { costProfiles, profileDefinitions, profileNames, resolveProfile } from '../../../models/profiles/profiles.ts';

test('four profiles, one per era; an override changes one constant and nothing else', () => {
  assert.deepEqual(profileNames, ['xeon-2019-10gbe', 'ryzen-2021-100gbe', 'server-2024-40gbe', 'aws-c4-2015-vm']);
  const base = costProfiles['xeon-2019-10gbe'];
  const p = resolveProfile('xeon-2019-10gbe', { iptablesRuleNs: 40 });
  assert.equal(p.iptablesRuleNs, 40);
  assert.deepEqual({ ...p, iptablesRuleNs: base.iptablesRuleNs }, base);
  assert.equal(base.syscallNs, 250);
  assert.equal(base.iptablesRestoreNsPerLine, 18_390);
});

test('every constant declares unit, range, help and source, and its default is in range', () => {
  for (const [name, p] of Object.entries(costParameters)) {
    assert.match(p.unit, /^ns(\/\w+)?$/, name);
    assert.ok(p.value >= p.min, name);
    assert.ok(p.doc.length >= 20 && p.source.length >= 20, name);
  }
  assert.equal(Object.keys(costParameters).length, 62);
});

test('every profile names its era\'s sources, and a source for every constant it changes from the defaults', () => {
  const defaults = profileDefinitions['xeon-2019-10gbe'].costs;
  for (const name of profileNames) {
    const d = profileDefinitions[name];
    assert.ok(d.sources.length >= 1 && d.offloadSource.length > 20 && Object.values(d.hardwareSources).every((s) => s.length > 20), name);
    for (const k of Object.keys(defaults) as (keyof typeof defaults)[]) {
      if (d.costs[k] !== defaults[k]) assert.ok((d.derivations[k] ?? '').length > 20, `${name}: ${k} changed without a derivation`);
    }
  }
});
