/**
 * The TCP receiver as a timeline of arrivals: delayed ACKs every second in-order segment, an
 * immediate duplicate ACK for a segment above a hole, in-order delivery of what the hole held once
 * it is filled, quickack after a silence, and the out-of-order queue merged into disjoint ranges.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TcpReceiver } from '../../../models/tcp/tcp-receiver.ts';

const config = { ackEverySegments: 2, quickAcks: 0, idleNs: 1e9 };

test('in order: an ACK every second segment, each segment delivered once', () => {
  const r = new TcpReceiver(config);
  const log = [0, 1, 2, 3, 4].map((k) => r.receive(k, 1, k));
  assert.deepEqual(log.map((a) => a.ackNow), [false, true, false, true, false]);
  assert.deepEqual(log.map((a) => a.delivered), [1, 1, 1, 1, 1]);
  assert.equal(r.unacked, 1);
  assert.equal(r.delayedAck(), true);
  assert.equal(r.delayedAck(), false, 'nothing left to acknowledge');
});

test('a hole: duplicate ACKs at once, then the filling segment delivers what was held and is acknowledged at once', () => {
  const r = new TcpReceiver(config);
  r.receive(0, 2, 0);
  const dups = [3, 4, 5].map((k) => r.receive(k, 1, k));
  assert.deepEqual(dups, [{ delivered: 0, ackNow: true }, { delivered: 0, ackNow: true }, { delivered: 0, ackNow: true }]);
  assert.equal(r.next, 2);
  assert.equal(r.heldRanges, 1);
  assert.deepEqual(r.receive(2, 1, 6), { delivered: 4, ackNow: true });
  assert.equal(r.next, 6);
  assert.equal(r.heldRanges, 0);
  assert.deepEqual(r.receive(1, 1, 7), { delivered: 0, ackNow: true }, 'a duplicate is acknowledged at once');
});

test('out-of-order ranges merge; a train that covers the hole partly delivers up to the next hole', () => {
  const r = new TcpReceiver(config);
  r.receive(10, 5, 0);
  r.receive(20, 5, 1);
  r.receive(15, 2, 2);
  assert.equal(r.heldRanges, 2, '[10,17) and [20,25)');
  r.receive(17, 3, 3);
  assert.equal(r.heldRanges, 1, 'one range [10,25)');
  assert.deepEqual(r.receive(0, 12, 4), { delivered: 25, ackNow: true });
});

test('quickack: the first segments and those after a silence longer than idleNs are acknowledged one by one', () => {
  const r = new TcpReceiver({ ackEverySegments: 2, quickAcks: 3, idleNs: 1000 });
  const acks = (from: number, n: number, t0: number) => Array.from({ length: n }, (_, i) => r.receive(from + i, 1, t0 + i).ackNow);
  assert.deepEqual(acks(0, 5, 0), [true, true, true, false, true]);
  assert.deepEqual(acks(5, 4, 10), [false, true, false, true], 'no silence: every second');
  assert.deepEqual(acks(9, 4, 5000), [true, true, true, false]);
});
