/**
 * The scenario fields of Service load balancing: the Service catalogue (`services`), the proxy
 * mode with its conntrack settings (`proxy`) and the client traffic (`traffic`, whose presence
 * selects the Service model instead of `workload`). Units in the names; every numeric knob is a
 * Parameter declared beside its model (service-catalogue.ts, conntrack-table.ts,
 * client-application.ts, service-traffic-parameters.ts …) and derived here (parameter-schema.ts).
 */
import { z } from 'zod';
import { conntrackParameters } from '../models/netfilter/conntrack-table.ts';
import { defaultedField, laterDefaultedField, optionalField } from './parameter-schema.ts';
import { checkOneForm, groupIndex, serviceGroups, type SizedBy } from './schema-service-groups.ts';
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
import { sessionAffinityParameters } from '../models/services/session-affinity.ts';
import { egressTrafficParameters } from '../models/workloads/egress-traffic.ts';
import { ephemeralPortParameters } from '../models/datapath/ephemeral-ports.ts';
import { udpFlows } from './schema-udp-flows.ts';

const positive = z.number().positive();
const int = (min: number) => z.number().int().min(min);

const catalogue = serviceCatalogueParameters;

/** One size (`count` Services of `endpointsPerService`), or `groups` of mixed sizes
 *  (schema-service-groups.ts); the one-size defaults apply when neither is given. */
const services = z.strictObject({
  count: laterDefaultedField(catalogue.count),
  endpointsPerService: laterDefaultedField(catalogue.endpointsPerService),
  /** Services of mixed sizes, numbered group after group (instead of count and endpointsPerService). */
  groups: serviceGroups.optional(),
  nodePorts: defaultedField(serviceCatalogueParameters.nodePorts),
  targetServices: optionalField(serviceCatalogueParameters.targetServices),
  popularity: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('uniform') }),
    z.strictObject({ kind: z.literal('zipf'), exponent: positive }),
  ]).default({ kind: 'uniform' }),
  /** Where endpoints run: otherNodes (round-robin over the nodes without clients), spread (over
   *  all nodes), clientNode (over the client nodes). */
  endpointPlacement: z.enum(['spread', 'clientNode', 'otherNodes']).default('otherNodes'),
  /** Of the NodePorts (traffic.via nodePort): Cluster (SNAT, any endpoint) or Local (no SNAT, the
   *  entry node's endpoints only, the load balancer skipping nodes without one). Absent: Cluster. */
  externalTrafficPolicy: z.enum(['Cluster', 'Local']).optional(),
  /** ClientIP: a client address sticks to its endpoint (per node) for affinityTimeoutSeconds. */
  sessionAffinity: z.enum(['None', 'ClientIP']).optional(),
  affinityTimeoutSeconds: optionalField(sessionAffinityParameters.timeoutSeconds),
  /** PreferClose: endpoints hinted for their own zone, so a node uses those of its zone
   *  (cluster.zones); PreferSameNode (Kubernetes 1.33+): its own endpoints, else its zone's, else all. */
  trafficDistribution: z.enum(['PreferClose', 'PreferSameNode']).optional(),
})
  .superRefine(checkOneForm('count', 'services'))
  .transform(({ count, endpointsPerService, groups, ...rest }): typeof rest & SizedBy<'count'> => groups
    ? { groups, ...rest }
    : { count: count ?? catalogue.count.value, endpointsPerService: endpointsPerService ?? catalogue.endpointsPerService.value, ...rest });

export type ServicesScenario = z.output<typeof services>;

/** The Services the clients may call: all of the catalogue, or the target group's (null: no such
 *  group); `label` names them in messages. */
export function targetRange(sv: ServicesScenario, group: string | number | undefined): { first: number; size: number; label: string } | null {
  if (group === undefined) return { first: 0, size: serviceCount(sv), label: sv.groups ? 'the Services of services.groups' : 'services.count' };
  const g = sv.groups ? groupIndex(sv.groups, group) : -1;
  if (!sv.groups || g < 0) return null;
  const first = sv.groups.slice(0, g).reduce((sum, x) => sum + x.count, 0);
  return { first, size: sv.groups[g].count, label: `the Services of group ${group}` };
}

