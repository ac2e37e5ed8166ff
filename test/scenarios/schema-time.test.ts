/**
 * Durations in the scenario format: a field in ns, us, ms or s accepts 0 (or only > 0 when
 * positive) up to the largest value that fits the integer-nanosecond clock (2^53 - 1 ns) in its
 * unit, and says so past it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maxClockNs, maxIn, time } from '../../scenarios/schema-time.ts';
import { messages } from '../../scenarios/messages.ts';

test('the largest value per unit: 2^53 - 1 ns, floored in us, ms and s', () => {
  assert.equal(maxClockNs, 2 ** 53 - 1);
  assert.deepEqual(['ns', 'us', 'ms', 's'].map((u) => maxIn(u as 'ns')), [9007199254740991, 9007199254740, 9007199254, 9007199]);
});

test('a field accepts 0 to the bound, refuses past it with the clock message, and refuses 0 when positive', () => {
  const s = time('s');
  assert.equal(s.parse(0), 0);
  assert.equal(s.parse(9007199), 9007199);
  const past = s.safeParse(9007200);
  assert.equal(past.success, false);
  assert.equal(past.error!.issues[0].message, messages.beyondClock(9007199, 's'));
  assert.equal(s.safeParse(-1).success, false);
  assert.equal(time('us', { positive: true }).safeParse(0).success, false);
  assert.equal(time('us', { positive: true }).parse(0.5), 0.5);
});
