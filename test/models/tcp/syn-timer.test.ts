import { test } from 'node:test';
import assert from 'node:assert/strict';
import { synGivesUp, synTimerNs } from '../../../models/tcp/syn-timer.ts';

test('SYNs at 0, 1, 3, 7, 15, 31, 63 s; connect() fails when the 7th SYN\'s timer expires, at 127 s', () => {
  const sent: number[] = [];
  let t = 0;
  let attempt = 0;
  for (;;) {
    sent.push(t / 1e9);
    t += synTimerNs(attempt);
    if (synGivesUp(attempt)) break;
    attempt++;
  }
  assert.deepEqual(sent, [0, 1, 3, 7, 15, 31, 63]);
  assert.equal(t, 127e9);
});
