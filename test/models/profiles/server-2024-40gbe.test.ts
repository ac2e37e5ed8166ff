/**
 * The server-2024-40gbe profile: the host of its published setups (link, MTU, RSS queues), and a derivation for
 * every constant it changes from the defaults, so its table of sources stays complete.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { server2024 } from '../../../models/profiles/server-2024-40gbe.ts';
import { costProfileDefaults } from '../../../models/profiles/defaults.ts';

test('server-2024-40gbe: its host, and a derivation for each changed constant', () => {
  assert.deepEqual([server2024.hardware.linkGbps, server2024.hardware.mtu, server2024.hardware.nicQueues], [40, 9000, 16]);
  const changed = (Object.keys(costProfileDefaults) as (keyof typeof costProfileDefaults)[]).filter((k) => server2024.costs[k] !== costProfileDefaults[k]);
  assert.equal(changed.length, 20);
  for (const k of changed) assert.ok((server2024.derivations[k] ?? '').length > 20, k);
  assert.ok(server2024.sources.length > 0);
});
