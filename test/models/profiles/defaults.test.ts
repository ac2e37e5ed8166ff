/**
 * The defaults every profile starts from: the declared value of each cost constant.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costParameters } from '../../../models/profiles/cost-profile.ts';
import { costProfileDefaults } from '../../../models/profiles/defaults.ts';

test('defaults: one value per declared constant, the declared one', () => {
  assert.deepEqual(Object.keys(costProfileDefaults), Object.keys(costParameters));
  for (const [k, p] of Object.entries(costParameters)) assert.equal(costProfileDefaults[k as keyof typeof costProfileDefaults], p.value, k);
});
