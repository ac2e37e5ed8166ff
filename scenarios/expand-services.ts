/**
 * The Service part of a point's model configuration: scenario units (s, ms, us) to integer ns,
 * defaults that depend on other fields (all Services targeted) filled in.
 */
import { clientNodeList, defaultRateRps, targetRange } from './schema-services.ts';
import { modelGroups } from './schema-service-groups.ts';
import type { Scenario } from './schema.ts';
import { policyConfig } from './schema-policies.ts';
import { ingressConfig } from './schema-ingress.ts';
import { sessionAffinityParameters } from '../models/services/session-affinity.ts';
import type { ServiceModelConfig } from '../models/model-config.ts';
import { atLeast } from '../models/netfilter/conntrack-confirm.ts';
import type { ServiceCatalogueConfig } from '../models/services/service-catalogue.ts';
import type { ServiceStreamConfig } from '../models/workloads/service-stream.ts';
import type { EgressTrafficConfig } from '../models/workloads/egress-traffic.ts';
import type { DistributionSpec } from '../sim/index.ts';
import type { Arrival } from '../models/workloads/request-response.ts';
import { udpFlowsConfig } from './schema-udp-flows.ts';

const us = (x: number) => Math.round(x * 1e3);

/** The Service catalogue of a scenario (also what a bulk stream via a ClusterIP walks). */
export function catalogueConfig(s: Scenario): ServiceCatalogueConfig {
  const sv = s.services;
  const target = s.traffic?.target;
  const range = targetRange(sv, target?.group)!;
  return {
    groups: sv.groups ? modelGroups(sv.groups) : [{ count: sv.count, endpointsPerService: sv.endpointsPerService }],
    nodePortServices: sv.nodePorts,
    // With no Service (proxy.mode none), the clients call the pods of one virtual Service.
    targetServices: sv.targetServices ?? Math.max(1, range.size),
    popularity: sv.popularity,
    placement: sv.endpointPlacement,
    ...(target && { firstTarget: range.first, position: target.position }),
  };
}

/** A bulk stream's Service, when it goes via a ClusterIP. */
export function toServiceStreamConfig(s: Scenario): ServiceStreamConfig | null {
  if (s.workload.bulk.via !== 'clusterIP') return null;
  const c = s.cluster;
  return {
    addressing: { clusterCidr: c.clusterCidr, nodeCidrMaskSize: c.nodeCidrMaskSize, nodes: c.nodes, podsPerNode: c.podsPerNode },
    proxy: { mode: s.proxy.mode, version: s.proxy.version, scheduler: s.proxy.scheduler, via: 'clusterIP' }, catalogue: catalogueConfig(s) };
}

function arrivalOf(t: NonNullable<Scenario['traffic']>): Arrival {
  return t.arrival?.kind === 'closed'
    ? { kind: 'closed', concurrency: t.arrival.concurrency, thinkNs: us(t.arrival.thinkUs) }
    : { kind: 'open', rateRps: t.arrival?.rateRps ?? t.rateRps ?? defaultRateRps, ...(t.maxOutstanding !== undefined && { maxOutstanding: t.maxOutstanding }) };
}

function serviceTime(d: NonNullable<Scenario['traffic']>['serviceTime']): DistributionSpec {
  return d.dist === 'constant' ? { kind: 'constant', valueNs: us(d.us) } : { kind: 'exponential', meanNs: us(d.meanUs) };
}

export function toServiceModelConfig(s: Scenario): ServiceModelConfig | undefined {
  const t = s.traffic;
  if (!t) return undefined;
  const ct = s.proxy.conntrack;
  const c = s.cluster;
  return {
    addressing: { clusterCidr: c.clusterCidr, nodeCidrMaskSize: c.nodeCidrMaskSize, nodes: c.nodes, podsPerNode: c.podsPerNode },
    catalogue: catalogueConfig(s),
    proxy: {
      mode: s.proxy.mode, version: s.proxy.version, scheduler: s.proxy.scheduler, via: t.via,
      ...(s.proxy.ipvsConnReuseMode !== undefined && { ipvsConnReuse: { mode: s.proxy.ipvsConnReuseMode, fixed: atLeast(ct.kernel, '5.9') } }),
      ...serviceOptionsConfig(s),
    },
    conntrack: {
      max: ct.max ?? null,
      buckets: ct.buckets ?? null,
      timeoutsNs: { established: ct.establishedTimeoutS * 1e9, timeWait: ct.timeWaitTimeoutS * 1e9 },
      sampleNs: Math.round(ct.sampleMs * 1e6),
    },
    traffic: {
      clientNodes: clientNodeList(t.clientNodes),
      arrival: arrivalOf(t),
      clientCpu: { perRequestNs: us(t.clientCpu.perRequestUs), perConnectionNs: us(t.clientCpu.perConnectionUs) },
      clientThreads: t.clientThreads,
      serverThreads: t.serverThreads ?? null,
      ...(t.clientPorts !== undefined && { clientPorts: t.clientPorts }),
      requestsPerConnection: t.requestsPerConnection,
      requestBytes: t.requestBytes,
      responseBytes: t.responseBytes,
      serviceTime: serviceTime(t.serviceTime),
      dns: t.dnsAnswerUs === undefined ? null : {
        answerNs: us(t.dnsAnswerUs), queries: t.dnsQueries, resolver: t.dnsResolver,
        nodeLocalHitRatio: t.nodeLocalDnsHitRatio ?? null, kernel: ct.kernel,
      },
    },
    ...(t.egress ? { egress: egressConfig(s, t.egress) } : {}),
    ...(t.udpFlows ? { udpFlows: udpFlowsConfig(t.udpFlows) } : {}),
    ...(s.policies ? { policies: policyConfig(s.policies) } : {}),
    ...(s.ingress ? { ingress: ingressConfig(s.ingress, clientNodeList(t.clientNodes), c.nodes) } : {}),
  };
}

/** The Service options of the proxy configuration, only those the scenario gives. */
function serviceOptionsConfig(s: Scenario) {
  const sv = s.services;
  return {
    ...(sv.externalTrafficPolicy !== undefined && { externalTrafficPolicy: sv.externalTrafficPolicy }),
    ...(sv.sessionAffinity === 'ClientIP' && { affinityTimeoutNs: (sv.affinityTimeoutSeconds ?? sessionAffinityParameters.timeoutSeconds.value) * 1e9 }),
    ...(sv.trafficDistribution !== undefined && { trafficDistribution: sv.trafficDistribution }),
  };
}

function egressConfig(s: Scenario, e: NonNullable<NonNullable<Scenario['traffic']>['egress']>): EgressTrafficConfig {
  const t = s.traffic!;
  return {
    clientNodes: clientNodeList(t.clientNodes),
    podsPerNode: e.podsPerNode,
    arrival: arrivalOf(t),
    requestBytes: t.requestBytes,
    responseBytes: t.responseBytes,
    serviceTime: serviceTime(t.serviceTime),
    rttNs: us(e.rttUs),
    masquerade: { randomFully: e.masquerade.randomFully, toPorts: e.masquerade.toPorts ?? null },
    localPorts: { first: e.localPortFirst, last: e.localPortLast },
    timeWaitNs: s.proxy.conntrack.timeWaitTimeoutS * 1e9,
  };
}
