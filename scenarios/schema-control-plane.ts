/**
 * The scenario's `controlPlane:` section: kube-proxy on every node syncing under endpoint churn,
 * and the control-plane cost constants scenarios may override under `costs:`. When the section is
 * present the control plane runs beside the workload, on the same nodes' cores. Units in names;
 * converted to the model's integer ns by `controlPlaneConfig`.
 */
import { z } from 'zod';
import { kubeProxySyncParameters } from '../models/control-plane/kube-proxy-sync.ts';
import { syncModes } from '../models/control-plane/proxier-sync-cost.ts';
import { type ControlPlaneConfig, controlPlaneParameters } from '../models/control-plane/control-plane.ts';
import { endpointChurnParameters } from '../models/control-plane/endpoint-churn.ts';
import { type IntOrPercent, rollingUpdateParameters, writtenZero } from '../models/control-plane/rolling-update.ts';
import type { Parameter } from '../models/parameters.ts';
import { defaultedField, laterDefaultedField, parameterField } from './parameter-schema.ts';
import { messages } from './messages.ts';
import { checkOneForm, modelGroups, serviceGroups } from './schema-service-groups.ts';
import type { ServiceCatalogueConfig } from '../models/services/service-catalogue.ts';
import type { ServiceGroup } from '../models/services/service-groups.ts';

const sizes = controlPlaneParameters;

/** maxSurge or maxUnavailable: a count of pods (the parameter's range) or a percentage of the
 *  replicas as a Deployment writes it (IsValidPercent: digits and "%"), at most `maxPercent`. */
function intOrPercent(p: Parameter, maxPercent?: number) {
  const percent = z.string()
    .regex(/^[0-9]+%$/, { error: messages.intOrPercent(maxPercent) })
    .refine((v) => maxPercent === undefined || Number.parseInt(v, 10) <= maxPercent, { error: messages.percentAbove(maxPercent ?? 0) });
  return z.union([parameterField(p), percent], { error: messages.intOrPercent(maxPercent) }).default(p.value).describe(parameterField(p).description!);
}

