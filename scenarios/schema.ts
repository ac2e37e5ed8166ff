/**
 * The scenario format: a zod schema with defaults, strict about unknown fields. A scenario names a
 * cluster, a network, a workload and a run; `sweep` is a grid over parameter paths and `compare`
 * a list of named variants, each a set of overrides. Units are in the field names.
 */
import { z } from 'zod';
import { costParameters } from '../models/profiles/cost-profile.ts';
import { profileNames } from '../models/profiles/profiles.ts';
import { backend, bulk, checkNetwork, clusterNetworkFields } from './schema-overlay.ts';
import { defaultedField, optionalField, overrideFields } from './parameter-schema.ts';
import { overlayParameters, runParameters } from './run-parameters.ts';
import { clusterParameters } from '../models/datapath/cluster.ts';
import { requestResponseParameters } from '../models/workloads/request-response.ts';
import { closedLoopParameters } from '../models/workloads/closed-loop-client.ts';
import { kernelQueueParameters } from '../models/datapath/kernel-queues.ts';
import { loadGeneratorParameters } from '../models/workloads/open-loop-generator.ts';
import { refineServiceScenario, serviceScenarioShape } from './schema-services.ts';
import { controlPlane, refineControlPlaneTraffic } from './schema-control-plane.ts';
import { refineUdpFlows } from './schema-udp-flows.ts';
import { policies, refinePolicies } from './schema-policies.ts';
import { ingress, refineIngress } from './schema-ingress.ts';
import { experimentFields, scalar } from './schema-experiments.ts';
import { maxIn, time } from './schema-time.ts';
import { messages } from './messages.ts';

const positive = z.number().positive();
const int = (min: number) => z.number().int().min(min);

export const distribution = z.discriminatedUnion('dist', [
  z.strictObject({ dist: z.literal('constant'), us: time('us') }),
  z.strictObject({ dist: z.literal('exponential'), meanUs: time('us', { positive: true }) }),
  z.strictObject({ dist: z.literal('uniform'), minUs: time('us'), maxUs: time('us') }),
  z.strictObject({ dist: z.literal('lognormal'), meanUs: time('us', { positive: true }), cv: positive }),
]);

/** `costs:` overrides any constant of the cost profile, within its declared range. */
const costs = z.strictObject(overrideFields(costParameters));

export const cluster = z.strictObject({
  nodes: defaultedField(clusterParameters.nodes),
  coresPerNode: defaultedField(clusterParameters.coresPerNode),
  rxQueues: optionalField(clusterParameters.rxQueues),
  linkGbps: optionalField(clusterParameters.linkGbps),
  /** The kernel's queue limits on every node (models/datapath/kernel-queues.ts), each optional. */
  queues: z.strictObject(overrideFields(kernelQueueParameters)).optional(),
  zones: optionalField(clusterParameters.zones),
  zoneCrossingUs: optionalField(clusterParameters.zoneCrossingUs),
  ...clusterNetworkFields,
});

const network = z.strictObject({
  backend: backend.default('host-gw'),
});

const arrival = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('open'), rateRps: positive, maxOutstanding: optionalField(loadGeneratorParameters.maxOutstanding) }),
  z.strictObject({ kind: z.literal('closed'), concurrency: int(1), thinkUs: defaultedField(closedLoopParameters.thinkUs) }),
]);

const workload = z.strictObject({
  /** station: the arrivals served by one station of cluster.coresPerNode servers, no network (M/M/c). */
  kind: z.enum(['request-response', 'bulk', 'station']).default('request-response'),
  bulk: bulk.prefault({}),
  clientNode: defaultedField(requestResponseParameters.clientNode),
  serverNode: defaultedField(requestResponseParameters.serverNode),
  arrival: arrival.default({ kind: 'open', rateRps: 1000 }),
  requestBytes: defaultedField(requestResponseParameters.requestBytes),
  responseBytes: defaultedField(requestResponseParameters.responseBytes),
  serviceTime: distribution.default({ dist: 'exponential', meanUs: 20 }),
});

const run = z.strictObject({
  durationMs: defaultedField(runParameters.durationMs),
  warmupMs: defaultedField(runParameters.warmupMs),
});

const overlay = z.strictObject({
  /** Reference id in reports/reference/published.json. */
  reference: z.string(),
  /** Metric path in the results, e.g. first_packet_latency_ms.p99. */
  metric: z.string(),
  /** Field of the reference's points giving x, and the parameter path it is drawn against. */
  x: z.string(),
  param: z.string(),
  /** x values by the reference's words where it gives none as a number (streams: "single" → 1). */
  xValues: z.record(z.string(), z.number()).optional(),
  /** Field giving y; `scale` converts it to the metric's unit. */
  y: z.string(),
  scale: defaultedField(overlayParameters.scale),
  /** Field naming the variant a point belongs to, and how its values map to variant names. */
  variantField: z.string().optional(),
  variants: z.record(z.string(), z.string()).optional(),
  /** Only the reference's points whose fields equal these. */
  where: z.record(z.string(), scalar).optional(),
});

export const scenarioSchema = z
  .strictObject({
    name: z.string().min(1),
    description: z.string().default(''),
    seed: defaultedField(runParameters.seed),
    profile: z.enum(profileNames).default(profileNames[0]),
    /** The issue's name for `profile`; when given it is the profile. */
    costProfile: z.enum(profileNames).optional(),
    costs: costs.default({}),
    cluster: cluster.prefault({}),
    network: network.prefault({}),
    workload: workload.prefault({}),
    run: run.prefault({}),
    ...serviceScenarioShape,
    controlPlane: controlPlane.optional(),
    policies: policies.optional(),
    ingress: ingress.optional(),
    ...experimentFields,
    report: z.strictObject({ overlays: z.array(overlay).default([]) }).prefault({}),
  })
  .superRefine((s, ctx) => {
    checkNetwork(s, ctx);
    if (s.costProfile && s.profile !== profileNames[0] && s.costProfile !== s.profile) {
      ctx.addIssue({ code: 'custom', path: ['costProfile'], input: s.costProfile, message: messages.twoProfiles(s.profile) });
    }
    refineServiceScenario(s, ctx);
    refinePolicies(s, ctx);
    refineIngress(s, ctx);
    refineControlPlaneTraffic(s, ctx);
    refineUdpFlows(s, ctx);
    for (const field of ['clientNode', 'serverNode'] as const) {
      if (s.workload[field] >= s.cluster.nodes) {
        ctx.addIssue({
          code: 'custom', path: ['workload', field], input: s.workload[field],
          message: `must be a node index below cluster.nodes = ${s.cluster.nodes}`,
        });
      }
    }
    if (s.run.warmupMs + s.run.durationMs > maxIn('ms')) {
      ctx.addIssue({ code: 'custom', path: ['run', 'durationMs'], input: s.run.durationMs, message: messages.runBeyondClock(s.run.warmupMs, maxIn('ms')) });
    }
    if (s.workload.serviceTime.dist === 'uniform' && s.workload.serviceTime.minUs > s.workload.serviceTime.maxUs) {
      ctx.addIssue({ code: 'custom', path: ['workload', 'serviceTime', 'maxUs'], input: s.workload.serviceTime.maxUs, message: 'must be >= minUs' });
    }
  });

export type Scenario = z.output<typeof scenarioSchema>;
