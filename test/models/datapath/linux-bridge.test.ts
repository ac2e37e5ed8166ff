/** The bridge: one kernel stage in the host namespace at the profile's bridge cost. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bridgeStage } from '../../../models/datapath/linux-bridge.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';

test('bridge cni0: host namespace, kernel side, bridgeNs on the given context', () => {
  const p = costProfiles['xeon-2019-10gbe'];
  assert.deepEqual(bridgeStage(p, 7, 'softirq'), { name: 'bridge cni0', node: 7, netns: 'host', side: 'kernel', resource: 'softirq', ns: 400 });
});
