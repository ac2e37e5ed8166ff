/**
 * One replication of the `station` workload (models/workloads/station-workload.ts): warm-up,
 * reset, measured period, with metrics named as the request/response ones.
 */
import { Simulation, Streams } from '../sim/index.ts';
import { StationWorkload, type StationWorkloadConfig } from '../models/workloads/station-workload.ts';
import type { ReplicationResult } from './replication-result.ts';

/** One replication: warm-up, reset, measured period; metrics named as the request/response ones. */
export function runStationReplication(
  config: StationWorkloadConfig,
  run: { durationNs: number; warmupNs: number },
  seed: number,
  replication: number,
): ReplicationResult {
  const sim = new Simulation();
  const w = new StationWorkload(sim, config, new Streams(seed, replication));
  w.recordFromNs = run.warmupNs;
  sim.run({ untilNs: run.warmupNs });
  w.station.resetStats();
  sim.run({ untilNs: run.warmupNs + run.durationNs });
  return {
    metrics: {
      request_latency_ms: w.latency.summary(1e6),
      requests_per_s: w.completed / (run.durationNs / 1e9),
      utilization: { station: w.station.utilization() },
    },
    series: {},
    events: sim.fired,
  };
}
