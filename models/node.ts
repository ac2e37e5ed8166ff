/**
 * A Kubernetes node's processing resources as stations: its cores for task-context work (system
 * calls, the transmit path, applications), its receive softirq (NAPI polling on as many cores as
 * the NIC has receive queues), its NIC transmitter, and single-threaded daemons created on demand
 * (flanneld, the userspace proxy). Known simplification: softirq and task work are separate
 * stations, so they do not steal cores from each other as they would on Linux.
 */
import { type Simulation, Station } from '../sim/index.ts';
import type { Resource } from './packet-path.ts';

export interface NodeResources {
  cores: number;
  rxQueues: number;
}

export class Node {
  readonly cpu: Station;
  readonly softirq: Station;
  readonly nicTx: Station;
  private readonly daemons = new Map<Resource, Station>();

  constructor(private readonly sim: Simulation, readonly index: number, readonly name: string, r: NodeResources) {
    this.cpu = new Station(sim, { name: `${name}/cpu`, servers: r.cores });
    this.softirq = new Station(sim, { name: `${name}/softirq`, servers: Math.min(r.rxQueues, r.cores) });
    this.nicTx = new Station(sim, { name: `${name}/nic-tx`, servers: 1 });
  }

  station(resource: Resource): Station | null {
    switch (resource) {
      case 'cpu':
        return this.cpu;
      case 'softirq':
        return this.softirq;
      case 'nic-tx':
        return this.nicTx;
      case 'propagation':
        return null;
      default: {
        let d = this.daemons.get(resource);
        if (!d) {
          d = new Station(this.sim, { name: `${this.name}/${resource}`, servers: 1 });
          this.daemons.set(resource, d);
        }
        return d;
      }
    }
  }

  /** CPU stations (everything but the NIC transmitter), by resource name. */
  cpuStations(): [string, Station][] {
    return [['cpu', this.cpu], ['softirq', this.softirq], ...this.daemons.entries()];
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
