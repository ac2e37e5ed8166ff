import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LadderQueue } from '../../sim/ladder-queue.ts';
import { RandomStream } from '../../sim/index.ts';

/** The reference: pending (time, sequence) pairs kept sorted, earliest first. */
class SortedReference {
  private items: [number, number][] = [];
  get size(): number {
    return this.items.length;
  }
  push(t: number, s: number): void {
    let lo = 0, hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const [mt, ms] = this.items[mid];
      if (mt < t || (mt === t && ms < s)) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, [t, s]);
  }
  shift(): [number, number] {
    return this.items.shift()!;
  }
}

const fn = (): void => {};

test('ladder: pops as a sorted list does, through rising and falling pending sets, delays from 0 to 2^40 ns, ties and events put in front of a peeked one', () => {
  const rng = new RandomStream(3, 0, 'ladder');
  const q = new LadderQueue(8);
  const reference = new SortedReference();
  let seq = 0, now = 5, inFront = 0, ties = 0;
  const delay = (): number => {
    const d = rng.random();
    if (d < 0.1) return 0; // ties with the event just fired
    if (d < 0.3) return rng.integer(4) * 1_000; // ties among pending events
    if (d < 0.99) return rng.integer(2 ** (1 + rng.integer(30)));
    return rng.integer(2 ** 40);
  };
  const push = (t: number): void => {
    q.push(t, seq, fn, seq);
    reference.push(t, seq);
    seq++;
  };
  for (let step = 0; step < 120_000; step++) {
    const growing = Math.floor(step / 5_000) % 2 === 0;
    const draw = rng.random();
    if (reference.size === 0 || draw < (growing ? 0.6 : 0.35)) {
      push(now + delay());
    } else if (draw < (growing ? 0.65 : 0.4) && q.peekTime() > now) {
      const t = now + rng.integer(q.peekTime() - now); // before the earliest pending event
      push(t);
      inFront++;
    } else {
      const [t, s] = reference.shift();
      assert.equal(q.peekTime(), t, `step ${step}`);
      q.pop();
      assert.equal(q.seq, s, `step ${step}`);
      assert.equal(q.arg, s);
      assert.equal(q.fn, fn);
      if (t === now) ties++;
      now = t;
    }
    assert.equal(q.size, reference.size);
  }
  while (reference.size > 0) {
    const [t, s] = reference.shift();
    assert.equal(q.peekTime(), t);
    q.pop();
    assert.equal(q.seq, s);
  }
  assert.equal(q.size, 0);
  assert.equal(q.peekTime(), Infinity);
  assert.ok(q.spreads > 5 && q.spreads < 1_000 && inFront > 1_000 && ties > 5_000, `${q.spreads} spreads, ${inFront} in front, ${ties} ties`);
});

test('ladder: events of one time fire in insertion order whether they waited in the top, a bucket or the heap', () => {
  const q = new LadderQueue(4);
  const T = 1_000_000_000;
  q.push(0, 0, fn, 'first'); // both wait in the top until the first peek spreads it
  q.push(T, 1, fn, 'top');
  for (let k = 0; k < 20; k++) q.push(1_000 * k, 2 + k, fn, `early ${k}`);
  assert.equal(q.peekTime(), 0); // spread: the event at T is now in the last bucket
  assert.equal(q.spreads, 1);
  q.push(T, 22, fn, 'bucket');
  q.push(2 * T, 23, fn, 'top again'); // beyond the last bucket
  q.push(T, 24, fn, 'bucket 2');
  const order: string[] = [];
  while (q.size > 0) {
    const t = q.peekTime();
    q.pop();
    if (t === T && order.at(-1) === 'bucket') q.push(T, 25, fn, 'heap'); // T is then below the heap's limit
    order.push(q.arg as string);
  }
  assert.deepEqual(order.slice(-5), ['top', 'bucket', 'bucket 2', 'heap', 'top again']);
  assert.equal(order.length, 26);
  assert.ok(q.spreads >= 2);
});

test('ladder: a million events at one time and one far event: they come out in insertion order, the far one last', () => {
  const q = new LadderQueue();
  const n = 100_000;
  q.push(2 ** 45, 0, fn, -1);
  for (let k = 1; k <= n; k++) q.push(7, k, fn, k);
  for (let k = 1; k <= n; k++) {
    assert.equal(q.peekTime(), 7);
    q.pop();
    if (q.arg !== k) assert.fail(`pop ${k} gave ${q.arg}`);
  }
  assert.equal(q.peekTime(), 2 ** 45);
  q.pop();
  assert.equal(q.arg, -1);
  assert.equal(q.size, 0);
});
