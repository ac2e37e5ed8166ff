/**
 * The scenario's `controlPlane:` section: kube-proxy on every node syncing under endpoint churn,
 * and the control-plane cost constants scenarios may override under `costs:`. When the section is
 * present the control plane runs beside the workload, on the same nodes' cores. Units in names;
 * converted to the model's integer ns by `controlPlaneConfig`.
 */
import { z } from 'zod';
import type { ControlPlaneConfig } from '../models/control-plane/control-plane.ts';
import { kubeProxySyncParameters } from '../models/control-plane/kube-proxy-sync.ts';
import { syncModes } from '../models/control-plane/proxier-sync-cost.ts';
import { defaultedField } from './parameter-schema.ts';
import { time } from './schema-time.ts';

const nonNegative = z.number().min(0);
const int = (min: number) => z.number().int().min(min);

export const controlPlane = z
  .strictObject({
    /** iptables (full restore), iptables-partial (≥ 1.26), iptables-per-rule (one command per rule), ipvs, nftables. */
    mode: z.enum(syncModes).default('iptables'),
    /** Ruleset generator: legacy (kube-proxy ≤ 1.20) or current. */
    version: z.enum(['legacy', 'current']).default('current'),
    services: int(1).default(1000),
    endpointsPerService: int(1).default(10),
    nodePortServices: int(0).default(0),
    minSyncPeriodMs: defaultedField(kubeProxySyncParameters.minSyncPeriodMs),
    syncPeriodMs: defaultedField(kubeProxySyncParameters.syncPeriodMs),
    burstSyncs: defaultedField(kubeProxySyncParameters.burstSyncs),
    watchDelay: z.strictObject({ meanMs: time('ms', { positive: true }).default(20), cv: nonNegative.default(1) }).prefault({}),
    churn: z
      .strictObject({
        podEventsPerS: nonNegative.default(1),
        rollingUpdatesPerS: nonNegative.default(0),
        rollingStepMs: time('ms', { positive: true }).default(2000),
        scaleUpsPerS: nonNegative.default(0),
        scaleUpPods: int(1).default(5),
      })
      .prefault({}),
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
  };
}
