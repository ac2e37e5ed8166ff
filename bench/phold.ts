/**
 * PHOLD (Fujimoto) on podpath's engine, in the peers' model and output format
 * (../shared/peers/README.md): P logical processes and P pending events; each firing at process i
 * increments state[i] and schedules one event at a uniform process after Exp(mean 1 s). Only the
 * event loop is timed.
 */
import { RandomStream, Simulation, type QueueKind } from '../sim/index.ts';

export interface PholdOptions {
  pending: number;
  events: number;
  seed: number;
  queue: QueueKind;
}

export function phold(o: PholdOptions): string {
  const sim = new Simulation({ queue: o.queue });
  const rng = new RandomStream(o.seed, 0, 'phold');
  const P = o.pending;
  const meanNs = 1e9;
  const state = new Float64Array(P);
  const fire = (lp: number): void => {
    state[lp]++;
    sim.schedule(Math.round(-meanNs * Math.log(1 - rng.random())), fire, Math.floor(rng.random() * P));
  };
  for (let k = 0; k < P; k++) {
    sim.schedule(Math.round(rng.exponential(meanNs)), fire, rng.integer(P));
  }
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  sim.run({ maxEvents: o.events });
  const loopS = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(c0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  let sum = 0;
  for (let i = 0; i < P; i++) sum += state[i];
  if (sum !== o.events) throw new Error(`statesum ${sum} != E ${o.events}`);
  const engine = o.queue === 'ladder' ? 'podpath' : `podpath-${o.queue}`;
  return (
    `RESULT engine=${engine} P=${P} E=${o.events} loop_s=${loopS.toFixed(6)} ` +
    `eps=${(o.events / loopS).toFixed(1)} simtime=${(sim.now / 1e9).toFixed(4)} statesum=${sum} cpu_s=${cpuS.toFixed(6)}`
  );
}
