import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RandomStream, Streams } from '../../sim/index.ts';

const draw = (s: RandomStream, n = 20): number[] => Array.from({ length: n }, () => s.random());

test('the same (seed, replication, name) gives the same sequence', () => {
  assert.deepEqual(draw(new RandomStream(1, 0, 'arrivals/client-17')), draw(new RandomStream(1, 0, 'arrivals/client-17')));
  assert.deepEqual(draw(new Streams(3, 2).get('a')), draw(new RandomStream(3, 2, 'a')));
});

test('a different seed, replication or name gives a different sequence', () => {
  const base = draw(new RandomStream(1, 0, 'a'));
  assert.notDeepEqual(draw(new RandomStream(2, 0, 'a')), base);
  assert.notDeepEqual(draw(new RandomStream(1, 1, 'a')), base);
  assert.notDeepEqual(draw(new RandomStream(1, 0, 'b')), base);
});

test("a stream's sequence is unaffected by draws from other streams", () => {
  const alone = draw(new Streams(1, 0).get('x'), 100);
  const streams = new Streams(1, 0);
  const x = streams.get('x');
  const interleaved: number[] = [];
  for (let k = 0; k < 100; k++) {
    streams.get(`other-${k % 3}`).random();
    interleaved.push(x.random());
    streams.get('y').exponential(5);
  }
  assert.deepEqual(interleaved, alone);
  assert.equal(streams.get('x'), x);
});

test('draws lie in their ranges', () => {
  const s = new RandomStream(1, 0, 'ranges');
  for (let k = 0; k < 10_000; k++) {
    const u = s.random();
    assert.ok(u >= 0 && u < 1);
    const i = s.integer(7);
    assert.ok(Number.isInteger(i) && i >= 0 && i < 7);
    const v = s.uniform(-2, 3);
    assert.ok(v >= -2 && v < 3);
    assert.ok(s.exponential(4) >= 0);
  }
});
