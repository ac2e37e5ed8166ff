/** One station of c servers: a closed loop of constant jobs gives an exact timeline; open Poisson
 *  arrivals to one exponential server give M/M/1's mean time in system 1/(mu − lambda). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StationWorkload } from '../../../models/workloads/station-workload.ts';
import { Simulation, Streams } from '../../../sim/index.ts';

test('closed loop, 3 jobs on 2 servers, 10 us each, no think time: completions at 10, 10, 20, 20, 30 … us', () => {
  const sim = new Simulation();
  const w = new StationWorkload(sim, { servers: 2, arrival: { kind: 'closed', concurrency: 3, thinkNs: 0 }, serviceTime: { kind: 'constant', valueNs: 10_000 } }, new Streams(1, 0));
  const arrivals: number[] = [];
  const answered: string[] = [];
  w.arrived.subscribe((e) => arrivals.push(e.atNs));
  w.answered.subscribe((arrivalNs) => answered.push(`${arrivalNs}→${sim.now}`));
  sim.run({ untilNs: 30_000 });
  assert.deepEqual(arrivals, [0, 0, 0, 10_000, 10_000, 20_000, 20_000, 30_000, 30_000]);
  assert.deepEqual(answered, ['0→10000', '0→10000', '0→20000', '10000→20000', '10000→30000', '20000→30000']);
});

test('M/M/1 at rho = 0.5: mean time in system 2/mu within 5%, warm-up excluded', () => {
  const sim = new Simulation();
  const w = new StationWorkload(sim, { servers: 1, arrival: { kind: 'open', rateRps: 50_000 }, serviceTime: { kind: 'exponential', meanNs: 10_000 } }, new Streams(2, 0));
  let count = 0;
  let sumNs = 0;
  w.answered.subscribe((arrivalNs) => {
    if (arrivalNs < 0.1e9) return;
    count++;
    sumNs += sim.now - arrivalNs;
  });
  sim.run({ untilNs: 4.1e9 });
  assert.ok(Math.abs(count / 200_000 - 1) < 0.02, `${count}`);
  assert.ok(Math.abs(sumNs / count / 20_000 - 1) < 0.05, `${sumNs / count}`);
});
