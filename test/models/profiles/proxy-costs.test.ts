/** The proxy cost constants: part of the cost profile, and the one derived per-rule cost in closed
 *  form (90 cycles at 3.1 GHz). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { proxyCostParameters } from '../../../models/profiles/proxy-costs.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';

test('the 16 proxy constants are in the profile with their declared values', () => {
  const profile = costProfiles['xeon-2019-10gbe'];
  assert.equal(Object.keys(proxyCostParameters).length, 16);
  for (const [name, p] of Object.entries(proxyCostParameters)) assert.equal(profile[name as keyof typeof profile], p.value, name);
});

test('iptablesRuleNs is the low end of the published 90-230 cycles per rule at 3.1 GHz', () => {
  assert.equal(proxyCostParameters.iptablesRuleNs.value, Math.round(90 / 3.1));
  assert.match(proxyCostParameters.iptablesRuleNs.source, /90-230 cycles per rule/);
});
