/**
 * The aws-c4-2015-vm profile: the host of its published setups (link, MTU, RSS queues), and a derivation for
 * every constant it changes from the defaults, so its table of sources stays complete.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { awsC4VM2015 } from '../../../models/profiles/aws-c4-2015-vm.ts';
import { costProfileDefaults } from '../../../models/profiles/defaults.ts';

test('aws-c4-2015-vm: its host, and a derivation for each changed constant', () => {
  assert.deepEqual([awsC4VM2015.hardware.linkGbps, awsC4VM2015.hardware.mtu, awsC4VM2015.hardware.nicQueues], [10, 9001, 2]);
  const changed = (Object.keys(costProfileDefaults) as (keyof typeof costProfileDefaults)[]).filter((k) => awsC4VM2015.costs[k] !== costProfileDefaults[k]);
  assert.equal(changed.length, 19);
  for (const k of changed) assert.ok((awsC4VM2015.derivations[k] ?? '').length > 20, k);
  assert.ok(awsC4VM2015.sources.length > 0);
});
