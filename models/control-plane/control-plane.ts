/**
 * The Service control plane at cluster scale: endpoint churn at the API server, its watch fanned
 * out to kube-proxy on every node (a per-node delivery delay), each node's sync loop, and the
 * results: network programming latency per (change, node) and its distribution across all nodes,
 * the time until the last node is programmed, sync durations, and per-node sync CPU. Every node
 * starts programmed, its periodic timer at a random phase of syncPeriod (kube-proxies started at
 * different times). Known simplifications: the API server delivers to all watchers independently
 * (no fan-out queue); a change not programmed on a node by the end of the run is counted in
 * `unprogrammed_fraction`, not in the latency distribution.
 */
import { LatencyRecorder, sampler, type Simulation, type Streams } from '../../sim/index.ts';
import type { RunnerTiming } from './bounded-frequency-runner.ts';
import type { Cluster } from '../datapath/cluster.ts';
import type { CostProfile } from '../profiles/cost-profile.ts';
import { type ChurnConfig, type EndpointChange, EndpointChurn } from './endpoint-churn.ts';
import type { KubeProxyVersion } from '../services/kube-proxy-ruleset.ts';
import { KubeProxySync, type KubeProxyHost, type SyncRecord } from './kube-proxy-sync.ts';
import { ProxierSyncCost, type SyncMode } from './proxier-sync-cost.ts';

export interface ControlPlaneConfig {
  mode: SyncMode;
  version: KubeProxyVersion;
  services: number;
  endpointsPerService: number;
  nodePortServices: number;
  minSyncPeriodNs: number;
  syncPeriodNs: number;
  burstSyncs: number;
  /** API server → kube-proxy watch delivery delay, lognormal (cv 0: constant). */
  watchDelay: { meanNs: number; cv: number };
  churn: ChurnConfig;
}

export class ControlPlane implements KubeProxyHost {
  readonly cost: ProxierSyncCost;
  readonly timing: RunnerTiming;
  readonly proxies: KubeProxySync[] = [];
  /** Per (change, node) and per change (the last node), ns. */
  readonly latency = new LatencyRecorder();
  readonly clusterLatency = new LatencyRecorder();
  readonly syncDuration = new LatencyRecorder();
  private readonly changeTimeNs: number[] = [];
  private readonly changeService: number[] = [];
  private readonly changeEndpoints: number[] = [];
  private readonly nodesLeft: number[] = [];
  private readonly serviceStamp: Int32Array;
  private stamp = 0;
  private readonly watchDelayNs: () => number;
  private readonly syncCpuNs: Float64Array;
  private syncs = 0;
  private measuredChanges = 0;
  private programmedPairs = 0;

  constructor(
    readonly sim: Simulation,
    cluster: Cluster,
    private readonly config: ControlPlaneConfig,
    profile: CostProfile,
    streams: Streams,
    private readonly recordFromNs: number,
  ) {
    const { mode, version, services, endpointsPerService, nodePortServices } = config;
    this.cost = new ProxierSyncCost(mode, { services, endpointsPerService, nodePortServices, version }, profile);
    this.timing = { minIntervalNs: config.minSyncPeriodNs, maxIntervalNs: config.syncPeriodNs, burstRuns: config.burstSyncs };
    this.serviceStamp = new Int32Array(services);
    this.watchDelayNs = sampler({ kind: 'lognormal', meanNs: config.watchDelay.meanNs, cv: config.watchDelay.cv }, streams.get('kube-proxy/watch-delay'));
    const phase = streams.get('kube-proxy/phase');
    const nodes = cluster.config.nodes;
    this.syncCpuNs = new Float64Array(nodes);
    for (let i = 0; i < nodes; i++) {
      const lastSyncNs = sim.now - Math.round(phase.uniform(0, config.syncPeriodNs));
      this.proxies.push(new KubeProxySync(this, i, cluster.node(i).cpu, lastSyncNs));
    }
    new EndpointChurn(sim, config.churn, services, endpointsPerService, streams, (c) => this.publish(c));
  }

  /** A change to a Service's endpoints, made now at the API server. */
  publish(change: EndpointChange): void {
    const id = this.changeTimeNs.length;
    const now = this.sim.now;
    this.changeTimeNs.push(now);
    this.changeService.push(change.service);
    this.changeEndpoints.push(change.endpoints);
    this.nodesLeft.push(this.proxies.length);
    if (now >= this.recordFromNs) this.measuredChanges++;
    for (const proxy of this.proxies) proxy.deliver(id, now + this.watchDelayNs());
  }

  changed(fromChange: number, toChange: number): { services: number; endpoints: number } {
    const stamp = ++this.stamp;
    let services = 0;
    let endpoints = 0;
    for (let id = fromChange; id < toChange; id++) {
      const s = this.changeService[id];
      if (this.serviceStamp[s] !== stamp) {
        this.serviceStamp[s] = stamp;
        services++;
      }
      endpoints += this.changeEndpoints[id];
    }
    return { services, endpoints };
  }

  synced(r: SyncRecord): void {
    const from = this.recordFromNs;
    const busyFromNs = Math.max(r.endNs - r.cpuNs, from);
    if (r.endNs > busyFromNs) this.syncCpuNs[r.node] += r.endNs - busyFromNs;
    if (r.startNs >= from) {
      this.syncs++;
      this.syncDuration.record(r.endNs - r.startNs);
    }
    for (let id = r.fromChange; id < r.toChange; id++) {
      const t = this.changeTimeNs[id];
      const last = --this.nodesLeft[id] === 0;
      if (t < from) continue;
      this.programmedPairs++;
      this.latency.record(r.endNs - t);
      if (last) this.clusterLatency.record(r.endNs - t);
    }
  }

  /** Cores busy with syncs per node since `recordFromNs` (a sync in progress counts so far). */
  private nodeCores(durationNs: number): number[] {
    const now = this.sim.now;
    return this.proxies.map((p, i) => {
      let busy = this.syncCpuNs[i];
      if (p.inFlight) busy += Math.max(0, Math.min(now - p.inFlight.requestedNs, p.inFlight.cpuNs, now - this.recordFromNs));
      return busy / durationNs;
    });
  }

  /** The `cpu_cores` family entries of kube-proxy syncs. */
  cpuCores(durationNs: number): Record<string, number> {
    const cores = this.nodeCores(durationNs);
    const total = cores.reduce((a, b) => a + b, 0);
    return { kube_proxy_node_mean: total / cores.length, kube_proxy_node_max: Math.max(...cores), kube_proxy_cluster: total };
  }

  metrics(durationNs: number) {
    const c = this.cost;
    const { services, endpointsPerService } = this.config;
    const pairs = this.measuredChanges * this.proxies.length;
    return {
      sync_ms: this.syncDuration.summary(1e6),
      programming_latency_ms: this.latency.summary(1e6),
      cluster_programming_latency_ms: this.clusterLatency.summary(1e6),
      rules: c.rules,
      restore_lines: c.counts.restoreLines,
      add_service_ms: c.addServiceNs() / 1e6,
      full_sync_ms: c.syncNs(true, services, services * endpointsPerService) / 1e6,
      syncs_per_node_per_s: this.syncs / this.proxies.length / (durationNs / 1e9),
      endpoint_changes_per_s: this.measuredChanges / (durationNs / 1e9),
      unprogrammed_fraction: pairs > 0 ? 1 - this.programmedPairs / pairs : 0,
    };
  }
}
