/**
 * The profiles by name: the 2019 Xeon first (the defaults), each name's costs its definition's,
 * and a scenario's overrides replacing exactly the constants they name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costProfiles, profileDefinitions, profileNames, resolveProfile } from '../../../models/profiles/profiles.ts';
import { costProfileDefaults } from '../../../models/profiles/defaults.ts';

test('profiles: names, costs by name, overrides', () => {
  assert.deepEqual([...profileNames], ['xeon-2019-10gbe', 'ryzen-2021-100gbe', 'server-2024-40gbe', 'aws-c4-2015-vm']);
  assert.deepEqual(costProfiles['xeon-2019-10gbe'], costProfileDefaults);
  for (const n of profileNames) assert.equal(costProfiles[n], profileDefinitions[n].costs);
  const r = resolveProfile('ryzen-2021-100gbe', { tcpTxNs: 7 });
  assert.equal(r.tcpTxNs, 7);
  assert.deepEqual({ ...r, tcpTxNs: costProfiles['ryzen-2021-100gbe'].tcpTxNs }, costProfiles['ryzen-2021-100gbe']);
});
