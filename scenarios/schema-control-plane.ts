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
import { defaultedField } from './parameter-schema.ts';

export const controlPlane = z
  .strictObject({
    /** iptables (full restore), iptables-partial (≥ 1.26), iptables-per-rule (one command per rule), ipvs, nftables. */
    mode: z.enum(syncModes).default('iptables'),
    /** Ruleset generator: legacy (kube-proxy ≤ 1.20) or current. */
    version: z.enum(['legacy', 'current']).default('current'),
    services: defaultedField(controlPlaneParameters.services),
    endpointsPerService: defaultedField(controlPlaneParameters.endpointsPerService),
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
    /** kube-proxies restarting (or nodes joining): each runs a start-up sync first. */
    restart: z.strictObject({
      nodes: defaultedField(controlPlaneParameters.restartNodes),
      atMs: defaultedField(controlPlaneParameters.restartAtMs),
    }).prefault({}),
  })
  .superRefine((c, ctx) => {
    if (c.nodePortServices > c.services) {
      ctx.addIssue({ code: 'custom', path: ['nodePortServices'], input: c.nodePortServices, message: `must be <= services = ${c.services}` });
    }
  });

export type ControlPlaneScenario = z.output<typeof controlPlane>;

const ms = (x: number) => Math.round(x * 1e6);

export function controlPlaneConfig(c: ControlPlaneScenario): ControlPlaneConfig {
  return {
    mode: c.mode,
    version: c.version,
    services: c.services,
    endpointsPerService: c.endpointsPerService,
    nodePortServices: c.nodePortServices,
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
  };
}
