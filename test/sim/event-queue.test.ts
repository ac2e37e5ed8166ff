import { test } from 'node:test';
import assert from 'node:assert/strict';
import { queueKinds, RandomStream, Simulation, type QueueKind } from '../../sim/index.ts';

/** A random workload with many ties; returns the firing sequence as (time, id) pairs. */
function firingSequence(queue: QueueKind): number[] {
  const sim = new Simulation({ queue });
  const rng = new RandomStream(7, 0, 'workload');
  const fired: number[] = [];
  let nextId = 0;
  const fire = (id: number): void => {
    fired.push(sim.now, id);
    const children = rng.integer(3);
    for (let k = 0; k < children && sim.fired < 20_000; k++) sim.schedule(rng.integer(50), fire, nextId++);
  };
  for (let k = 0; k < 500; k++) sim.at(rng.integer(100), fire, nextId++);
  sim.run();
  return fired;
}

test('every queue kind gives the same firing sequence on a random workload with ties', () => {
  const [reference, ...others] = (Object.keys(queueKinds) as QueueKind[]).map(firingSequence);
  assert.ok(reference.length > 20_000);
  for (const sequence of others) assert.deepEqual(sequence, reference);
});

for (const kind of Object.keys(queueKinds) as QueueKind[]) {
  test(`${kind}: pops in (time, sequence) order and reports size and peekTime`, () => {
    const q = queueKinds[kind]();
    assert.equal(q.peekTime(), Infinity);
    const fn = () => {};
    const items: [number, number][] = [[5, 0], [3, 1], [5, 2], [1, 3], [3, 4]];
    for (const [t, s] of items) q.push(t, s, fn, s);
    assert.equal(q.size, 5);
    const order: number[] = [];
    while (q.size > 0) {
      const t = q.peekTime();
      q.pop();
      order.push(t, q.arg as number);
    }
    assert.deepEqual(order, [1, 3, 3, 1, 3, 4, 5, 0, 5, 2]);
    assert.equal(q.peekTime(), Infinity);
  });
}
