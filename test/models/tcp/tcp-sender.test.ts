/**
 * The NewReno sender on a tiny deterministic path: segments take 10 µs each way, the receive
 * window is 20 segments, and chosen transmissions are lost. Exact counts: one loss is one fast
 * retransmit; two losses in one window are a fast retransmit and a partial-ACK retransmit; a lost
 * retransmission waits for the timeout (200 ms floor) and sends that one segment again. The
 * retransmission timer holds at most three events throughout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../../sim/index.ts';
import { defaultRenoConfig, TcpSender } from '../../../models/tcp/tcp-sender.ts';
import { TcpReceiver } from '../../../models/tcp/tcp-receiver.ts';
import { TcpTimer } from '../../../models/tcp/tcp-timer.ts';
import type { RetransmitCounter } from '../../../models/tcp/retransmit-counter.ts';

const oneWayNs = 10_000;

/** Runs until segment `until` is acknowledged; `lose(segment, transmission)` drops that
 *  transmission of that segment (0: its first). */
function run(lose: (segment: number, transmission: number) => boolean, until = 100) {
  const sim = new Simulation();
  const counter: RetransmitCounter = { fast: 0, rto: 0, timeouts: 0 };
  const receiver = new TcpReceiver({ ackEverySegments: 2, quickAcks: 0, idleNs: 200e6 });
  const sent = new Map<number, number>();
  const retransmitted: { segment: number; atNs: number }[] = [];
  let mostTimerEvents = 0;
  const ack = (next = receiver.next) => sim.schedule(oneWayNs, () => {
    sender.onAck(next);
    mostTimerEvents = Math.max(mostTimerEvents, sender.timerEvents);
    if (sender.window.una >= until) sim.stop();
  });
  const delayedAck = new TcpTimer(sim, () => receiver.delayedAck() && ack());
  // ACKs carry the receiver's next segment as it was when they were sent.
  const sender = new TcpSender(sim, defaultRenoConfig(20), 1, (first, count, again) => {
    for (let k = first; k < first + count; k++) {
      const n = sent.get(k) ?? 0;
      sent.set(k, n + 1);
      if (again) retransmitted.push({ segment: k, atNs: sim.now });
      if (lose(k, n)) continue;
      sim.schedule(oneWayNs, () => {
        const r = receiver.receive(k, 1, sim.now);
        if (r.ackNow) {
          delayedAck.stop();
          ack();
        } else if (!delayedAck.armed) delayedAck.arm(40e6);
      });
    }
  }, counter);
  sender.start();
  sim.run();
  return { counter, retransmitted, window: sender.window, mostTimerEvents, nowNs: sim.now };
}

test('no loss: no retransmission, the window opens to the receive window', () => {
  const r = run(() => false);
  assert.deepEqual(r.counter, { fast: 0, rto: 0, timeouts: 0 });
  assert.ok(r.window.cwnd >= 20);
});

test('one lost segment: one fast retransmit, ssthresh half the 20 in flight, no timeout', () => {
  const r = run((k, n) => k === 30 && n === 0);
  assert.deepEqual(r.counter, { fast: 1, rto: 0, timeouts: 0 });
  assert.deepEqual(r.retransmitted.map((x) => x.segment), [30]);
  assert.equal(r.window.ssthresh, 10);
  assert.equal(r.window.inRecovery, false);
});

test('two losses in one window: a fast retransmit, then the partial ACK retransmits the second hole', () => {
  const r = run((k, n) => (k === 30 || k === 33) && n === 0);
  assert.deepEqual(r.counter, { fast: 2, rto: 0, timeouts: 0 });
  assert.deepEqual(r.retransmitted.map((x) => x.segment), [30, 33]);
});

test('a lost retransmission: the timeout after the 200 ms floor sends that one segment again', () => {
  const r = run((k, n) => k === 30 && n < 2);
  assert.deepEqual(r.counter, { fast: 1, rto: 1, timeouts: 1 });
  assert.deepEqual(r.retransmitted.map((x) => x.segment), [30, 30]);
  const waitNs = r.retransmitted[1]!.atNs - r.retransmitted[0]!.atNs;
  // RTO = SRTT + max(4·RTTVAR, 200 ms) = 20 µs + 200 ms, armed at the last ACK of new data, one
  // round trip before the fast retransmit.
  assert.equal(waitNs, 200e6);
  assert.equal(r.window.ssthresh, 10);
  // The live event, and one stale event per deadline moved earlier: the 1 s initial timeout (before
  // the first RTT sample) and the backed-off 400 ms one (the ACK of the retransmission ends the
  // backoff); each fires once as a no-op.
  assert.equal(r.mostTimerEvents, 3);
});