/** Services in the catalogue, in either form. */
export function serviceCount(sv: ServicesScenario): number {
  return sv.groups ? sv.groups.reduce((sum, g) => sum + g.count, 0) : sv.count;
}

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
  /** Which Services the clients call and where the called one sits in the list a new connection
   *  walks (iptables KUBE-SERVICES or KUBE-NODEPORTS, the userspace portals). `group` (a name or an
   *  index of services.groups): the clients call that group's Services (its first
   *  services.targetServices, if given). `position`: uniform (kube-proxy's Go map order, re-drawn
   *  at every sync), first, or last (behind every other Service). */
  target: z.strictObject({
    group: z.union([z.string().min(1), int(0)], { error: 'must be the name or the index of one of services.groups' }).optional(),
    position: z.enum(['uniform', 'first', 'last']).default('uniform'),
  }).optional().describe("Which Services the clients call (group: a name or index of services.groups; its first services.targetServices if given) and where the called one sits in KUBE-SERVICES (position: uniform, kube-proxy's Go map order; first; last, behind every other Service)."),
  /** The records each lookup asks for: A only (getaddrinfo with AF_INET) or A and AAAA (AF_UNSPEC). */
  dnsQueries: z.enum(['A', 'A+AAAA']).default('A+AAAA'),
  /** The resolver's resolv.conf options: parallel (glibc's default), single-request,
   *  single-request-reopen, use-vc (TCP). */
  dnsResolver: z.enum(resolverModes).default('parallel'),
  nodeLocalDnsHitRatio: optionalField(nodeLocalDnsParameters.hitRatio),
  egress: egress.optional(),
  udpFlows: udpFlows.optional(),
});

/** Top-level fields, spread into the scenario schema. */
export const serviceScenarioShape = {
  services: services.prefault({}),
  proxy: proxy.prefault({}),
  traffic: traffic.optional(),
};

type ServiceScenario = {
  cluster: { nodes: number };
  services: ServicesScenario;
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
  const sv = s.services;
  if (sv.groups && serviceCount(sv) > catalogue.count.max) {
    ctx.addIssue({ code: 'custom', path: ['services', 'groups'], input: serviceCount(sv), message: `must hold at most ${catalogue.count.max} Services in all` });
  }
  refineServiceOptions(s, ctx);
  const group = s.traffic?.target?.group;
  const range = targetRange(sv, group);
  if (!range) {
    const names = sv.groups?.map((x, i) => x.name ?? i).join(', ');
    const allowed = names ? `must name one of services.groups: ${names}` : 'needs services.groups (a target group is one of them)';
    ctx.addIssue({ code: 'custom', path: ['traffic', 'target', 'group'], input: group, message: allowed });
    return;
  }
  const target = sv.targetServices;
  if (target !== undefined && target > Math.max(1, range.size)) {
    ctx.addIssue({ code: 'custom', path: ['services', 'targetServices'], input: target, message: `must be <= ${range.label} = ${range.size}` });
  }
  const end = range.first + (target ?? range.size);
  if (s.traffic?.via === 'nodePort' && end > sv.nodePorts) {
    ctx.addIssue({
      code: 'custom', path: ['services', 'nodePorts'], input: sv.nodePorts,
      message: `must be >= the Services called (${range.first > 0 ? `up to Service ${end}` : end}) when traffic.via is nodePort`,
    });
  }
}

/** The proxy modes that model the Service options (externalTrafficPolicy Local, affinity, traffic
 *  distribution). */
const optionModes = ['iptables', 'nftables', 'ipvs'];

function refineServiceOptions(s: ServiceScenario, ctx: z.RefinementCtx): void {
  const sv = s.services;
  const given = ([
    ['externalTrafficPolicy', sv.externalTrafficPolicy === 'Local'],
    ['sessionAffinity', sv.sessionAffinity === 'ClientIP'],
    ['trafficDistribution', sv.trafficDistribution !== undefined],
  ] as const).filter(([, on]) => on);
  for (const [field] of given) {
    if (!optionModes.includes(s.proxy.mode)) {
      ctx.addIssue({ code: 'custom', path: ['services', field], input: sv[field], message: `is modelled for proxy.mode ${optionModes.join(', ')}, not ${s.proxy.mode}` });
    }
  }
  if (sv.affinityTimeoutSeconds !== undefined && sv.sessionAffinity !== 'ClientIP') {
    ctx.addIssue({ code: 'custom', path: ['services', 'affinityTimeoutSeconds'], input: sv.affinityTimeoutSeconds, message: 'needs services.sessionAffinity ClientIP' });
  }
  if (sv.externalTrafficPolicy !== 'Local') return;
  if (s.traffic?.via !== 'nodePort') {
    ctx.addIssue({ code: 'custom', path: ['services', 'externalTrafficPolicy'], input: 'Local', message: 'applies to traffic entering at a NodePort: needs traffic.via nodePort' });
  }
  if (sv.endpointPlacement !== 'clientNode') {
    ctx.addIssue({ code: 'custom', path: ['services', 'endpointPlacement'], input: sv.endpointPlacement, message: 'must be clientNode with externalTrafficPolicy Local (the load balancer needs a node with a local endpoint for every Service)' });
  }
  if (s.traffic?.dnsAnswerUs !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['traffic', 'dnsAnswerUs'], input: s.traffic.dnsAnswerUs, message: 'cannot be given with externalTrafficPolicy Local (the lookups would go through the NodePort chains)' });
  }
}
