/**
 * The Service control plane at cluster scale: endpoint churn at the API server, its watch fanned
 * out to kube-proxy on every node (a per-node delivery delay) and each node's sync loop. It traces
 * every change as it is published and every sync as it ends (which changes it programmed, on which
 * node, from when to when, with how much CPU); network programming latency and the rest are the
 * collectors' (experiments/collectors/control-plane-collector.ts). Every node starts programmed,
 * its periodic timer at a random phase of syncPeriod (kube-proxies started at different times).
 * The API server's watch fan-out is one queue with a bandwidth: each change is an EndpointSlice
 * event written to every node's watch in turn, so a change reaches the last of N nodes after N event
 * transmissions, and changes queue behind each other (events × watchers); each delivery then takes
 * the watch delay (network, decoding, the informer). A restarted kube-proxy (`restart`) starts with a
 * start-up sync. A Deployment's rolling update (rolling-update.ts) publishes its pods' changes here
 * like any churn. Known simplifications: one API server replica serves every watch; the event is
 * serialized once (the watch cache) and only its transmission is queued.
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
import type { SyncCostSwitches } from './userspace-costs.ts';
import type { Parameters } from '../parameters.ts';
import { RollingUpdate, type RollingUpdateConfig } from './rolling-update.ts';

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
  apiServerEgressGbps: {
    value: 10, unit: 'Gbit/s', min: 0, minExclusive: true,
    doc: "The API server's bandwidth for writing watch events to its watchers (the fan-out queue's service rate).",
    source: 'A choice, not a measurement: one API server replica behind one 10 GbE NIC serving every node\'s watch.',
  },
  watchEventFixedBytes: {
    value: 500, unit: 'bytes', min: 0,
    doc: 'Bytes of one EndpointSlice watch event apart from its endpoints (metadata, ports, the watch frame).',
    source: 'Estimate: an EndpointSlice\'s object metadata (name, namespace, labels, owner reference, resourceVersion, managedFields) and ports, protobuf-encoded in a watch event frame: ~0.5 KB.',
  },
  watchEventBytesPerEndpoint: {
    value: 300, unit: 'bytes/endpoint', min: 0,
    doc: 'Bytes one endpoint adds to an EndpointSlice watch event (address, conditions, nodeName, targetRef).',
    source: "Kubernetes blog 'Scaling Kubernetes Networking With EndpointSlices' (2020-09-02): an Endpoints object of 5,000 endpoints is ~1.5 MB, ~300 bytes per endpoint; an EndpointSlice endpoint carries the same fields.",
  },
  restartNodes: {
    value: 0, unit: 'nodes', min: 0, integer: true,
    doc: "Nodes whose kube-proxy restarts (or that join the cluster) at restartAtMs and run a start-up sync (the first restartNodes nodes; at most cluster.nodes).",
    source: 'A choice: none.',
  },
  restartAtMs: {
    value: 20_000, unit: 'ms', min: 0,
    doc: 'When the restarted kube-proxies start, from the start of the run.',
    source: 'A choice: after the warm-up of the bundled scenarios, inside the measured period.',
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
  /** The API server's fan-out queue; null: each delivery independent (no queue). */
  fanout: { egressGbps: number; eventFixedBytes: number; eventBytesPerEndpoint: number } | null;
  syncCosts: SyncCostSwitches;
  /** `nodes` kube-proxies restart at `atNs`. */
  restart: { nodes: number; atNs: number };
  /** A Deployment's rolling update of one Service (its pods: the Service's endpoints); absent: none. */
  rollout?: Omit<RollingUpdateConfig, 'pods'>;
  /** Comparison switch: a sync is one uninterrupted job on its core (not time-sliced with packet work). */
  uninterruptedSyncs?: boolean;
  /** Test switch: traffic sees the API server's endpoints at once, as if every node were programmed instantly. */
  instantProgramming?: boolean;
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
  readonly baseSliceNs: number | null;
  readonly proxies: KubeProxySync[] = [];
  /** Every change, as it is published. */
  readonly published = new TraceSource<ChangeEvent>();
  /** Every sync, as it ends on its node. */
  readonly syncDone = new TraceSource<SyncRecord>();
  /** The rolling update, when the scenario has one. */
  readonly rollout: RollingUpdate | null = null;
  private readonly changeService: number[] = [];
  private readonly changeEndpoints: number[] = [];
  private readonly serviceStamp: Int32Array;
  private stamp = 0;
  private readonly watchDelayNs: () => number;
  /** Transmission of one change's event to one watcher, ns (0: no fan-out queue). */
  private readonly fanout: ControlPlaneConfig['fanout'];
  /** When the fan-out queue is free again. */
  private fanoutFreeNs = 0;

  constructor(
    readonly sim: Simulation,
    cluster: Cluster,
    config: ControlPlaneConfig,
    profile: CostProfile,
    streams: Streams,
  ) {
    const { mode, version, groups, nodePortServices } = config;
    this.cost = new ProxierSyncCost(mode, { groups, nodePortServices, version }, profile, config.syncCosts);
    this.fanout = config.fanout;
    this.baseSliceNs = config.uninterruptedSyncs ? null : profile.schedBaseSliceNs;
    this.timing = { minIntervalNs: config.minSyncPeriodNs, maxIntervalNs: config.syncPeriodNs, burstRuns: config.burstSyncs };
    this.serviceStamp = new Int32Array(this.cost.groups.services);
    this.watchDelayNs = sampler({ kind: 'lognormal', meanNs: config.watchDelay.meanNs, cv: config.watchDelay.cv }, streams.get('kube-proxy/watch-delay'));
    const phase = streams.get('kube-proxy/phase');
    for (let i = 0; i < cluster.config.nodes; i++) {
      const lastSyncNs = sim.now - Math.round(phase.uniform(0, config.syncPeriodNs));
      this.proxies.push(new KubeProxySync(this, i, cluster.node(i).cpu, lastSyncNs));
    }
    new EndpointChurn(sim, config.churn, this.cost.groups, streams, (c) => this.publish(c));
    const { nodes: restarting, atNs } = config.restart;
    if (restarting > 0) sim.at(atNs, () => this.proxies.slice(0, restarting).forEach((p) => p.restart()));
    const r = config.rollout;
    if (r) this.rollout = new RollingUpdate(sim, { ...r, pods: this.cost.groups.endpointsOf(r.service) }, (service) => this.publish({ service, endpoints: 1 }));
  }

  /** Changes published so far (the next change's id). */
  get publishedChanges(): number {
    return this.changeService.length;
  }

  /** A change to a Service's endpoints, made now at the API server; returns its id. */
  publish(change: EndpointChange): number {
    const id = this.changeService.length;
    const now = this.sim.now;
    this.changeService.push(change.service);
    this.changeEndpoints.push(change.endpoints);
    if (this.published.active) this.published.emit({ change: id, timeNs: now });
    let sentNs = Math.max(now, this.fanoutFreeNs);
    const perWatcherNs = fanoutNs(this.fanout, this.cost.groups.endpointsOf(change.service));
    for (const proxy of this.proxies) {
      sentNs += perWatcherNs;
      proxy.deliver(id, sentNs + this.watchDelayNs());
    }
    this.fanoutFreeNs = sentNs;
    return id;
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

/** Transmission time of one EndpointSlice event (a slice holds at most 100 endpoints) to one watcher, ns. */
export function fanoutNs(f: ControlPlaneConfig['fanout'], endpointsPerService: number): number {
  if (!f) return 0;
  const bytes = f.eventFixedBytes + Math.min(endpointsPerService, 100) * f.eventBytesPerEndpoint;
  return Math.round((bytes * 8) / f.egressGbps);
}
