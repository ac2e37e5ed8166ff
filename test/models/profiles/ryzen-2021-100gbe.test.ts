/**
 * The ryzen-2021-100gbe profile: the host of its published setups (link, MTU, RSS queues), and a derivation for
 * every constant it changes from the defaults, so its table of sources stays complete.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ryzen2021 } from '../../../models/profiles/ryzen-2021-100gbe.ts';
import { costProfileDefaults } from '../../../models/profiles/defaults.ts';

test('ryzen-2021-100gbe: its host, and a derivation for each changed constant', () => {
  assert.deepEqual([ryzen2021.hardware.linkGbps, ryzen2021.hardware.mtu, ryzen2021.hardware.nicQueues], [100, 1500, 16]);
  const changed = (Object.keys(costProfileDefaults) as (keyof typeof costProfileDefaults)[]).filter((k) => ryzen2021.costs[k] !== costProfileDefaults[k]);
  assert.equal(changed.length, 21);
  for (const k of changed) assert.ok((ryzen2021.derivations[k] ?? '').length > 20, k);
  assert.ok(ryzen2021.sources.length > 0);
});
