/**
 * The scenario fields of Service load balancing: the Service catalogue (`services`), the proxy
 * mode with its conntrack settings (`proxy`) and the client traffic (`traffic`, whose presence
 * selects the Service model instead of `workload`). Units in the names; every numeric knob is a
 * Parameter declared beside its model (service-catalogue.ts, conntrack-table.ts,
 * client-application.ts, service-traffic-parameters.ts …) and derived here (parameter-schema.ts).
 */
import { z } from 'zod';
import { conntrackParameters } from '../models/netfilter/conntrack-table.ts';
import { defaultedField, optionalField } from './parameter-schema.ts';
import { runParameters } from './run-parameters.ts';
import { serviceCatalogueParameters } from '../models/services/service-catalogue.ts';
import { serviceTrafficParameters } from '../models/workloads/service-traffic-parameters.ts';
import { closedLoopParameters } from '../models/workloads/closed-loop-client.ts';
import { dnsLookupParameters } from '../models/workloads/dns-lookup.ts';
import { resolverModes } from '../models/workloads/dns-resolver.ts';
import { nodeLocalDnsParameters } from '../models/workloads/node-local-dns.ts';
import { clashKernels } from '../models/netfilter/conntrack-confirm.ts';
import { loadGeneratorParameters } from '../models/workloads/open-loop-generator.ts';
import { time } from './schema-time.ts';
import { ipvsSchedulerNames } from '../models/services/ipvs-scheduler.ts';
import { clientApplicationParameters } from '../models/workloads/client-application.ts';
import { proxyModes } from '../models/services/proxier.ts';
import { egressTrafficParameters } from '../models/workloads/egress-traffic.ts';
import { ephemeralPortParameters } from '../models/datapath/ephemeral-ports.ts';

const positive = z.number().positive();
const int = (min: number) => z.number().int().min(min);

const services = z.strictObject({
  count: defaultedField(serviceCatalogueParameters.count),
  endpointsPerService: defaultedField(serviceCatalogueParameters.endpointsPerService),
  nodePorts: defaultedField(serviceCatalogueParameters.nodePorts),
  targetServices: optionalField(serviceCatalogueParameters.targetServices),
  popularity: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('uniform') }),
    z.strictObject({ kind: z.literal('zipf'), exponent: positive }),
  ]).default({ kind: 'uniform' }),
  /** Where endpoints run: otherNodes (round-robin over the nodes without clients), spread (over
   *  all nodes), clientNode (over the client nodes). */
  endpointPlacement: z.enum(['spread', 'clientNode', 'otherNodes']).default('otherNodes'),
});

const conntrack = z.strictObject({
  max: optionalField(conntrackParameters.max),
  buckets: optionalField(conntrackParameters.buckets),
  establishedTimeoutS: defaultedField(conntrackParameters.establishedTimeoutS),
  timeWaitTimeoutS: defaultedField(conntrackParameters.timeWaitTimeoutS),
  sampleMs: defaultedField(runParameters.conntrackSampleMs),
  /** The nodes' kernel, by the fixes it has: 4.x (no clash resolution for NATed flows), 5.0
   *  (clash with the same DNAT endpoint merged), 5.6 (UDP clashes inserted anyway), 5.9 (and
   *  IPVS reschedules a reused port without a drop). */
  kernel: z.enum(clashKernels).default('4.x'),
});

const proxy = z.strictObject({
  mode: z.enum(proxyModes).default('iptables'),
  /** iptables rule layout: legacy (kube-proxy ≤ 1.20, 2 KUBE-SERVICES rules per Service) or current. */
  version: z.enum(['legacy', 'current']).default('current'),
  scheduler: z.enum(ipvsSchedulerNames).default('rr'),
  /** net.ipv4.vs.conn_reuse_mode (0 or 1) for IPVS's connection table meeting a reused client
   *  port; absent: that table is not modelled. The kernel is proxy.conntrack.kernel (5.9: fixed). */
  ipvsConnReuseMode: z.union([z.literal(0), z.literal(1)]).optional(),
  conntrack: conntrack.prefault({}),
});

const distribution = z.discriminatedUnion('dist', [
  z.strictObject({ dist: z.literal('constant'), us: time('us') }),
  z.strictObject({ dist: z.literal('exponential'), meanUs: time('us', { positive: true }) }),
]);

