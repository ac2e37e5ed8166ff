/**
 * A rolling update under Service traffic: requests that failed by cause (refused, timeout, reset),
 * in the measured period and per second of the whole run by the second they were issued in; new
 * connections sent to stale endpoints (no longer ready at the API server); request latency per
 * second (mean, p99, by the second the request was issued in); the update's phase times; and, on
 * the nodes with clients and those with the rolled Service's pods, the share of their cores kube-proxy's
 * syncs took beside the share packet work took (the task-context cpu station less the syncs, and
 * the softirq stations: with serverThreads unset the server application's time is in cpu too).
 */
import type { Cluster } from '../../models/datapath/cluster.ts';
import type { ControlPlane } from '../../models/control-plane/control-plane.ts';
import type { SyncRecord } from '../../models/control-plane/kube-proxy-sync.ts';
import type { ProgrammedEndpoints, StaleSelection } from '../../models/control-plane/programmed-endpoints.ts';
import type { ServiceCatalogue } from '../../models/services/service-catalogue.ts';
import type { FailureCause, Request, ServiceTraffic } from '../../models/workloads/service-traffic.ts';
import type { Simulation } from '../../sim/index.ts';
import type { Collector, MeasuredPeriod } from '../replication.ts';
import type { ReplicationOutput } from '../replication-output.ts';

const causes: readonly FailureCause[] = ['refused', 'timeout', 'reset'];
const secondNs = 1e9;

export class RolloutCollector implements Collector {
  private readonly failed = { refused: 0, timeout: 0, reset: 0 };
  private readonly failedPerSecond: Record<FailureCause, number[]>;
  private readonly latencyPerSecond: number[][];
  private stale = 0;
  private staleFailed = 0;
  private readonly syncNs = new Map<number, number>();
  private readonly endpointNodes: number[];
  private readonly seconds: number;

  constructor(
    private readonly sim: Simulation,
    private readonly period: MeasuredPeriod,
    traffic: ServiceTraffic,
    programmed: ProgrammedEndpoints,
    private readonly cp: ControlPlane,
    private readonly cluster: Cluster,
    catalogue: ServiceCatalogue,
    private readonly clientNodes: readonly number[],
  ) {
    this.seconds = Math.ceil((period.fromNs + period.durationNs) / secondNs);
    this.failedPerSecond = { refused: new Array(this.seconds).fill(0), timeout: new Array(this.seconds).fill(0), reset: new Array(this.seconds).fill(0) };
    this.latencyPerSecond = Array.from({ length: this.seconds }, () => []);
    const pods = cp.rollout!.config.pods;
    const clients = new Set(clientNodes);
    this.endpointNodes = [...new Set(Array.from({ length: 2 * pods }, (_, p) => catalogue.endpointNode(programmed.service, p)))]
      .filter((n) => !clients.has(n)).sort((a, b) => a - b);
    traffic.failures.subscribe(this.onFailure);
    traffic.answered.subscribe(this.onAnswered);
    programmed.stale.subscribe(this.onStale);
    cp.syncDone.subscribe(this.onSync);
  }

  private second(tNs: number): number {
    return Math.min(this.seconds - 1, Math.floor(tNs / secondNs));
  }

  private readonly onFailure = (f: { cause: FailureCause; request: Request }): void => {
    const issued = f.request.issuedNs;
    this.failedPerSecond[f.cause][this.second(issued)]++;
    if (this.period.includes(issued)) this.failed[f.cause]++;
  };

  private readonly onAnswered = (issuedNs: number): void => {
    this.latencyPerSecond[this.second(issuedNs)].push(this.sim.now - issuedNs);
  };

  private readonly onStale = (s: StaleSelection): void => {
    if (!this.period.includes(this.sim.now)) return;
    this.stale++;
    if (s.state === 'gone') this.staleFailed++;
  };

  private readonly onSync = (r: SyncRecord): void => {
    const fromNs = Math.max(r.endNs - r.cpuNs, this.period.fromNs);
    if (r.endNs > fromNs) this.syncNs.set(r.node, (this.syncNs.get(r.node) ?? 0) + r.endNs - fromNs);
  };

  /** Mean share of the nodes' cores taken by syncs and by packet work in the measured period. */
  private cpuShare(nodes: readonly number[]): { sync: number; packets: number } {
    const d = this.period.durationNs;
    let sync = 0, packets = 0;
    for (const n of nodes) {
      const node = this.cluster.node(n);
      const cores = this.cluster.config.coresPerNode;
      const s = this.syncNs.get(n) ?? 0;
      const kernel = node.cpu.busyNs() + node.softirq.reduce((sum, q) => sum + q.busyNs(), 0);
      sync += s / d / cores;
      packets += (kernel - s) / d / cores;
    }
    return { sync: sync / Math.max(1, nodes.length), packets: packets / Math.max(1, nodes.length) };
  }

  collect(out: ReplicationOutput): void {
    out.metric('requests_failed', { ...this.failed });
    out.metric('stale_endpoint_connections', { all: this.stale, to_exited_pods: this.staleFailed });
    const p = this.cp.rollout!.phases;
    const at = (ns: number) => (ns < 0 ? -1 : ns / secondNs);
    out.metric('rollout_phases_s', {
      start: at(p.startNs), first_new_ready: at(p.firstNewReadyNs), last_old_deleted: at(p.lastOldDeletedNs),
      last_new_ready: at(p.lastNewReadyNs), last_old_gone: at(p.lastOldGoneNs),
    });
    const client = this.cpuShare(this.clientNodes);
    const endpoint = this.cpuShare(this.endpointNodes);
    out.metric('node_cpu_share', { client_sync: client.sync, client_packets: client.packets, endpoint_sync: endpoint.sync, endpoint_packets: endpoint.packets });
    out.addSeries('requests_failed', ['s', 'refused', 'timeout', 'reset'],
      Array.from({ length: this.seconds }, (_, i) => [i, ...causes.map((c) => this.failedPerSecond[c][i])]));
    out.addSeries('request_latency_over_time', ['s', 'mean_ms', 'p99_ms'], this.latencyPerSecond.map((l, i) => {
      if (l.length === 0) return [i, 0, 0];
      const sorted = Float64Array.from(l).sort();
      const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
      return [i, mean / 1e6, sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)] / 1e6];
    }));
  }
}
