/**
 * kube-proxy on one node: its watch of Services and EndpointSlices, and its sync loop. Changes
 * arrive in order (a watch is a stream) after a per-node delivery delay; each delivery asks the
 * node's BoundedFrequencyRunner for a sync; a sync programs every change delivered before it
 * started and takes the mode's cost on one of the node's cores (the node's cpu Station, where it
 * competes with packet work). kube-proxy, iptables-restore and nft run in process context under
 * the scheduler, so a sync is a preemptible job there: at each scheduler slice of CPU it has run
 * it yields its core if task-context packet work waits, and waits its turn behind it (round
 * robin, sim/station.ts); with nothing waiting it runs on. Deliveries that cannot change what the
 * runner does (it is already syncing, or its timer fires first) cost no event, so an idle or busy
 * node is cheap whatever the churn. A restarted (or newly joined) kube-proxy first runs a start-up
 * sync of everything, at once (a new process's runner has a full bucket). Known simplifications:
 * every job waiting at the cpu station counts as a runnable task, and the slice is the
 * scheduler's base slice (`schedSliceNs`; EEVDF's weights and lag and CFS's wake-up preemption
 * are not modelled); the sync is one task (iptables-save, the restore and kube-proxy's own loop
 * one after another on one core); kube-proxy's own event handling between syncs costs nothing; a
 * restart lets a sync in progress finish first, and the restarted process's initial list of
 * Services and EndpointSlices from the API server takes no time.
 */
import type { Simulation, Station } from '../../sim/index.ts';
import { BoundedFrequencyRunner, type RunnerTiming } from './bounded-frequency-runner.ts';
import type { ChangedServices, ProxierSyncCost } from './proxier-sync-cost.ts';
import type { SyncKind } from './userspace-costs.ts';
import type { Parameters } from '../parameters.ts';

/** kube-proxy's sync-loop parameters, declared once (the scenario's `controlPlane` defaults). */
export const kubeProxySyncParameters = {
  minSyncPeriodMs: {
    value: 1000, unit: 'ms', min: 0,
    doc: 'Shortest interval between two syncs (kube-proxy --iptables-min-sync-period).',
    source: 'kube-proxy default 1 s (cmd/kube-proxy/app/options.go).',
  },
  syncPeriodMs: {
    value: 30_000, unit: 'ms', min: 0, minExclusive: true,
    doc: 'Longest interval between two syncs, the periodic resync (kube-proxy --iptables-sync-period).',
    source: 'kube-proxy default 30 s (cmd/kube-proxy/app/options.go).',
  },
  burstSyncs: {
    value: 2, unit: 'syncs', min: 1, integer: true,
    doc: 'Syncs the BoundedFrequencyRunner allows back to back before minSyncPeriod applies.',
    source: 'burstSyncs := 2 in every proxier (pkg/proxy/*/proxier.go NewProxier).',
  },
} as const satisfies Parameters;

/** A finished sync, as the cluster-wide model records it. */
export interface SyncRecord {
  node: number;
  /** Changes [fromChange, toChange) are programmed on this node at endNs. */
  fromChange: number;
  toChange: number;
  /** Runner started it; the core finished it. */
  startNs: number;
  endNs: number;
  /** CPU time it took, ns. */
  cpuNs: number;
  /** Why it ran; whether it rewrote everything. */
  kind: SyncKind;
  full: boolean;
}

/** What one node's kube-proxy needs from the cluster-wide model. */
export interface KubeProxyHost {
  readonly sim: Simulation;
  readonly cost: ProxierSyncCost;
  readonly timing: RunnerTiming;
  /** The scheduler's base slice, ns (cost profile schedBaseSliceNs); null: a sync is one uninterrupted job. */
  readonly baseSliceNs: number | null;
  /** Distinct Services and endpoints touched by changes [from, to). */
  changed(fromChange: number, toChange: number): ChangedServices;
  synced(record: SyncRecord): void;
}

/**
 * The scheduler's slice on a node of `cpus` cores: the base slice scaled as
 * get_update_sysctl_factor() does under SCHED_TUNABLESCALING_LOG, 1 + ilog2(min(cpus, 8))
 * (kernel/sched/fair.c).
 */
export function schedSliceNs(baseSliceNs: number, cpus: number): number {
  return baseSliceNs * (1 + Math.floor(Math.log2(Math.min(cpus, 8))));
}

export class KubeProxySync {
  readonly runner: BoundedFrequencyRunner;
  /** Changes below this id are programmed here. */
  syncedUpTo = 0;
  /** The sync in progress: when it was asked for the core, its CPU time; null when idle. */
  inFlight: { requestedNs: number; cpuNs: number } | null = null;
  /** Delivery time of change `base + i`, non-decreasing. */
  private readonly deliverAtNs: number[] = [];
  private base = 0;
  /** Changes below this id have been announced to the runner (or taken by a sync). */
  private notifiedUpTo = 0;
  private syncingUpTo = 0;
  private lastFullSyncNs: number;
  private wakeAtNs = Infinity;
  private wakeGeneration = 0;
  private syncStartNs = 0;
  private syncKind: SyncKind = 'incremental';
  private startupPending = false;
  private done: () => void = () => {};
  /** A sync's slice on this node's cores, ns; null: not sliced. */
  private readonly sliceNs: number | null;

