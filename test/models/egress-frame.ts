/** An egress point for tests: pods on node 0 calling an address outside the cluster through
 *  MASQUERADE (--to-ports 1024-32767 unless `masquerade` says otherwise), on `cores` cores, at
 *  `rateRps` connections/s for `durationNs` (200 ms of it warm-up). */
import type { ModelConfig } from '../../models/model-config.ts';
import type { MasqueradeConfig } from '../../models/netfilter/masquerade-ports.ts';
import type { ServiceTrafficConfig } from '../../models/workloads/service-traffic.ts';
import { serviceFrame } from './service-frame.ts';

export const toPorts = { first: 1024, last: 32767 };

export function egress(cores: number, rateRps: number, durationNs: number, masquerade: Partial<MasqueradeConfig> = {}, timeWaitNs = 120e9): ModelConfig {
  const c = serviceFrame(durationNs, 2e8);
  c.cluster = { ...c.cluster, coresPerNode: cores, rxQueues: cores };
  c.services = {
    addressing: { clusterCidr: '10.244.0.0/16', nodeCidrMaskSize: 24, nodes: 2, podsPerNode: 110 },
    catalogue: { groups: [{ count: 10, endpointsPerService: 1 }], nodePortServices: 0, targetServices: 10, popularity: { kind: 'uniform' }, placement: 'otherNodes' },
    proxy: { mode: 'iptables', version: 'current', scheduler: 'rr', via: 'clusterIP' },
    conntrack: { max: null, buckets: null, timeoutsNs: { timeWait: timeWaitNs }, sampleNs: 1e8 },
    traffic: serviceFrameTraffic,
    egress: {
      clientNodes: [0], podsPerNode: 8, arrival: { kind: 'open', rateRps }, requestBytes: 64, responseBytes: 512,
      serviceTime: { kind: 'constant', valueNs: 0 }, rttNs: 500_000, masquerade: { randomFully: false, toPorts, ...masquerade },
      localPorts: { first: 32768, last: 60999 }, timeWaitNs,
    },
  };
  return c;
}

/** Unused by egress points (the Service traffic they replace). */
const serviceFrameTraffic: ServiceTrafficConfig = {
  clientNodes: [0], arrival: { kind: 'open', rateRps: 1 }, clientCpu: { perRequestNs: 0, perConnectionNs: 0 }, clientThreads: 1,
  serverThreads: null, requestsPerConnection: 1, requestBytes: 64, responseBytes: 64, serviceTime: { kind: 'constant', valueNs: 0 }, dns: null,
};
