/**
 * A Kubernetes node's processing resources as stations: its cores for task-context work (system
 * calls, the transmit path, applications), its receive softirq (NAPI polling: one single-server
 * station per NIC receive queue, each queue's interrupt on its own core, so a flow that RSS puts
 * on a queue is processed by that one core), its NIC transmitter, and single-threaded daemons
 * created on demand (flanneld, the userspace proxy, WireGuard's workers), and application thread pools created on demand
 * (a load generator's threads, a server's workers). Known simplification: softirq, task work and
 * application threads are separate stations, so they do not steal cores from each other as they
 * would on Linux.
 */
import { type Simulation, Station } from '../../sim/index.ts';
import type { Resource } from './packet-path.ts';

export interface NodeResources {
  cores: number;
  rxQueues: number;
}

export class Node {
  readonly cpu: Station;
  /** Receive softirq, one station per receive queue (at most one queue per core). */
  readonly softirq: Station[];
  readonly nicTx: Station;
  private readonly daemons = new Map<Resource, Station>();
  private readonly applications = new Map<string, Station>();

  constructor(private readonly sim: Simulation, readonly index: number, readonly name: string, private readonly r: NodeResources) {
    this.cpu = new Station(sim, { name: `${name}/cpu`, servers: r.cores });
    this.softirq = Array.from({ length: Math.min(r.rxQueues, r.cores) }, (_, q) =>
      new Station(sim, { name: `${name}/softirq-${q}`, servers: 1 }));
    this.nicTx = new Station(sim, { name: `${name}/nic-tx`, servers: 1 });
  }

  /** The station of `resource`; for softirq, that of receive queue `rxQueue`. */
  station(resource: Resource, rxQueue = 0): Station | null {
    switch (resource) {
      case 'cpu':
        return this.cpu;
      case 'softirq':
        return this.softirq[rxQueue % this.softirq.length];
      case 'nic-tx':
        return this.nicTx;
      case 'propagation':
        return null;
      default: {
        let d = this.daemons.get(resource);
        if (!d) {
          // WireGuard's crypt workqueue has a worker per core; the other daemons are one thread.
          d = new Station(this.sim, { name: `${this.name}/${resource}`, servers: resource === 'wg-crypt' ? this.r.cores : 1 });
          this.daemons.set(resource, d);
        }
        return d;
      }
    }
  }

  /** The thread pool of application `name` (`threads` servers, fixed by the first call). */
  application(name: string, threads: number): Station {
    let a = this.applications.get(name);
    if (!a) {
      a = new Station(this.sim, { name: `${this.name}/${name}`, servers: threads });
      this.applications.set(name, a);
    }
    return a;
  }

  /** CPU stations (everything but the NIC transmitter), by name (`softirq-0` for queue 0). */
  cpuStations(): [string, Station][] {
    return [
      ['cpu', this.cpu], ...this.softirq.map((s, q): [string, Station] => [`softirq-${q}`, s]),
      ...this.daemons.entries(), ...this.applications.entries(),
    ];
  }

  /** Cores in use on average since the last reset per resource (numbered stations of one kind
   *  summed: softirq-0, softirq-1 … as softirq; reader-1, reader-2 … as reader). */
  cpuCoresByResource(elapsedNs: number): Record<string, number> {
    const cores: Record<string, number> = {};
    for (const [name, s] of this.cpuStations()) {
      const resource = name.replace(/-\d+$/, '');
      cores[resource] = (cores[resource] ?? 0) + s.busyNs() / elapsedNs;
    }
    return cores;
  }

  /** Cores in use on average since the last reset, over all CPU stations. */
  cpuCores(elapsedNs: number): number {
    return this.cpuStations().reduce((sum, [, s]) => sum + s.busyNs(), 0) / elapsedNs;
  }

  resetStats(): void {
    for (const [, s] of this.cpuStations()) s.resetStats();
    this.nicTx.resetStats();
  }
}