export const controlPlane = z
  .strictObject({
    /** iptables (full restore), iptables-partial (≥ 1.26), iptables-per-rule (one command per rule), ipvs, nftables. */
    mode: z.enum(syncModes).default('iptables'),
    /** Ruleset generator: legacy (kube-proxy ≤ 1.20) or current. */
    version: z.enum(['legacy', 'current']).default('current'),
    services: laterDefaultedField(sizes.services),
    endpointsPerService: laterDefaultedField(sizes.endpointsPerService),
    /** Services of mixed sizes, numbered group after group (instead of services and endpointsPerService). */
    groups: serviceGroups.optional(),
    nodePortServices: defaultedField(controlPlaneParameters.nodePortServices),
    minSyncPeriodMs: defaultedField(kubeProxySyncParameters.minSyncPeriodMs),
    syncPeriodMs: defaultedField(kubeProxySyncParameters.syncPeriodMs),
    burstSyncs: defaultedField(kubeProxySyncParameters.burstSyncs),
    watchDelay: z.strictObject({
      meanMs: defaultedField(controlPlaneParameters.watchDelayMeanMs),
      cv: defaultedField(controlPlaneParameters.watchDelayCv),
    }).prefault({}),
    churn: z
      .strictObject({
        podEventsPerS: defaultedField(endpointChurnParameters.podEventsPerS),
        rollingUpdatesPerS: defaultedField(endpointChurnParameters.rollingUpdatesPerS),
        rollingStepMs: defaultedField(endpointChurnParameters.rollingStepMs),
        scaleUpsPerS: defaultedField(endpointChurnParameters.scaleUpsPerS),
        scaleUpPods: defaultedField(endpointChurnParameters.scaleUpPods),
      })
      .prefault({}),
    /** The API server's watch fan-out queue (off: every delivery independent, as before). */
    fanout: z.strictObject({
      enabled: z.boolean().default(true),
      egressGbps: defaultedField(controlPlaneParameters.apiServerEgressGbps),
      eventFixedBytes: defaultedField(controlPlaneParameters.watchEventFixedBytes),
      eventBytesPerEndpoint: defaultedField(controlPlaneParameters.watchEventBytesPerEndpoint),
    }).prefault({}),
    /** Sync costs beyond the kernel writes, each switchable for comparison. */
    syncCosts: z.strictObject({
      /** kube-proxy's own work over every Service and endpoint (and IPVS's read-back). */
      userspace: z.boolean().default(true),
      /** iptables-save before a restore where the version reads the table. */
      iptablesSave: z.boolean().default(true),
      /** nftables lists its whole table at every sync (kube-proxy 1.36), not only at start-up. */
      nftablesListEverySync: z.boolean().default(false),
    }).prefault({}),
    /** A Deployment's rolling update of one Service (models/control-plane/rolling-update.ts). */
    rollout: z.strictObject({
      service: defaultedField(rollingUpdateParameters.service),
      maxSurge: intOrPercent(rollingUpdateParameters.maxSurge),
      maxUnavailable: intOrPercent(rollingUpdateParameters.maxUnavailable, 100),
      readinessDelayMs: defaultedField(rollingUpdateParameters.readinessDelayMs),
      terminationGraceMs: defaultedField(rollingUpdateParameters.terminationGraceMs),
      startMs: defaultedField(rollingUpdateParameters.startMs),
      nodesGone: z.boolean().default(false).describe('The old pods\' nodes leave with them (drained and removed): a SYN sent to one is lost, not refused.'),
    }).optional(),
    /** Test switch: traffic sees the API server's endpoints at once, as if every node were programmed instantly (the syncs still run and cost CPU). */
    instantProgramming: z.boolean().optional(),
    /** Comparison switch: a sync runs as one uninterrupted job on its core instead of yielding it to waiting packet work at each scheduler slice. */
    uninterruptedSyncs: z.boolean().optional(),
    /** kube-proxies restarting (or nodes joining): each runs a start-up sync first. */
    restart: z.strictObject({
      nodes: defaultedField(controlPlaneParameters.restartNodes),
      atMs: defaultedField(controlPlaneParameters.restartAtMs),
    }).prefault({}),
  })
  .superRefine(checkOneForm('services', 'controlPlane'))
  .superRefine((c, ctx) => {
    const services = c.groups ? c.groups.reduce((sum, g) => sum + g.count, 0) : c.services ?? sizes.services.value;
    if (c.nodePortServices > services) {
      ctx.addIssue({ code: 'custom', path: ['nodePortServices'], input: c.nodePortServices, message: `must be <= ${c.groups ? 'the Services of groups' : 'services'} = ${services}` });
    }
    if (c.rollout && writtenZero(c.rollout.maxSurge as IntOrPercent) && writtenZero(c.rollout.maxUnavailable as IntOrPercent)) {
      ctx.addIssue({ code: 'custom', path: ['rollout', 'maxUnavailable'], input: c.rollout.maxUnavailable, message: messages.rolloutStalls() });
    }
  });

export type ControlPlaneScenario = z.output<typeof controlPlane>;

/** The proxy mode whose rules each sync mode programs. */
const proxyModeOf: Record<(typeof syncModes)[number], string> = {
  iptables: 'iptables', 'iptables-partial': 'iptables', 'iptables-per-rule': 'iptables', ipvs: 'ipvs', nftables: 'nftables',
};

/** Restarting kube-proxies within the cluster; a rolling update's Service among the Services; a control plane beside Service traffic: one catalogue (the `services:` one, sized there
 *  only), and the sync mode and ruleset version of the proxy the packets meet. */
