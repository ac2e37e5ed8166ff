/**
 * The Service control plane at cluster scale: endpoint churn at the API server, its watch fanned
 * out to kube-proxy on every node (a per-node delivery delay) and each node's sync loop. It traces
 * every change as it is published and every sync as it ends (which changes it programmed, on which
 * node, from when to when, with how much CPU); network programming latency and the rest are the
 * collectors' (experiments/collectors/control-plane-collector.ts). Every node starts programmed,
 * its periodic timer at a random phase of syncPeriod (kube-proxies started at different times).
 * Known simplification: the API server delivers to all watchers independently (no fan-out queue).
 */
import { sampler, type Simulation, type Streams, TraceSource } from '../../sim/index.ts';
import type { RunnerTiming } from './bounded-frequency-runner.ts';
import type { Cluster } from '../datapath/cluster.ts';
import type { CostProfile } from '../profiles/cost-profile.ts';
import { type ChurnConfig, type EndpointChange, EndpointChurn } from './endpoint-churn.ts';
import type { KubeProxyVersion } from '../services/kube-proxy-ruleset.ts';
import { KubeProxySync, type KubeProxyHost, type SyncRecord } from './kube-proxy-sync.ts';
import { type ChangedServices, ProxierSyncCost, type SyncMode } from './proxier-sync-cost.ts';
import type { ServiceGroup } from '../services/service-groups.ts';
import type { Parameters } from '../parameters.ts';

/** The control plane's cluster and watch knobs (`controlPlane:`), declared once. */
export const controlPlaneParameters = {
  services: {
    value: 1000, unit: 'Services', min: 1, integer: true,
    doc: 'Services whose rules kube-proxy programs on every node (or give groups of Services of mixed sizes).',
    source: 'A choice: a mid-sized cluster, as services.count.',
  },
  endpointsPerService: {
    value: 10, unit: 'endpoints', min: 1, integer: true,
    doc: 'Endpoints of each Service.',
    source: 'A choice: a Deployment of 10 replicas, as services.endpointsPerService.',
  },
  nodePortServices: {
    value: 0, unit: 'Services', min: 0, integer: true,
    doc: 'How many of the Services are also NodePorts (at most controlPlane.services).',
    source: 'A choice: ClusterIP Services only.',
  },
  watchDelayMeanMs: {
    value: 20, unit: 'ms', min: 0, minExclusive: true,
    doc: "Mean delay from an EndpointSlice change at the API server to its delivery to one node's kube-proxy (lognormal).",
    source: 'A choice, not a measurement: tens of ms for a watch event to reach a node.',
  },
  watchDelayCv: {
    value: 1, unit: 'ratio', min: 0,
    doc: 'Coefficient of variation of the watch delay (0: constant).',
    source: "A choice, not a measurement: a spread as wide as the mean, as an exponential's.",
  },
} as const satisfies Parameters;

export interface ControlPlaneConfig {
  mode: SyncMode;
  version: KubeProxyVersion;
  /** The Services, group after group. */
  groups: readonly ServiceGroup[];
  nodePortServices: number;
  minSyncPeriodNs: number;
  syncPeriodNs: number;
  burstSyncs: number;
  /** API server → kube-proxy watch delivery delay, lognormal (cv 0: constant). */
  watchDelay: { meanNs: number; cv: number };
  churn: ChurnConfig;
}

/** An endpoint change published at the API server: its id (changes are numbered from 0 in
 *  publication order) and time. */
export interface ChangeEvent {
  change: number;
  timeNs: number;
}

export class ControlPlane implements KubeProxyHost {
  readonly cost: ProxierSyncCost;
  readonly timing: RunnerTiming;
  readonly proxies: KubeProxySync[] = [];
  /** Every change, as it is published. */
  readonly published = new TraceSource<ChangeEvent>();
  /** Every sync, as it ends on its node. */
  readonly syncDone = new TraceSource<SyncRecord>();
  private readonly changeService: number[] = [];
  private readonly changeEndpoints: number[] = [];
  private readonly serviceStamp: Int32Array;
  private stamp = 0;
  private readonly watchDelayNs: () => number;

  constructor(
    readonly sim: Simulation,
    cluster: Cluster,
    config: ControlPlaneConfig,
    profile: CostProfile,
    streams: Streams,
  ) {
    const { mode, version, groups, nodePortServices } = config;
    this.cost = new ProxierSyncCost(mode, { groups, nodePortServices, version }, profile);
    this.timing = { minIntervalNs: config.minSyncPeriodNs, maxIntervalNs: config.syncPeriodNs, burstRuns: config.burstSyncs };
    this.serviceStamp = new Int32Array(this.cost.groups.services);
    this.watchDelayNs = sampler({ kind: 'lognormal', meanNs: config.watchDelay.meanNs, cv: config.watchDelay.cv }, streams.get('kube-proxy/watch-delay'));
    const phase = streams.get('kube-proxy/phase');
    for (let i = 0; i < cluster.config.nodes; i++) {
      const lastSyncNs = sim.now - Math.round(phase.uniform(0, config.syncPeriodNs));
      this.proxies.push(new KubeProxySync(this, i, cluster.node(i).cpu, lastSyncNs));
    }
    new EndpointChurn(sim, config.churn, this.cost.groups, streams, (c) => this.publish(c));
  }

  /** A change to a Service's endpoints, made now at the API server. */
  publish(change: EndpointChange): void {
    const id = this.changeService.length;
    const now = this.sim.now;
    this.changeService.push(change.service);
    this.changeEndpoints.push(change.endpoints);
    if (this.published.active) this.published.emit({ change: id, timeNs: now });
    for (const proxy of this.proxies) proxy.deliver(id, now + this.watchDelayNs());
  }

  changed(fromChange: number, toChange: number): ChangedServices {
    const stamp = ++this.stamp;
    const groups = this.cost.groups;
    let services = 0;
    let serviceEndpoints = 0;
    let endpoints = 0;
    for (let id = fromChange; id < toChange; id++) {
      const s = this.changeService[id];
      if (this.serviceStamp[s] !== stamp) {
        this.serviceStamp[s] = stamp;
        services++;
        serviceEndpoints += groups.endpointsOf(s);
      }
      endpoints += this.changeEndpoints[id];
    }
    return { services, serviceEndpoints, endpoints };
  }

  synced(r: SyncRecord): void {
    if (this.syncDone.active) this.syncDone.emit(r);
  }
}
