/**
 * The xeon-2019-10gbe profile: the host of its published setups (link, MTU, RSS queues), and a derivation for
 * every constant it changes from the defaults, so its table of sources stays complete.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { xeon2019 } from '../../../models/profiles/xeon-2019-10gbe.ts';
import { costProfileDefaults } from '../../../models/profiles/defaults.ts';

test('xeon-2019-10gbe: its host, and a derivation for each changed constant', () => {
  assert.deepEqual([xeon2019.hardware.linkGbps, xeon2019.hardware.mtu, xeon2019.hardware.nicQueues], [10, 1500, 16]);
  const changed = (Object.keys(costProfileDefaults) as (keyof typeof costProfileDefaults)[]).filter((k) => xeon2019.costs[k] !== costProfileDefaults[k]);
  assert.equal(changed.length, 0);
  for (const k of changed) assert.ok((xeon2019.derivations[k] ?? '').length > 20, k);
  assert.ok(xeon2019.sources.length > 0);
});
