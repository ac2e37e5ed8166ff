/**
 * The control plane's results, from its traces of changes published and syncs ended: network
 * programming latency per (change, node) and until the last node, sync durations, syncs and
 * changes per second, the fraction of (change, node) pairs still unprogrammed at the end (left out
 * of the latency distribution), and kube-proxy's sync CPU per node and over the cluster; beside
 * them the proxy mode's sync costs (rules, restore lines, a one-Service and a start-up sync) and,
 * when kube-proxies restart, the time from the restart until each has its rules complete. A change
 * counts when it was published after the warm-up, a sync when it started after it; sync CPU counts
 * the part of each sync inside the measured period.
 */
import { LatencyRecorder } from '../../sim/index.ts';
import type { ChangeEvent, ControlPlane, ControlPlaneConfig } from '../../models/control-plane/control-plane.ts';
import type { SyncRecord } from '../../models/control-plane/kube-proxy-sync.ts';
import type { Collector, MeasuredPeriod } from '../replication.ts';
import type { ReplicationOutput } from '../replication-output.ts';

export class ControlPlaneCollector implements Collector {
  private readonly latency = new LatencyRecorder();
  private readonly clusterLatency = new LatencyRecorder();
  private readonly syncDuration = new LatencyRecorder();
  /** Per restarted node, from its restart to the end of its start-up sync. */
  private readonly firstSync = new LatencyRecorder();
  private readonly changeTimeNs: number[] = [];
  /** Per change, the nodes that have not programmed it yet. */
  private readonly nodesLeft: number[] = [];
  private readonly syncCpuNs: Float64Array;
  private syncs = 0;
  private measuredChanges = 0;
  private programmedPairs = 0;

  constructor(
    private readonly cp: ControlPlane,
    private readonly config: ControlPlaneConfig,
    private readonly period: MeasuredPeriod,
    /** Beside Service traffic, whose collectors write `rules` and `cpu_cores`: kube-proxy's CPU
     *  is `kube_proxy_cpu_cores` and the rule count is theirs. */
    private readonly besideTraffic = false,
  ) {
    this.syncCpuNs = new Float64Array(cp.proxies.length);
    cp.published.subscribe(this.onPublished);
    cp.syncDone.subscribe(this.onSync);
  }

  private readonly onPublished = (e: ChangeEvent): void => {
    this.changeTimeNs.push(e.timeNs);
    this.nodesLeft.push(this.cp.proxies.length);
    if (this.period.includes(e.timeNs)) this.measuredChanges++;
  };

  private readonly onSync = (r: SyncRecord): void => {
    const busyFromNs = Math.max(r.endNs - r.cpuNs, this.period.fromNs);
    if (r.endNs > busyFromNs) this.syncCpuNs[r.node] += r.endNs - busyFromNs;
    if (r.kind === 'startup') this.firstSync.record(r.endNs - this.config.restart.atNs);
    if (this.period.includes(r.startNs)) {
      this.syncs++;
      this.syncDuration.record(r.endNs - r.startNs);
    }
    for (let id = r.fromChange; id < r.toChange; id++) {
      const t = this.changeTimeNs[id];
      const last = --this.nodesLeft[id] === 0;
      if (!this.period.includes(t)) continue;
      this.programmedPairs++;
      this.latency.record(r.endNs - t);
      if (last) this.clusterLatency.record(r.endNs - t);
    }
  };

  /** Cores busy with syncs per node in the measured period (a sync in progress counts so far). */
  private nodeCores(): number[] {
    const now = this.cp.sim.now;
    const { fromNs, durationNs } = this.period;
    return this.cp.proxies.map((p, i) => {
      let busy = this.syncCpuNs[i];
      if (p.inFlight) busy += Math.max(0, Math.min(now - p.inFlight.requestedNs, p.inFlight.cpuNs, now - fromNs));
      return busy / durationNs;
    });
  }

  collect(out: ReplicationOutput): void {
    const c = this.cp.cost;
    const nodes = this.cp.proxies.length;
    const pairs = this.measuredChanges * nodes;
    const seconds = this.period.seconds;
    out.metric('sync_ms', this.syncDuration.summary(1e6));
    out.metric('programming_latency_ms', this.latency.summary(1e6));
    out.metric('cluster_programming_latency_ms', this.clusterLatency.summary(1e6));
    if (!this.besideTraffic) out.metric('rules', c.rules);
    out.metric('restore_lines', c.counts.restoreLines);
    out.metric('add_service_ms', c.addServiceNs() / 1e6);
    out.metric('full_sync_ms', c.syncNs('startup', c.everything) / 1e6);
    if (this.config.restart.nodes > 0) out.metric('first_sync_ms', this.firstSync.summary(1e6));
    out.metric('syncs_per_node_per_s', this.syncs / nodes / seconds);
    out.metric('endpoint_changes_per_s', this.measuredChanges / seconds);
    out.metric('unprogrammed_fraction', pairs > 0 ? 1 - this.programmedPairs / pairs : 0);
    const cores = this.nodeCores();
    const total = cores.reduce((a, b) => a + b, 0);
    out.metric(this.besideTraffic ? 'kube_proxy_cpu_cores' : 'cpu_cores', { kube_proxy_node_mean: total / cores.length, kube_proxy_node_max: Math.max(...cores), kube_proxy_cluster: total });
    out.addSeries('programming_latency_cdf', ['latency_ms', 'fraction'], this.latency.cdf(1e6));
  }
}
