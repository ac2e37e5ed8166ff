import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../../sim/index.ts';
import { type LostSegment, RetransmissionTimer, Retransmitter, tcpRetries2 } from '../../../models/tcp/retransmission-timer.ts';

test('RTO: 1 s before a sample; after a 1 ms sample 1 + max(4 × 0.5, 200) = 201 ms, doubled per retransmission up to 120 s', () => {
  const t = new RetransmissionTimer();
  assert.equal(t.timeoutNs(0), 1e9);
  t.sampleRtt(1e6);
  assert.deepEqual([0, 1, 2, 9, 10].map((k) => t.timeoutNs(k)), [201e6, 402e6, 804e6, 201e6 * 512, 120e9]);
});

test('a sample counts the receiver\'s hold only up to the 40 ms delayed-ACK timeout', () => {
  const t = new RetransmissionTimer();
  t.sample(1e6, 5e9, 1e6);
  assert.equal(t.srttNs, 42e6);
});

test('a segment dropped every time is retransmitted tcp_retries2 = 15 times and given up at 0.201 × 1023 + 6 × 120 s', () => {
  const sim = new Simulation();
  const timer = new RetransmissionTimer();
  timer.sampleRtt(1e6);
  const counted: string[] = [];
  const log: number[] = [];
  let gaveUp = -1;
  const r: Retransmitter<string> = new Retransmitter(sim, (k) => counted.push(k), {
    timer: () => timer,
    waiting: () => gaveUp < 0,
    resend: (l: LostSegment<string>) => {
      log.push(sim.now);
      r.dropped(l);
    },
    giveUp: () => {
      gaveUp = sim.now;
    },
  });
  r.dropped({ arg: 'request', index: 0, sentNs: 0, retransmissions: 0 });
  sim.run();
  assert.equal(tcpRetries2, 15);
  assert.equal(log.length, 15);
  assert.deepEqual(counted, Array(15).fill('rto'));
  assert.deepEqual(log.slice(0, 3), [201e6, 603e6, 1407e6]);
  assert.equal(gaveUp, 201e6 * 1023 + 6 * 120e9);
});
