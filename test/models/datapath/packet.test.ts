/** Packet sizes: MSS from the MTU, the IP packet of a payload, bytes on the wire with
 *  encapsulation, Ethernet framing and the inter-frame gap. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ipPacketBytes, mssBytes, wireBytes } from '../../../models/datapath/packet.ts';

test('MSS 1448 at MTU 1500 (timestamps on), 1398 under VXLAN; a full segment is the MTU again', () => {
  assert.equal(mssBytes(1500), 1448);
  assert.equal(mssBytes(1450), 1398);
  assert.equal(ipPacketBytes(mssBytes(1450)), 1450);
});

test('on the wire: IP packet + encapsulation + 18 bytes of frame + 20 of preamble and gap', () => {
  assert.equal(wireBytes(1500, 0), 1538);
  assert.equal(wireBytes(1450, 50), 1538);
  assert.equal(wireBytes(ipPacketBytes(0), 0), 90);
});
