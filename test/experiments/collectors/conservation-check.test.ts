/**
 * The conservation check a replication ends with: silent while sent = delivered + dropped + in
 * flight, an internal error naming the counts when a packet went missing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../../sim/index.ts';
import { PacketCarrier } from '../../../models/datapath/packet-path.ts';
import { ConservationCheck } from '../../../experiments/collectors/conservation-check.ts';

test('holds for verdict drops before the send and on arrival; throws with the counts when a packet is counted twice', () => {
  const carrier = new PacketCarrier(new Simulation());
  const check = new ConservationCheck(carrier);
  carrier.reject('node-0', 'conntrack_full', false);
  check.collect();
  assert.deepEqual([carrier.sent, carrier.dropped], [1, 1]);
  // A drop on arrival takes the packet back from the delivered: still conserved.
  carrier.reject('node-1', 'conntrack_full', true);
  check.collect();
  carrier.delivered += 2;
  assert.throws(() => check.collect(), { message: 'packet conservation violated: 1 sent, 1 delivered + 2 dropped (2 conntrack_full; 2 by station) + 0 in flight' });
});