  constructor(private readonly host: KubeProxyHost, readonly node: number, private readonly cpu: Station, lastSyncNs: number) {
    this.lastFullSyncNs = lastSyncNs;
    this.sliceNs = host.baseSliceNs === null ? null : schedSliceNs(host.baseSliceNs, cpu.servers);
    this.runner = new BoundedFrequencyRunner(host.sim, host.timing, this.sync, lastSyncNs);
  }

  /** Change `changeId` (the next in order) reaches this node's watch at `atNs` (or after the previous one). */
  deliver(changeId: number, atNs: number): void {
    if (changeId !== this.base + this.deliverAtNs.length) throw new RangeError(`change ${changeId} delivered out of order`);
    const last = this.deliverAtNs.length > 0 ? this.deliverAtNs[this.deliverAtNs.length - 1] : -Infinity;
    this.deliverAtNs.push(Math.max(atNs, last));
    this.armWake();
  }

  /** kube-proxy restarts (or the node joins) now: its next sync, at once, is a start-up sync. */
  restart(): void {
    this.startupPending = true;
    this.runner.refill();
    this.runner.run();
    this.armWake();
  }

  private get delivered(): number {
    return this.base + this.deliverAtNs.length;
  }

  /** The first change not yet delivered at `tNs`, starting from `fromChange`. */
  private deliveredBy(fromChange: number, tNs: number): number {
    let id = fromChange;
    while (id < this.delivered && this.deliverAtNs[id - this.base] <= tNs) id++;
    return id;
  }

  /** Schedules the one event needed: the first delivery whose Run() would change anything. */
  private armWake(): void {
    if (this.notifiedUpTo >= this.delivered) return;
    const sim = this.host.sim;
    const head = this.deliverAtNs[this.notifiedUpTo - this.base];
    const t = this.runner.effectiveRunNs(Math.max(head, sim.now));
    if (t === Infinity || t >= this.wakeAtNs) return;
    this.wakeAtNs = t;
    sim.at(t, this.wake, ++this.wakeGeneration);
  }

  private readonly wake = (generation: number): void => {
    if (generation !== this.wakeGeneration) return;
    this.wakeAtNs = Infinity;
    this.notifiedUpTo = this.deliveredBy(this.notifiedUpTo, this.host.sim.now);
    this.runner.run();
    this.armWake();
  };

  private readonly sync = (done: () => void): void => {
    const { sim, cost, timing } = this.host;
    this.done = done;
    this.wakeGeneration++;
    this.wakeAtNs = Infinity;
    this.syncStartNs = sim.now;
    this.syncingUpTo = this.deliveredBy(this.syncedUpTo, sim.now);
    this.notifiedUpTo = Math.max(this.notifiedUpTo, this.syncingUpTo);
    const periodic = sim.now - this.lastFullSyncNs >= timing.maxIntervalNs;
    this.syncKind = this.startupPending ? 'startup' : periodic ? 'periodic' : 'incremental';
    this.startupPending = false;
    if (this.syncKind !== 'incremental') this.lastFullSyncNs = sim.now;
    const changed = this.host.changed(this.syncedUpTo, this.syncingUpTo);
    const cpuNs = cost.syncNs(this.syncKind, changed);
    this.inFlight = { requestedNs: sim.now, cpuNs };
    if (this.sliceNs === null) this.cpu.request(cpuNs, this.finish);
    else this.cpu.requestSliced(cpuNs, this.sliceNs, this.finish);
  };

  private readonly finish = (): void => {
    const sim = this.host.sim;
    const cpuNs = this.inFlight!.cpuNs;
    this.inFlight = null;
    const from = this.syncedUpTo;
    this.syncedUpTo = this.syncingUpTo;
    this.forgetProgrammed();
    this.host.synced({
      node: this.node, fromChange: from, toChange: this.syncedUpTo,
      startNs: this.syncStartNs, endNs: sim.now, cpuNs, kind: this.syncKind, full: this.host.cost.isFull(this.syncKind),
    });
    this.done();
    const arrived = this.deliveredBy(this.notifiedUpTo, sim.now);
    if (arrived > this.notifiedUpTo) {
      this.notifiedUpTo = arrived;
      this.runner.run();
    }
    this.armWake();
  };

  private forgetProgrammed(): void {
    const k = this.syncedUpTo - this.base;
    if (k > 256 && k * 2 > this.deliverAtNs.length) {
      this.deliverAtNs.splice(0, k);
      this.base = this.syncedUpTo;
    }
  }
}
