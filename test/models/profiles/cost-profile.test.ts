/** Cost profiles: the profile is its defaults object's values; overrides replace only what they
 *  name; every constant has a unit, a default within its range, a help line and a source. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costParameters, costProfiles, profileNames, resolveProfile } from '../../../models/profiles/cost-profile.ts';

test('one profile; an override changes one constant and nothing else', () => {
  assert.deepEqual(profileNames, ['xeon-2019-10gbe']);
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
  assert.equal(Object.keys(costParameters).length, 41);
});
