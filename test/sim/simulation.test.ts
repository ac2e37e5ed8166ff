import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../sim/index.ts';

type Log = [number, string][];

test('events fire in time order, the clock following them', () => {
  const sim = new Simulation();
  const log: Log = [];
  const note = (what: string) => log.push([sim.now, what]);
  sim.schedule(30, note, 'c');
  sim.schedule(10, note, 'a');
  sim.schedule(20, (what: string) => {
    note(what);
    sim.schedule(5, note, 'b+5');
  }, 'b');
  sim.run();
  assert.deepEqual(log, [[10, 'a'], [20, 'b'], [25, 'b+5'], [30, 'c']]);
  assert.equal(sim.now, 30);
  assert.equal(sim.fired, 4);
  assert.equal(sim.pending, 0);
});

test('ties fire in insertion order, including events scheduled at now by a handler', () => {
  const sim = new Simulation();
  const log: Log = [];
  const note = (what: string) => log.push([sim.now, what]);
  sim.at(5, note, 'first');
  sim.at(5, (what: string) => {
    note(what);
    sim.schedule(0, note, 'fourth');
  }, 'second');
  sim.schedule(5, note, 'third');
  sim.run();
  assert.deepEqual(log, [[5, 'first'], [5, 'second'], [5, 'third'], [5, 'fourth']]);
});

test('schedule refuses a negative or fractional delay, naming the value', () => {
  const sim = new Simulation();
  const fn = () => {};
  assert.throws(() => sim.schedule(-3, fn), { name: 'RangeError', message: /got -3$/ });
  assert.throws(() => sim.schedule(1.5, fn), { name: 'RangeError', message: /got 1\.5$/ });
  assert.throws(() => sim.schedule(NaN, fn), { name: 'RangeError', message: /got NaN$/ });
  assert.throws(() => sim.schedule(2 ** 53, fn), { name: 'RangeError', message: /got 9007199254740992$/ });
  assert.equal(sim.pending, 0);
});

test('at refuses a past, negative or fractional time, naming the value', () => {
  const sim = new Simulation();
  const fn = () => {};
  sim.at(100, fn);
  sim.run();
  assert.throws(() => sim.at(99, fn), { name: 'RangeError', message: /now \(100\), got 99$/ });
  assert.throws(() => sim.at(-1, fn), { name: 'RangeError', message: /got -1$/ });
  assert.throws(() => sim.at(150.25, fn), { name: 'RangeError', message: /got 150\.25$/ });
  sim.at(100, fn);
  assert.equal(sim.pending, 1);
});

test('run({untilNs}) fires events at untilNs, keeps later ones and leaves now = untilNs', () => {
  const sim = new Simulation();
  const log: Log = [];
  const note = (what: string) => log.push([sim.now, what]);
  sim.at(10, note, 'a');
  sim.at(50, note, 'b');
  sim.at(51, note, 'c');
  sim.run({ untilNs: 50 });
  assert.deepEqual(log, [[10, 'a'], [50, 'b']]);
  assert.equal(sim.now, 50);
  sim.run({ untilNs: 60 });
  assert.deepEqual(log.at(-1), [51, 'c']);
  assert.equal(sim.now, 60);
  sim.run({ untilNs: 1000 });
  assert.equal(sim.now, 1000);
  assert.throws(() => sim.run({ untilNs: 999 }), { name: 'RangeError', message: /got 999$/ });
});

test('run({maxEvents}) fires exactly that many, and a later run goes on from there', () => {
  const sim = new Simulation();
  let count = 0;
  const tick = (): void => {
    count++;
    sim.schedule(7, tick);
  };
  sim.schedule(0, tick);
  sim.run({ maxEvents: 5 });
  assert.equal(count, 5);
  assert.equal(sim.fired, 5);
  assert.equal(sim.now, 28);
  sim.run({ maxEvents: 3 });
  assert.equal(count, 8);
  assert.equal(sim.now, 49);
});

test('maxEvents takes precedence over untilNs: the clock stays at the last event', () => {
  const sim = new Simulation();
  for (let t = 1; t <= 10; t++) sim.at(t, () => {});
  sim.run({ untilNs: 100, maxEvents: 4 });
  assert.equal(sim.now, 4);
  assert.equal(sim.pending, 6);
});

test('stop() ends run after the event being fired', () => {
  const sim = new Simulation();
  const log: Log = [];
  sim.at(1, () => log.push([sim.now, 'a']));
  sim.at(2, () => {
    log.push([sim.now, 'stop']);
    sim.stop();
  });
  sim.at(2, () => log.push([sim.now, 'c']));
  sim.run({ untilNs: 10 });
  assert.deepEqual(log, [[1, 'a'], [2, 'stop']]);
  assert.equal(sim.now, 2);
  sim.run();
  assert.deepEqual(log.at(-1), [2, 'c']);
});

test('pending counts waiting events only, also inside a handler', () => {
  const sim = new Simulation();
  const seen: number[] = [];
  const look = (): void => {
    seen.push(sim.pending);
  };
  sim.at(1, () => {
    look();
    sim.schedule(1, look);
    look();
  });
  sim.at(3, look);
  sim.run();
  assert.deepEqual(seen, [1, 2, 1, 0]);
});
