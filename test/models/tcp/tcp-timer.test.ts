/**
 * The TCP timer on the simulation: it expires once at its deadline, re-arming moves the deadline
 * (earlier or later), stopping cancels it, and a timer re-armed at every step holds a bounded
 * number of events, so none leaks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../../sim/index.ts';
import { TcpTimer } from '../../../models/tcp/tcp-timer.ts';

function timeline(): { sim: Simulation; timer: TcpTimer; fired: number[] } {
  const sim = new Simulation();
  const fired: number[] = [];
  const timer = new TcpTimer(sim, () => fired.push(sim.now));
  return { sim, timer, fired };
}

test('expires once at its deadline; re-armed later, at the new deadline; stopped, never', () => {
  const { sim, timer, fired } = timeline();
  timer.arm(100);
  sim.schedule(60, () => timer.arm(100));
  sim.run();
  assert.deepEqual(fired, [160]);
  assert.equal(timer.armed, false);
  timer.arm(10);
  timer.stop();
  sim.run();
  assert.deepEqual(fired, [160]);
  assert.equal(sim.pending, 0);
});

test('re-armed earlier than its scheduled event, it expires at the earlier deadline, once', () => {
  const { sim, timer, fired } = timeline();
  timer.arm(1000);
  sim.schedule(10, () => timer.arm(50));
  sim.run();
  assert.deepEqual(fired, [60]);
  assert.equal(sim.pending, 0);
});

test('re-armed at every one of 10,000 steps, it holds one event at a time and expires once', () => {
  const { sim, timer, fired } = timeline();
  let most = 0;
  for (let i = 0; i < 10_000; i++) {
    sim.schedule(i * 7, () => {
      timer.arm(200);
      most = Math.max(most, timer.events);
    });
  }
  sim.run();
  assert.equal(most, 1);
  assert.deepEqual(fired, [9999 * 7 + 200]);
  // One event per period of 200 ns over the 70 µs, not one per re-arm.
  assert.ok(sim.fired < 10_000 + 400, String(sim.fired));
});