/** Client nodes: a list of node indices, or a range (`{ first: 0, count: 1000 }`). */
const clientNodes = z.union([
  z.array(int(0)).min(1),
  z.strictObject({ first: int(0), count: int(1) }),
], { error: 'must be a list of node indices, e.g. [0, 1], or a range { first: 0, count: 1000 }' });

/** The node indices of a `traffic.clientNodes` value. */
export function clientNodeList(c: z.output<typeof clientNodes>): number[] {
  return Array.isArray(c) ? c : Array.from({ length: c.count }, (_, i) => c.first + i);
}

/** Requests per second over all clients when neither `traffic.rateRps` nor `traffic.arrival` is
 *  given. */
export const defaultRateRps = serviceTrafficParameters.rateRps.value;

const port = z.number().int().min(1).max(65535);

/** Egress to one address outside the cluster through MASQUERADE (egress-traffic.ts): when given,
 *  the client pods call it instead of Services. */
const egress = z.strictObject({
  podsPerNode: defaultedField(egressTrafficParameters.podsPerNode),
  rttUs: defaultedField(egressTrafficParameters.rttUs),
  localPortFirst: defaultedField(ephemeralPortParameters.localPortFirst),
  localPortLast: defaultedField(ephemeralPortParameters.localPortLast),
  masquerade: z.strictObject({
    /** iptables -j MASQUERADE --random-fully. */
    randomFully: z.boolean().default(false),
    /** --to-ports first-last; absent: none (1024-65535 searched). */
    toPorts: z.strictObject({ first: port, last: port }).optional(),
  }).prefault({}),
});

const traffic = z.strictObject({
  clientNodes: clientNodes.default([0]),
  rateRps: optionalField(serviceTrafficParameters.rateRps),
  /** open: Poisson at rateRps over all clients; closed: `concurrency` users per client pod, each
   *  issuing its next request thinkUs after its previous one ended (ab -c, wrk -c, fortio -c). */
  arrival: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('open'), rateRps: positive }),
    z.strictObject({ kind: z.literal('closed'), concurrency: int(1), thinkUs: defaultedField(closedLoopParameters.thinkUs) }),
  ]).optional(),
  /** Open arrivals: requests each client pod's generator holds outstanding at most. */
  maxOutstanding: optionalField(loadGeneratorParameters.maxOutstanding),
  clientCpu: z.strictObject({
    perRequestUs: defaultedField(clientApplicationParameters.perRequestUs),
    perConnectionUs: defaultedField(clientApplicationParameters.perConnectionUs),
  }).prefault({}),
  clientThreads: defaultedField(clientApplicationParameters.threads),
  serverThreads: optionalField(serviceTrafficParameters.serverThreads),
  /** clusterIP, or nodePort: each client calls its own node's address at the Service's NodePort
   *  (externalTrafficPolicy Cluster), so the target Services must be NodePorts. */
  via: z.enum(['clusterIP', 'nodePort']).default('clusterIP'),
  requestsPerConnection: defaultedField(serviceTrafficParameters.requestsPerConnection),
  requestBytes: defaultedField(serviceTrafficParameters.requestBytes),
  responseBytes: defaultedField(serviceTrafficParameters.responseBytes),
  serviceTime: distribution.default({ dist: 'exponential', meanUs: 50 }),
  clientPorts: optionalField(serviceTrafficParameters.clientPorts),
  dnsAnswerUs: optionalField(dnsLookupParameters.answerUs),
  /** The records each lookup asks for: A only (getaddrinfo with AF_INET) or A and AAAA (AF_UNSPEC). */
  dnsQueries: z.enum(['A', 'A+AAAA']).default('A+AAAA'),
  /** The resolver's resolv.conf options: parallel (glibc's default), single-request,
   *  single-request-reopen, use-vc (TCP). */
  dnsResolver: z.enum(resolverModes).default('parallel'),
  nodeLocalDnsHitRatio: optionalField(nodeLocalDnsParameters.hitRatio),
  egress: egress.optional(),
});

/** Top-level fields, spread into the scenario schema. */
export const serviceScenarioShape = {
  services: services.prefault({}),
  proxy: proxy.prefault({}),
  traffic: traffic.optional(),
};

