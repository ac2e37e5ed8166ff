import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation, Station, Streams } from '../../sim/index.ts';
import { erlangC, mm1k, mm1MeanSojournNs, mmcMeanWaitNs } from './queueing-formulas.ts';

type Log = [number, string][];

test('2 servers, 3 jobs at t=0: exact completion times, third job waits for the first server', () => {
  const sim = new Simulation();
  const station = new Station(sim, { name: 'cpu', servers: 2 });
  const log: Log = [];
  const done = (what: string) => log.push([sim.now, what]);
  assert.equal(station.request(10, done, 'a'), true);
  assert.equal(station.request(20, done, 'b'), true);
  assert.equal(station.request(30, done, 'c'), true);
  assert.equal(station.inService, 2);
  assert.equal(station.queueLength, 1);
  sim.run();
  assert.deepEqual(log, [[10, 'a'], [20, 'b'], [40, 'c']]);
  assert.equal(station.served, 3);
  assert.equal(station.meanWaitNs(), 10 / 3);
  assert.equal(station.waitMaxNs, 10);
  assert.equal(station.busyNs(), 60);
  assert.equal(station.meanQueueLength(), 10 / 40);
});

test('arrivals beyond queueCapacity are dropped, counted and never called back', () => {
  const sim = new Simulation();
  const station = new Station(sim, { name: 'flanneld', servers: 1, queueCapacity: 2 });
  const log: Log = [];
  const done = (what: string) => log.push([sim.now, what]);
  const accepted = ['a', 'b', 'c', 'd', 'e'].map((what) => station.request(5, done, what));
  assert.deepEqual(accepted, [true, true, true, false, false]);
  assert.equal(station.dropped, 2);
  sim.run();
  assert.deepEqual(log, [[5, 'a'], [10, 'b'], [15, 'c']]);
  assert.equal(station.request(5, done, 'f'), true);
});

test('busy time and utilization are exact on a deterministic case', () => {
  const sim = new Simulation();
  const station = new Station(sim, { name: 'cpu', servers: 2 });
  const noop = () => {};
  sim.at(0, () => station.request(30, noop));
  sim.at(10, () => station.request(20, noop));
  sim.at(60, () => station.request(40, noop));
  sim.run({ untilNs: 100 });
  assert.equal(station.busyNs(), 90);
  assert.equal(station.meanBusy(), 0.9);
  assert.equal(station.utilization(), 0.45);
  station.resetStats();
  sim.run({ untilNs: 200 });
  assert.equal(station.utilization(), 0);
  assert.equal(station.served, 0);
});

test('servers must be an integer >= 1, named in the message', () => {
  assert.throws(() => new Station(new Simulation(), { name: 'cpu', servers: 0 }), {
    message: 'station cpu: servers must be an integer >= 1, got 0',
  });
});

/**
 * Poisson arrivals at rate λ to a station of c exponential servers of rate μ (per ns). The first
 * `warmup` customers are not counted. Returns the mean time in system and the mean wait.
 */
function runMMc(c: number, lambda: number, mu: number, customers: number, warmup: number, seed: number, queueCapacity = Infinity) {
  const sim = new Simulation();
  const streams = new Streams(seed, 0);
  const arrivals = streams.get('arrivals');
  const service = streams.get('service');
  const station = new Station(sim, { name: 'server', servers: c, queueCapacity });
  let arrived = 0;
  let sojournSum = 0;
  let counted = 0;
  const depart = (arrivalNs: number): void => {
    sojournSum += sim.now - arrivalNs;
    counted++;
  };
  const departWarmup = (): void => {};
  const arrive = (): void => {
    arrived++;
    if (arrived === warmup + 1) station.resetStats();
    station.request(Math.round(service.exponential(1 / mu)), arrived > warmup ? depart : departWarmup, sim.now);
    if (arrived < warmup + customers) sim.schedule(Math.round(arrivals.exponential(1 / lambda)), arrive);
  };
  sim.schedule(0, arrive);
  sim.run();
  return { meanSojournNs: sojournSum / counted, meanWaitNs: station.meanWaitNs(), counted, dropped: station.dropped };
}

const within = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual / expected - 1) < tolerance, `${what}: ${actual} vs ${expected}`);

// Service mean of 1 ms keeps the rounding to integer ns negligible.
const mu = 1 / 1e6;

test('M/M/1 at ρ = 0.5: mean time in system within 3% of 1/(μ−λ)', () => {
  const lambda = 0.5 * mu;
  const r = runMMc(1, lambda, mu, 200_000, 10_000, 1);
  within(r.meanSojournNs, mm1MeanSojournNs(lambda, mu), 0.03, 'M/M/1 ρ=0.5');
});

test('M/M/1 at ρ = 0.9: mean time in system within 3% of 1/(μ−λ)', () => {
  const lambda = 0.9 * mu;
  const r = runMMc(1, lambda, mu, 3_000_000, 100_000, 1);
  within(r.meanSojournNs, mm1MeanSojournNs(lambda, mu), 0.03, 'M/M/1 ρ=0.9');
});

test('Erlang C helper matches a tabulated value', () => {
  // c = 2, a = 1: C = (1/2 · 2) / (1 + 1 + 1) = 1/3.
  assert.ok(Math.abs(erlangC(2, 1) - 1 / 3) < 1e-12);
});

test('M/M/4 at ρ = 0.8: mean wait within 3% of Erlang C', () => {
  const lambda = 4 * 0.8 * mu;
  const r = runMMc(4, lambda, mu, 2_000_000, 50_000, 1);
  within(r.meanWaitNs, mmcMeanWaitNs(4, lambda, mu), 0.03, 'M/M/4 Wq');
});

for (const rho of [0.9, 2]) {
  test(`M/M/1/K with K = 10 at ρ = ${rho}: blocking probability and mean time in system within 3% of the closed form`, () => {
    const k = 10;
    const lambda = rho * mu;
    const customers = 1_000_000;
    const r = runMMc(1, lambda, mu, customers, 20_000, 3, k - 1);
    const expected = mm1k(lambda, mu, k);
    assert.equal(r.counted + r.dropped, customers);
    within(r.dropped / customers, expected.blocking, 0.03, `P_K ρ=${rho}`);
    within(r.meanSojournNs, expected.meanSojournNs, 0.03, `W ρ=${rho}`);
  });
}

test('a drop reason is the station\'s own, queue_full unless named; a negative capacity is refused', () => {
  const sim = new Simulation();
  assert.equal(new Station(sim, { name: 'cpu', servers: 1 }).dropReason, 'queue_full');
  assert.equal(new Station(sim, { name: 'softirq', servers: 1, queueCapacity: 1000, dropReason: 'backlog_full' }).dropReason, 'backlog_full');
  assert.throws(() => new Station(sim, { name: 'q', servers: 1, queueCapacity: -1 }), {
    message: 'station q: queueCapacity must be >= 0 (or Infinity), got -1',
  });
});
