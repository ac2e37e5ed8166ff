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

test('a sliced job yields at its next slice boundary only when a job waits, and resumes with the work it has left', () => {
  const sim = new Simulation();
  const station = new Station(sim, { name: 'cpu', servers: 1 });
  const log: Log = [];
  const done = (what: string) => log.push([sim.now, what]);
  station.requestSliced(100, 10, done, 'long');
  sim.at(3, () => station.request(2, done, 's1'));
  sim.at(25, () => station.request(4, done, 's2'));
  sim.at(26, () => station.request(1, done, 's3'));
  sim.run();
  // s1 waits for the boundary at 10; the long job resumes at 12, its next boundary is 12 + 2 * 10.
  assert.deepEqual(log, [[12, 's1'], [36, 's2'], [37, 's3'], [107, 'long']]);
  assert.equal(station.busyNs(), 107);
  assert.equal(station.started, 4);
  assert.equal(station.served, 4);
  // Waits: s1 7, s2 7, s3 10, the long job 2 + 5.
  assert.equal(station.waitSumNs, 31);
  assert.equal(station.waitMaxNs, 10);
});

test('two sliced jobs and a short one on one server: round robin with the quantum, no idle time', () => {
  const run = (sliced: boolean) => {
    const sim = new Simulation();
    const station = new Station(sim, { name: 'cpu', servers: 1 });
    const log: Log = [];
    const done = (what: string) => log.push([sim.now, what]);
    for (const what of ['a', 'b']) {
      if (sliced) station.requestSliced(30, 10, done, what);
      else station.request(30, done, what);
    }
    sim.at(15, () => station.request(3, done, 's'));
    sim.run();
    return { log, busy: station.busyNs(), end: sim.now };
  };
  // a 0-10, b 10-20, a 20-30 (s waits behind a), s 30-33, b 33-43, a 43-53, b 53-63.
  assert.deepEqual(run(true), { log: [[33, 's'], [53, 'a'], [63, 'b']], busy: 63, end: 63 });
  assert.deepEqual(run(false), { log: [[30, 'a'], [60, 'b'], [63, 's']], busy: 63, end: 63 });
});

test('two servers: the sliced job with the earliest boundary yields; the others run on', () => {
  const sim = new Simulation();
  const station = new Station(sim, { name: 'cpu', servers: 2 });
  const log: Log = [];
  const done = (what: string) => log.push([sim.now, what]);
  station.requestSliced(100, 10, done, 'l1');
  sim.at(4, () => station.requestSliced(100, 10, done, 'l2'));
  sim.at(5, () => station.request(1, done, 's'));
  sim.run();
  // l1's boundary (10) comes before l2's (14): s runs 10-11, l1 resumes at 11 with 90 left.
  assert.deepEqual(log, [[11, 's'], [101, 'l1'], [104, 'l2']]);
  assert.equal(station.busyNs(), 201);
  assert.equal(station.waitSumNs, 5 + 1);
});

test('without contention a sliced job costs the events and times of an ordinary one', () => {
  const run = (sliced: boolean) => {
    const sim = new Simulation();
    const station = new Station(sim, { name: 'cpu', servers: 2 });
    const log: Log = [];
    const done = (what: string) => log.push([sim.now, what]);
    if (sliced) station.requestSliced(10e9, 750_000, done, 'sync');
    else station.request(10e9, done, 'sync');
    for (let i = 0; i < 100; i++) sim.at(i * 1_000_000, () => station.request(500_000, done, `p${i}`));
    sim.run();
    return { log, fired: sim.fired, busy: station.busyNs(), wait: station.waitSumNs };
  };
  assert.deepEqual(run(true), run(false));
  const sim = new Simulation();
  new Station(sim, { name: 'cpu', servers: 1 }).requestSliced(10e9, 750_000, () => {});
  sim.run();
  assert.equal(sim.fired, 1);
});

test('a slice must be an integer >= 1, named in the message', () => {
  const station = new Station(new Simulation(), { name: 'cpu', servers: 1 });
  assert.throws(() => station.requestSliced(10, 0, () => {}), { message: 'station cpu: sliceNs must be an integer >= 1, got 0' });
});

