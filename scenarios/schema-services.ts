/**
 * The scenario fields of Service load balancing: the Service catalogue (`services`), the proxy
 * mode with its conntrack settings (`proxy`) and the client traffic (`traffic`, whose presence
 * selects the Service model instead of `workload`). Units in the names; defaults from kube-proxy
 * and the kernel (models/conntrack-table.ts).
 */
import { z } from 'zod';
import { conntrackParameters } from '../models/netfilter/conntrack-table.ts';
import { defaultedField, parameterField } from './parameter-schema.ts';
import { loadGeneratorParameters } from '../models/workloads/open-loop-generator.ts';
import { time } from './schema-time.ts';
import { ipvsSchedulerNames } from '../models/services/ipvs-scheduler.ts';
import { defaultClientCpu, defaultClientThreads } from '../models/workloads/client-application.ts';
import { proxyModes } from '../models/services/proxier.ts';

const positive = z.number().positive();
const int = (min: number) => z.number().int().min(min);

const services = z.strictObject({
  /** 0 only with proxy.mode none: the clients call the pods of one Deployment by pod IP. */
  count: int(0).max(1_000_000).default(1000),
  endpointsPerService: int(1).default(10),
  /** How many of the Services are also NodePorts (externalTrafficPolicy Cluster). */
  nodePorts: int(0).default(0),
  /** How many Services (the first ones) the clients call; defaults to all. */
  targetServices: int(1).optional(),
  popularity: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('uniform') }),
    z.strictObject({ kind: z.literal('zipf'), exponent: positive }),
  ]).default({ kind: 'uniform' }),
  /** Where endpoints run: otherNodes (round-robin over the nodes without clients), spread (over
   *  all nodes), clientNode (over the client nodes). */
  endpointPlacement: z.enum(['spread', 'clientNode', 'otherNodes']).default('otherNodes'),
});

const conntrack = z.strictObject({
  /** nf_conntrack_max; absent: kube-proxy's max(131072, 32768 × cores). */
  max: int(1).optional(),
  /** Hash buckets; absent: kube-proxy's max / 4. */
  buckets: int(1).optional(),
  establishedTimeoutS: defaultedField(conntrackParameters.establishedTimeoutS),
  timeWaitTimeoutS: defaultedField(conntrackParameters.timeWaitTimeoutS),
  sampleMs: time('ms', { positive: true }).default(1000),
});

const proxy = z.strictObject({
  mode: z.enum(proxyModes).default('iptables'),
  /** iptables rule layout: legacy (kube-proxy ≤ 1.20, 2 KUBE-SERVICES rules per Service) or current. */
  version: z.enum(['legacy', 'current']).default('current'),
  scheduler: z.enum(ipvsSchedulerNames).default('rr'),
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
export const defaultRateRps = 1000;

const traffic = z.strictObject({
  clientNodes: clientNodes.default([0]),
  /** Requests per second over all clients (Poisson): shorthand for arrival { kind: open }. */
  rateRps: positive.optional(),
  /** open: Poisson at rateRps over all clients; closed: `concurrency` users per client pod, each
   *  issuing its next request thinkUs after its previous one ended (ab -c, wrk -c, fortio -c). */
  arrival: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('open'), rateRps: positive }),
    z.strictObject({ kind: z.literal('closed'), concurrency: int(1), thinkUs: time('us').default(0) }),
  ]).optional(),
  /** Open arrivals: requests each client pod's generator holds outstanding at most. */
  maxOutstanding: parameterField(loadGeneratorParameters.maxOutstanding).optional(),
  /** The load generator's user-space CPU per request and per new connection, us (defaults from
   *  wrk's published run: models/workloads/client-application.ts). */
  clientCpu: z.strictObject({
    perRequestUs: time('us').default(defaultClientCpu.perRequestNs / 1e3),
    perConnectionUs: time('us').default(defaultClientCpu.perConnectionNs / 1e3),
  }).prefault({}),
  /** The load generator's threads per client pod (ab: 1, wrk -t4: 4). */
  clientThreads: int(1).default(defaultClientThreads),
  /** The server application's threads per endpoint node; absent: the node's cores serve it. */
  serverThreads: int(1).optional(),
  /** clusterIP, or nodePort: each client calls its own node's address at the Service's NodePort
   *  (externalTrafficPolicy Cluster), so the target Services must be NodePorts. */
  via: z.enum(['clusterIP', 'nodePort']).default('clusterIP'),
  /** 1: a new connection per request (no keepalive). */
  requestsPerConnection: int(1).default(1),
  requestBytes: int(1).default(64),
  responseBytes: int(1).default(1024),
  serviceTime: distribution.default({ dist: 'exponential', meanUs: 50 }),
  /** CoreDNS's time to answer a lookup (cache hit) made before each new connection through the
   *  kube-dns Service (the last Service); absent: no lookups. */
  dnsAnswerUs: time('us').optional(),
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
