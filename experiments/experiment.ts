/**
 * One replication of one point, whatever its kind: a Service point, an egress point, a bare
 * station, or a network point (request/response, bulk, control plane). The entry the worker pool
 * and the tests call.
 */
import type { ModelConfig } from '../models/model-config.ts';
import { runEgressReplication } from './egress-experiment.ts';
import { runNetworkReplication } from './network-experiment.ts';
import type { ReplicationResult } from './replication-result.ts';
import { runServiceReplication } from './service-experiment.ts';
import { runStationReplication } from './station-experiment.ts';

export function runReplication(config: ModelConfig, seed: number, replication: number): ReplicationResult {
  if (config.services?.egress) return runEgressReplication(config, config.services, config.services.egress, seed, replication);
  if (config.services) return runServiceReplication(config, config.services, seed, replication);
  const w = config.workload;
  if (w.kind === 'station') {
    return runStationReplication({ servers: config.cluster.coresPerNode, ...w }, config.run, seed, replication);
  }
  return runNetworkReplication(config, seed, replication);
}
