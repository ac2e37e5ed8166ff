import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdaptiveQueue, queueKinds, RandomStream, Simulation, type QueueKind } from '../../sim/index.ts';

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

test('every queue kind: events scheduled before a pending one after run({untilNs}) stopped in front of it fire first, ties in order', () => {
  const sequences = (Object.keys(queueKinds) as QueueKind[]).map((queue) => {
    const sim = new Simulation({ queue });
    const fired: number[] = [];
    const fire = (id: number): void => {
      fired.push(sim.now, id);
    };
    sim.at(2 ** 40 + 5, fire, 0); // above 2^32: both halves of the time matter
    sim.at(1_000, fire, 1);
    sim.run({ untilNs: 500 }); // peeks at 1,000 and stops
    sim.at(600, fire, 2);
    sim.at(600, fire, 3);
    sim.at(1_000, fire, 4);
    sim.run({ untilNs: 2 ** 40 });
    sim.at(2 ** 40 + 5, fire, 5);
    sim.at(2 ** 40 + 1, fire, 6);
    sim.run();
    return fired;
  });
  for (const fired of sequences) {
    assert.deepEqual(fired, [600, 2, 600, 3, 1_000, 1, 1_000, 4, 2 ** 40 + 1, 6, 2 ** 40 + 5, 0, 2 ** 40 + 5, 5]);
  }
});

test('adaptive: handing events between heap and radix heap keeps the (time, sequence) order', () => {
  // Thresholds of 100 and 20 pending make a random workload of rising and falling size switch
  // structures many times; every pop must match the binary heap's.
  const rng = new RandomStream(11, 0, 'adaptive');
  const adaptive = new AdaptiveQueue(100, 20);
  const heap = queueKinds['typed-heap']();
  const fn = () => {};
  let seq = 0;
  let now = 0;
  let switches = 0;
  let was = adaptive.structure;
  for (let step = 0; step < 60_000; step++) {
    const growing = Math.floor(step / 2_000) % 2 === 0;
    if (heap.size === 0 || rng.random() < (growing ? 0.7 : 0.2)) {
      const t = now + rng.integer(20);
      adaptive.push(t, seq, fn, seq);
      heap.push(t, seq, fn, seq);
      seq++;
    } else {
      const t = heap.peekTime();
      assert.equal(adaptive.peekTime(), t);
      heap.pop();
      adaptive.pop();
      assert.equal(adaptive.arg, heap.arg, `step ${step}`);
      assert.equal(adaptive.seq, heap.seq);
      now = t;
    }
    if (adaptive.structure !== was) switches++;
    was = adaptive.structure;
  }
  assert.ok(switches >= 10, `${switches} switches`);
});

test('every queue kind pops as the comparator heap (fastpriorityqueue) does: a deep random pending set, ties, times above 2^32, events put in front of a peeked one', () => {
  // Up to ~5,000 pending, so the binary heap's bottom-up sift runs a dozen levels with its
  // look-ahead loads; 64 distinct offsets per step, so most pushes tie with a pending event.
  const fn = () => {};
  for (const kind of Object.keys(queueKinds) as QueueKind[]) {
    const rng = new RandomStream(5, 0, 'deep');
    const q = queueKinds[kind]();
    const reference = queueKinds.fastpriorityqueue();
    let seq = 0;
    let now = 2 ** 33 + 7;
    let inFront = 0;
    const push = (t: number): void => {
      q.push(t, seq, fn, seq);
      reference.push(t, seq, fn, seq);
      seq++;
    };
    for (let k = 0; k < 3_000; k++) push(now + rng.integer(64) * 1_000);
    for (let step = 0; step < 40_000; step++) {
      const draw = rng.random();
      if (draw < 0.45) {
        push(now + rng.integer(64) * 1_000);
      } else if (draw < 0.5 && q.size > 0 && q.peekTime() > now) {
        const t = now + rng.integer(q.peekTime() - now); // in front of the peeked event
        push(t);
        assert.equal(q.peekTime(), t, `${kind} step ${step}`);
        inFront++;
      } else if (q.size > 0) {
        const t = reference.peekTime();
        assert.equal(q.peekTime(), t, `${kind} step ${step}`);
        q.pop();
        reference.pop();
        assert.equal(q.arg, reference.arg, `${kind} step ${step}`);
        assert.equal(q.seq, reference.seq);
        now = t;
      }
    }
    assert.equal(q.size, reference.size);
    assert.ok(inFront > 300 && seq > 20_000, `${kind}: ${inFront} in front, ${seq} pushed`);
  }
});
