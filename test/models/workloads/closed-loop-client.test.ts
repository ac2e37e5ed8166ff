/** Closed-loop users: all start at time 0, each issues its next request thinkNs after its last ended. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClosedLoopClient } from '../../../models/workloads/closed-loop-client.ts';
import { Simulation } from '../../../sim/index.ts';

test('two users, 3 us think time, requests ending 5 us after issue: an exact timeline', () => {
  const sim = new Simulation();
  const log: string[] = [];
  const users: ClosedLoopClient = new ClosedLoopClient(sim, 2, 3_000, (user) => {
    log.push(`${sim.now}:${user}`);
    sim.schedule(5_000 * (user + 1), () => users.ended(user));
  });
  sim.run({ untilNs: 20_000 });
  assert.deepEqual(log, ['0:0', '0:1', '8000:0', '13000:1', '16000:0']);
});

test('concurrency must be a whole number of at least 1, naming the value', () => {
  assert.throws(() => new ClosedLoopClient(new Simulation(), 0, 0, () => {}), /concurrency must be an integer >= 1, got 0/);
  assert.throws(() => new ClosedLoopClient(new Simulation(), 1.5, 0, () => {}), /got 1\.5/);
});