type ServiceScenario = {
  cluster: { nodes: number };
  services: z.output<typeof services>;
  proxy: z.output<typeof proxy>;
  traffic?: z.output<typeof traffic>;
};

/** Cross-field checks: client nodes exist, target Services exist. */
export function refineServiceScenario(s: ServiceScenario, ctx: z.RefinementCtx): void {
  const c = s.traffic?.clientNodes;
  if (Array.isArray(c)) {
    c.forEach((node, i) => {
      if (node >= s.cluster.nodes) {
        ctx.addIssue({ code: 'custom', path: ['traffic', 'clientNodes', i], input: node, message: `must be a node index below cluster.nodes = ${s.cluster.nodes}` });
      }
    });
  } else if (c && c.first + c.count > s.cluster.nodes) {
    ctx.addIssue({ code: 'custom', path: ['traffic', 'clientNodes', 'count'], input: c.count, message: `must fit the cluster: first + count <= cluster.nodes = ${s.cluster.nodes}` });
  }
  if (s.traffic?.rateRps !== undefined && s.traffic.arrival !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['traffic', 'rateRps'], input: s.traffic.rateRps, message: 'cannot be given with traffic.arrival (rateRps is the shorthand for arrival { kind: open, rateRps })' });
  }
  if (s.services.count === 0 && s.proxy.mode !== 'none') {
    ctx.addIssue({ code: 'custom', path: ['services', 'count'], input: 0, message: `must be >= 1 with proxy.mode ${s.proxy.mode} (0 Services only with proxy.mode none, the pod-IP baseline)` });
  }
  if (s.services.count === 0 && s.traffic?.dnsAnswerUs !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['traffic', 'dnsAnswerUs'], input: s.traffic.dnsAnswerUs, message: 'needs services.count >= 1 (the lookups go to the kube-dns Service, the last one)' });
  }
  const e = s.traffic?.egress;
  if (e && e.localPortFirst > e.localPortLast) {
    ctx.addIssue({ code: 'custom', path: ['traffic', 'egress', 'localPortLast'], input: e.localPortLast, message: `must be >= traffic.egress.localPortFirst = ${e.localPortFirst}` });
  }
  const to = e?.masquerade.toPorts;
  if (to && to.first > to.last) {
    ctx.addIssue({ code: 'custom', path: ['traffic', 'egress', 'masquerade', 'toPorts', 'last'], input: to.last, message: `must be >= toPorts.first = ${to.first}` });
  }
  if (e && s.traffic?.dnsAnswerUs !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['traffic', 'dnsAnswerUs'], input: s.traffic.dnsAnswerUs, message: 'cannot be given with traffic.egress (the egress pods call an address, not a name)' });
  }
  if (e && s.traffic!.requestsPerConnection !== 1) {
    ctx.addIssue({ code: 'custom', path: ['traffic', 'requestsPerConnection'], input: s.traffic!.requestsPerConnection, message: 'must be 1 with traffic.egress (each egress request opens its own connection)' });
  }
  if (s.traffic?.nodeLocalDnsHitRatio !== undefined && s.traffic.dnsAnswerUs === undefined) {
    ctx.addIssue({ code: 'custom', path: ['traffic', 'nodeLocalDnsHitRatio'], input: s.traffic.nodeLocalDnsHitRatio, message: 'needs traffic.dnsAnswerUs (NodeLocal DNSCache answers the DNS lookups, which it turns on)' });
  }
  if (s.proxy.ipvsConnReuseMode !== undefined && s.proxy.mode !== 'ipvs') {
    ctx.addIssue({ code: 'custom', path: ['proxy', 'ipvsConnReuseMode'], input: s.proxy.ipvsConnReuseMode, message: `needs proxy.mode ipvs (got ${s.proxy.mode})` });
  }
  const target = s.services.targetServices;
  if (target !== undefined && target > Math.max(1, s.services.count)) {
    ctx.addIssue({ code: 'custom', path: ['services', 'targetServices'], input: target, message: `must be <= services.count = ${s.services.count}` });
  }
  if (s.traffic?.via === 'nodePort' && (target ?? s.services.count) > s.services.nodePorts) {
    ctx.addIssue({
      code: 'custom', path: ['services', 'nodePorts'], input: s.services.nodePorts,
      message: `must be >= the Services called (${target ?? s.services.count}) when traffic.via is nodePort`,
    });
  }
}
