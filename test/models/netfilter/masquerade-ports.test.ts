/** MASQUERADE's port choice: the original port kept when free (and in a --to-ports range), else
 *  the rover's port, which stays put until its tuple is in use (so two searches before a confirm
 *  give one port); --random-fully never keeps the original; an exhausted range says so. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Streams } from '../../../sim/index.ts';
import { MasqueradePorts } from '../../../models/netfilter/masquerade-ports.ts';

const stream = () => new Streams(1, 0).get('masquerade');

test('the original port is kept when its tuple is free; else the search starts at the rover', () => {
  const m = new MasqueradePorts({ randomFully: false, toPorts: null }, stream());
  assert.deepEqual(m.choose(40_000, () => false), { port: 40_000, exhausted: false });
  const used = new Set([40_000, 1024]);
  // Rover 0: port 1024 is used, 1025 is not.
  assert.deepEqual(m.choose(40_000, (p) => used.has(p)), { port: 1025, exhausted: false });
  // Before 1025 is confirmed, the next search gives it again: the race.
  assert.deepEqual(m.choose(40_000, (p) => used.has(p)), { port: 1025, exhausted: false });
  used.add(1025);
  assert.deepEqual(m.choose(40_000, (p) => used.has(p)), { port: 1026, exhausted: false });
});

test('--to-ports: an original port outside the range is always remapped; a full range is exhausted', () => {
  const m = new MasqueradePorts({ randomFully: false, toPorts: { first: 2000, last: 2002 } }, stream());
  assert.deepEqual(m.choose(40_000, () => false), { port: 2000, exhausted: false });
  assert.deepEqual(m.choose(2001, () => false), { port: 2001, exhausted: false });
  assert.deepEqual(m.choose(40_000, () => true), { port: 2002, exhausted: true });
});

test('--random-fully starts each search at a fresh random offset and never keeps the original', () => {
  const m = new MasqueradePorts({ randomFully: true, toPorts: null }, stream());
  const ports = Array.from({ length: 50 }, () => m.choose(40_000, () => false).port);
  assert.ok(ports.every((p) => p >= 1024 && p <= 65535 && p !== 40_000));
  assert.ok(new Set(ports).size > 45);
});
