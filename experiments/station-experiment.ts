/**
 * One replication of the `station` workload (models/workloads/station-workload.ts), with metrics
 * named as the request/response ones: time in system per job, jobs served per second, and the
 * station's utilization.
 */
import { Simulation, Streams } from '../sim/index.ts';
import { StationWorkload, type StationWorkloadConfig } from '../models/workloads/station-workload.ts';
import { RequestCollector } from './collectors/request-collector.ts';
import { type Collector, MeasuredPeriod, replicate } from './replication.ts';
import type { ReplicationResult } from './replication-result.ts';

export function runStationReplication(
  config: StationWorkloadConfig,
  run: { durationNs: number; warmupNs: number },
  seed: number,
  replication: number,
): ReplicationResult {
  const sim = new Simulation();
  const period = new MeasuredPeriod(run);
  const w = new StationWorkload(sim, config, new Streams(seed, replication));
  const collectors = [
    new RequestCollector(sim, period, { answered: w.answered }),
    { collect: (out) => out.metric('utilization', { station: w.station.utilization() }) },
  ] satisfies Collector[];
  return replicate({ sim, collectors, resetStats: () => w.station.resetStats() }, period);
}
