/** The NIC: driver transmit, serialization at line rate (bytes × 8 / Gbit/s ns) and propagation;
 *  NAPI receive in softirq. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { receiveStage, transmitStages } from '../../../models/datapath/nic.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';

const p = costProfiles['xeon-2019-10gbe'];

test('a 1538-byte frame on 10 GbE serializes in 1230 ns (rounded), after the driver and before propagation', () => {
  const [driver, wire, prop] = transmitStages(p, 0, 1538, 10);
  assert.deepEqual([driver.name, driver.resource, driver.ns], ['nic driver tx', 'cpu', p.nicTxNs]);
  assert.deepEqual([wire.resource, wire.ns, wire.wireBytes], ['nic-tx', 1230, 1538]);
  assert.deepEqual([prop.resource, prop.ns], ['propagation', p.propagationNs]);
  assert.equal(transmitStages(p, 0, 84, 40)[1].ns, 17);
  assert.equal(transmitStages(p, 0, 84, 1, 'softirq')[0].resource, 'softirq');
});

test('receive: NAPI poll in softirq at nicRxNs', () => {
  assert.deepEqual(receiveStage(p, 3), { name: 'nic driver rx (napi)', node: 3, netns: 'host', side: 'kernel', resource: 'softirq', ns: p.nicRxNs });
});
