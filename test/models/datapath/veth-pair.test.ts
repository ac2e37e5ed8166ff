/** A veth hop: charged to the namespace it leaves, at the profile's veth cost. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { vethStage } from '../../../models/datapath/veth-pair.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';

test('veth pod → host: netns of the sender side, vethNs', () => {
  const p = costProfiles['xeon-2019-10gbe'];
  assert.deepEqual(vethStage(p, 2, 'pod-a', 'host', 'cpu'), { name: 'veth pod-a → host', node: 2, netns: 'pod-a', side: 'kernel', resource: 'cpu', ns: 600 });
});
