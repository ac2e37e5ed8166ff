import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RenoWindow, renoParameters } from '../../../models/tcp/reno-window.ts';
import { valuesOf } from '../../../models/parameters.ts';

const p = valuesOf(renoParameters);
const config = {
  initialWindowSegments: p.initialWindowSegments, dupAckThreshold: p.dupAckThreshold,
  rtoMinNs: p.rtoMinMs * 1e6, rtoMaxNs: p.rtoMaxMs * 1e6, initialRtoNs: p.initialRtoMs * 1e6,
  receiveWindowSegments: 10_000,
};

/** Sends what the window allows and ACKs it every second segment, one round trip at a time. */
function roundTrip(w: RenoWindow): void {
  const end = w.next + w.sendable;
  w.next = end;
  for (let a = w.una + 2; a <= end; a += 2) w.onAck(a);
}

test('slow start doubles the window per round trip from 10 segments with one ACK per two segments', () => {
  const w = new RenoWindow(config);
  const windows = [w.cwnd];
  for (let i = 0; i < 4; i++) {
    roundTrip(w);
    windows.push(w.cwnd);
  }
  assert.deepEqual(windows, [10, 20, 40, 80, 160]);
});

test('three duplicate ACKs retransmit the hole and halve the window; the full ACK deflates it to ssthresh', () => {
  const w = new RenoWindow(config);
  w.next = 10;
  assert.equal(w.onAck(0 + 0), -1);
  w.onAck(4);
  assert.equal(w.cwnd, 14);
  w.next = 18;
  assert.equal(w.onAck(4), -1);
  assert.equal(w.onAck(4), -1);
  assert.equal(w.onAck(4), 4);
  assert.equal(w.ssthresh, 7);
  assert.equal(w.cwnd, 10);
  w.onAck(4);
  assert.equal(w.cwnd, 11);
  assert.equal(w.onAck(18), -1);
  assert.equal(w.inRecovery, false);
  assert.equal(w.cwnd, 7);
});

test('congestion avoidance adds one segment per window acknowledged', () => {
  const w = new RenoWindow(config);
  w.ssthresh = 10;
  roundTrip(w);
  assert.equal(w.cwnd, 11);
  roundTrip(w);
  assert.equal(w.cwnd, 11, '10 of 11 acknowledged: not yet a window');
  w.next += 1;
  w.onAck(w.una + 2);
  assert.equal(w.cwnd, 12);
});

test('RTO: 1 s before a sample, SRTT + 200 ms floor after, doubling per expiry up to 120 s', () => {
  const w = new RenoWindow(config);
  assert.equal(w.rtoNs, 1e9);
  w.sampleRtt(100_000);
  assert.equal(w.rtoNs, 100_000 + 200e6);
  w.next = 20;
  w.onTimeout();
  assert.equal(w.cwnd, 1);
  assert.equal(w.ssthresh, 10);
  assert.equal(w.next, 0);
  assert.equal(w.rtoNs, 2 * (100_000 + 200e6));
  for (let i = 0; i < 20; i++) w.onTimeout();
  assert.equal(w.rtoNs, 120e9);
});