/**
 * c exponential servers with Poisson arrivals; one long job (`syncNs`) arrives at `syncAtNs`,
 * sliced or not. Returns the mean wait of the short jobs that arrived while it was in the system.
 */
function waitsDuringSync(c: number, a: number, sliceNs: number | null, syncNs: number, seed: number) {
  const sim = new Simulation();
  const streams = new Streams(seed, 0);
  const arrivals = streams.get('arrivals');
  const service = streams.get('service');
  const station = new Station(sim, { name: 'cpu', servers: c });
  const serviceMeanNs = 10_000;
  const syncAtNs = 50e6;
  let syncing = false;
  let waitSum = 0;
  let counted = 0;
  const started = (arrivalNs: number): void => {
    waitSum += sim.now - arrivalNs;
    counted++;
  };
  const noop = (): void => {};
  const arrive = (): void => {
    const s = Math.max(1, Math.round(service.exponential(serviceMeanNs)));
    // The wait is the sojourn less the service; FIFO, so it is exact per job.
    if (syncing) station.request(s, (t: number) => started(t + s), sim.now);
    else station.request(s, noop);
    if (sim.now < syncAtNs + syncNs) sim.schedule(Math.round(arrivals.exponential(serviceMeanNs / a)), arrive);
  };
  sim.schedule(0, arrive);
  sim.at(syncAtNs, () => {
    syncing = true;
    const end = () => (syncing = false);
    if (sliceNs === null) station.request(syncNs, end);
    else station.requestSliced(syncNs, sliceNs, end);
  });
  sim.run();
  return { meanWaitNs: waitSum / counted, serviceMeanNs, counted };
}

test('a whole-job sync on one of 4 cores: the packets arriving during it wait as at M/M/3 (Erlang C, within 5%)', () => {
  const syncNs = 1e9;
  const r = waitsDuringSync(4, 2.4, null, syncNs, 11);
  within(r.meanWaitNs, mmcMeanWaitNs(3, 2.4 / r.serviceMeanNs, 1 / r.serviceMeanNs), 0.05, 'M/M/3 Wq during the sync');
});

test('cores saturated without the sync\'s: whole-job waits grow through the sync (fluid closed form); sliced, the sync takes the spare core share', () => {
  // a = 3.5 on 4 cores: 3 cores cannot keep up, so a whole-job sync of D lets the backlog grow at
  // λ − 3μ; a packet arriving t into it waits about (λ − 3μ)t / 3μ, (a/3 − 1) D/2 on average.
  const syncNs = 400e6;
  const whole = waitsDuringSync(4, 3.5, null, syncNs, 5);
  within(whole.meanWaitNs, (3.5 / 3 - 1) * syncNs / 2, 0.1, 'whole-job sync, fluid wait');
  // Sliced (q), the sync runs a slice, yields to the backlog and resumes once the jobs ahead of it
  // have started, W later: it settles at the spare share c − a = q / (q + W) of a core, so the
  // packets wait W = q (a − c + 1) / (c − a), here one slice (the start of the sync builds it up).
  const q = 3_000_000;
  const sliced = waitsDuringSync(4, 3.5, q, syncNs, 5);
  within(sliced.meanWaitNs, q * (3.5 - 3) / (4 - 3.5), 0.15, 'sliced sync, settled wait');
  assert.ok(sliced.meanWaitNs < whole.meanWaitNs / 8, `sliced ${sliced.meanWaitNs} ns vs whole ${whole.meanWaitNs} ns`);
});

test('a sliced arrival at a full queue is dropped like any other; a preempted job back in the queue never is', () => {
  const sim = new Simulation();
  const station = new Station(sim, { name: 'cpu', servers: 1, queueCapacity: 1 });
  const log: Log = [];
  const done = (what: string) => log.push([sim.now, what]);
  assert.equal(station.requestSliced(50, 10, done, 'long'), true);
  assert.equal(station.request(5, done, 'a'), true);
  assert.equal(station.requestSliced(5, 10, done, 'late'), false);
  sim.run();
  // At 10 the long job yields to a and waits in the queue (length 1 = the capacity) with 40 left.
  assert.deepEqual(log, [[15, 'a'], [55, 'long']]);
  assert.equal(station.dropped, 1);
});
