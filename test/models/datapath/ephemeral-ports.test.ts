/** The pods' ephemeral ports: one hint shared by a node's pods, so consecutive connects of two
 *  pods step together from their own offsets, wrapping in ip_local_port_range. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Streams } from '../../../sim/index.ts';
import { EphemeralPorts } from '../../../models/datapath/ephemeral-ports.ts';

test('ports advance with the node\'s shared hint from each pod\'s offset, inside the range', () => {
  const e = new EphemeralPorts(100, 109, new Streams(1, 0).get('ports'));
  const a0 = e.next('a'), b1 = e.next('b'), a2 = e.next('a');
  assert.equal(a2 - 100, (a0 - 100 + 2) % 10);
  const b3 = e.next('b');
  assert.equal(b3 - 100, (b1 - 100 + 2) % 10);
  for (let i = 0; i < 30; i++) assert.ok(e.next('c') >= 100 && e.next('c') <= 109);
  assert.throws(() => new EphemeralPorts(10, 9, new Streams(1, 0).get('x')), { message: 'ip_local_port_range must be first <= last, got 10-9' });
});