export function refineControlPlaneTraffic(
  s: {
    traffic?: { egress?: unknown };
    controlPlane?: ControlPlaneScenario;
    proxy: { mode: string; version: string };
    cluster: { nodes: number };
    services: { count?: number; groups?: readonly { count: number }[]; externalTrafficPolicy?: string; sessionAffinity?: string; trafficDistribution?: string };
  },
  ctx: z.RefinementCtx,
): void {
  const c = s.controlPlane;
  if (!c) return;
  if (c.restart.nodes > s.cluster.nodes) {
    ctx.addIssue({ code: 'custom', path: ['controlPlane', 'restart', 'nodes'], input: c.restart.nodes, message: messages.restartNodes(s.cluster.nodes) });
  }
  const r = c.rollout;
  if (r) {
    const sv = s.services;
    const own = ownGroups(c);
    const count = (s.traffic ? sv.groups ?? [{ count: sv.count ?? 0 }] : own).reduce((sum, g) => sum + g.count, 0);
    if (r.service >= count) ctx.addIssue({ code: 'custom', path: ['controlPlane', 'rollout', 'service'], input: r.service, message: messages.rolloutService(count, s.traffic ? 'services:' : 'controlPlane') });
    for (const key of ['externalTrafficPolicy', 'sessionAffinity', 'trafficDistribution'] as const) {
      if (s.traffic && sv[key] !== undefined) ctx.addIssue({ code: 'custom', path: ['services', key], input: sv[key], message: messages.rolloutWithOption() });
    }
  }
  if (!s.traffic) return;
  for (const key of ['services', 'endpointsPerService', 'groups'] as const) {
    if (c[key] !== undefined) ctx.addIssue({ code: 'custom', path: ['controlPlane', key], input: c[key], message: messages.controlPlaneSizeWithTraffic() });
  }
  if (c.nodePortServices !== 0) {
    ctx.addIssue({ code: 'custom', path: ['controlPlane', 'nodePortServices'], input: c.nodePortServices, message: messages.controlPlaneSizeWithTraffic() });
  }
  const mode = proxyModeOf[c.mode];
  if (s.proxy.mode !== mode) ctx.addIssue({ code: 'custom', path: ['proxy', 'mode'], input: s.proxy.mode, message: messages.proxyModeWithControlPlane(c.mode, mode) });
  if (c.version !== s.proxy.version) ctx.addIssue({ code: 'custom', path: ['proxy', 'version'], input: s.proxy.version, message: messages.proxyVersionWithControlPlane(c.version) });
  if (s.traffic.egress) ctx.addIssue({ code: 'custom', path: ['controlPlane'], input: 'present', message: messages.controlPlaneWithEgress() });
}

const ms = (x: number) => Math.round(x * 1e6);

/** The control plane's own Services when it sizes them (no traffic): its groups, or one group
 *  of `services` (defaults filled in here, so that a scenario shows which it gave). */
export function ownGroups(c: ControlPlaneScenario): ServiceGroup[] {
  return c.groups ? modelGroups(c.groups) : [{ count: c.services ?? sizes.services.value, endpointsPerService: c.endpointsPerService ?? sizes.endpointsPerService.value }];
}

/** The model's control plane; with Service traffic it programs the traffic's `catalogue`. */
export function controlPlaneConfig(c: ControlPlaneScenario, catalogue?: ServiceCatalogueConfig): ControlPlaneConfig {
  return {
    mode: c.mode,
    version: c.version,
    groups: catalogue ? catalogue.groups : ownGroups(c),
    nodePortServices: catalogue ? catalogue.nodePortServices : c.nodePortServices,
    minSyncPeriodNs: ms(c.minSyncPeriodMs),
    syncPeriodNs: ms(c.syncPeriodMs),
    burstSyncs: c.burstSyncs,
    watchDelay: { meanNs: ms(c.watchDelay.meanMs), cv: c.watchDelay.cv },
    churn: {
      podEventsPerS: c.churn.podEventsPerS,
      rollingUpdatesPerS: c.churn.rollingUpdatesPerS,
      rollingStepNs: ms(c.churn.rollingStepMs),
      scaleUpsPerS: c.churn.scaleUpsPerS,
      scaleUpPods: c.churn.scaleUpPods,
    },
    fanout: c.fanout.enabled
      ? { egressGbps: c.fanout.egressGbps, eventFixedBytes: c.fanout.eventFixedBytes, eventBytesPerEndpoint: c.fanout.eventBytesPerEndpoint }
      : null,
    syncCosts: { ...c.syncCosts },
    restart: { nodes: c.restart.nodes, atNs: ms(c.restart.atMs) },
    ...(c.rollout && {
      rollout: {
        service: c.rollout.service, maxSurge: c.rollout.maxSurge as IntOrPercent, maxUnavailable: c.rollout.maxUnavailable as IntOrPercent,
        readinessDelayNs: ms(c.rollout.readinessDelayMs), terminationGraceNs: ms(c.rollout.terminationGraceMs),
        startNs: ms(c.rollout.startMs), nodesGone: c.rollout.nodesGone,
      },
    }),
    ...(c.instantProgramming && { instantProgramming: true }),
    ...(c.uninterruptedSyncs && { uninterruptedSyncs: true }),
  };
}
