/**
 * One replication's timeline, written once for every kind of point: the models are built with
 * their collectors on a fresh simulation; the warm-up runs; at its end the models' own statistics
 * restart (stations' busy time, packet counters) and every collector takes its baseline; the
 * measured period runs; then the collectors write the replication's metrics and series. Models
 * know nothing of the warm-up. A collector counts a happening by when it began — a request by its
 * issue, a sync by its start, a change by its publication, a delivery by its time — with
 * `MeasuredPeriod.includes`, the one warm-up test, so a request issued in the warm-up and answered
 * after it is not measured.
 */
import type { Simulation } from '../sim/index.ts';
import { ReplicationOutput } from './replication-output.ts';
import type { ReplicationResult } from './replication-result.ts';

export class MeasuredPeriod {
  readonly fromNs: number;
  readonly durationNs: number;

  constructor(run: { warmupNs: number; durationNs: number }) {
    this.fromNs = run.warmupNs;
    this.durationNs = run.durationNs;
  }

  get seconds(): number {
    return this.durationNs / 1e9;
  }

  /** Whether a happening that began at `startNs` is measured: it began once the warm-up was over. */
  includes(startNs: number): boolean {
    return startNs >= this.fromNs;
  }
}

/** Turns models' trace sources and counters into metrics of the results contract. */
export interface Collector {
  /** The warm-up is over: counters are read from their values now. */
  reset?(): void;
  /** Writes this collector's metrics and series once the measured period has run. */
  collect(out: ReplicationOutput): void;
}

/** A replication ready to run: its simulation, its collectors (subscribed when they were built),
 *  and how to restart the models' own statistics. */
export interface ReplicationModel {
  sim: Simulation;
  collectors: Collector[];
  resetStats(): void;
}

export function replicate(model: ReplicationModel, period: MeasuredPeriod): ReplicationResult {
  const { sim, collectors } = model;
  sim.run({ untilNs: period.fromNs });
  model.resetStats();
  for (const c of collectors) c.reset?.();
  sim.run({ untilNs: period.fromNs + period.durationNs });
  const out = new ReplicationOutput();
  for (const c of collectors) c.collect(out);
  return out.result(sim.fired);
}
