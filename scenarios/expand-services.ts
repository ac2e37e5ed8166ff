/**
 * The Service part of a point's model configuration: scenario units (s, ms, us) to integer ns,
 * defaults that depend on other fields (all Services targeted) filled in.
 */
import { clientNodeList } from './schema-services.ts';
import type { Scenario } from './schema.ts';
import type { ServiceModelConfig } from '../models/model-config.ts';

const us = (x: number) => Math.round(x * 1e3);

export function toServiceModelConfig(s: Scenario): ServiceModelConfig | undefined {
  const t = s.traffic;
  if (!t) return undefined;
  const sv = s.services;
  const ct = s.proxy.conntrack;
  const c = s.cluster;
  return {
    addressing: { clusterCidr: c.clusterCidr, nodeCidrMaskSize: c.nodeCidrMaskSize, nodes: c.nodes, podsPerNode: c.podsPerNode },
    catalogue: {
      services: sv.count,
      endpointsPerService: sv.endpointsPerService,
      nodePortServices: sv.nodePorts,
      targetServices: sv.targetServices ?? sv.count,
      popularity: sv.popularity,
    },
    proxy: { mode: s.proxy.mode, version: s.proxy.version, scheduler: s.proxy.scheduler, via: t.via },
    conntrack: {
      max: ct.max ?? null,
      buckets: ct.buckets ?? null,
      timeoutsNs: { established: ct.establishedTimeoutS * 1e9, timeWait: ct.timeWaitTimeoutS * 1e9 },
      sampleNs: Math.round(ct.sampleMs * 1e6),
    },
    traffic: {
      clientNodes: clientNodeList(t.clientNodes),
      rateRps: t.rateRps,
      requestsPerConnection: t.requestsPerConnection,
      requestBytes: t.requestBytes,
      responseBytes: t.responseBytes,
      serviceTime: t.serviceTime.dist === 'constant'
        ? { kind: 'constant', valueNs: us(t.serviceTime.us) }
        : { kind: 'exponential', meanNs: us(t.serviceTime.meanUs) },
      dnsServiceNs: t.dnsAnswerUs === undefined ? null : us(t.dnsAnswerUs),
    },
  };
}
