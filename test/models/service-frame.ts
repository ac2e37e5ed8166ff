/**
 * The frame Service-traffic tests build their models in: an idle host-gw cluster of 8-core nodes
 * on 10 GbE (its request/response workload is unused: the Service traffic is the test's own).
 */
import type { ModelConfig } from '../../models/model-config.ts';

export function serviceFrame(durationNs: number, warmupNs = 0, nodes = 2): ModelConfig {
  return {
    profile: 'xeon-2019-10gbe', costs: {},
    cluster: { nodes, coresPerNode: 8, rxQueues: 8, linkGbps: 10 },
    network: { backend: 'host-gw' },
    workload: {
      kind: 'request-response', clientNode: 0, serverNode: 1, arrival: { kind: 'open', rateRps: 1 },
      requestBytes: 64, responseBytes: 64, serviceTime: { kind: 'constant', valueNs: 0 },
    },
    run: { durationNs, warmupNs },
  };
}
