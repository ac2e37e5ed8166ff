/**
 * A packet's path as a list of stages (send(), veth, bridge, route, NIC, wire, softirq, recv() …),
 * each saying on which node and resource it spends its time, on which side of the user/kernel
 * boundary it runs, and what it crosses or copies. A path is compiled into hops: consecutive
 * stages on the same station become one service request, as one CPU runs a packet through the
 * stack in one go. `PacketCarrier` walks packets along compiled paths on the simulation.
 */
import { type Simulation, type Station, TraceSource } from '../sim/index.ts';

export type Side = 'user' | 'kernel' | 'wire';
/** Where a stage's time goes: a node's CPU in task context, its receive softirq, a user-space
 *  daemon (flanneld, the userspace proxy), its NIC transmitter, or pure propagation delay. */
export type Resource = 'cpu' | 'softirq' | 'flanneld' | 'proxy' | 'nic-tx' | 'propagation';
export type Crossing = 'user→kernel' | 'kernel→user';

export interface Stage {
  name: string;
  node: number;
  netns: string;
  side: Side;
  resource: Resource;
  /** Service time on the resource (CPU, serialization) or delay (propagation), integer ns. */
  ns: number;
  crossing?: Crossing;
  copiedBytes?: number;
  /** Bytes this stage puts on the wire (NIC transmit only). */
  wireBytes?: number;
}

/** One service request of a compiled path: `station` null means a pure delay. */
export interface Hop {
  station: Station | null;
  ns: number;
}

export interface CompiledPath {
  stages: Stage[];
  hops: Hop[];
  crossings: number;
  copiedBytes: number;
  wireBytes: number;
}

export type StationLookup = (node: number, resource: Resource) => Station | null;

export function compilePath(stages: Stage[], stationOf: StationLookup): CompiledPath {
  const hops: Hop[] = [];
  for (const s of stages) {
    const station = stationOf(s.node, s.resource);
    const prev = hops[hops.length - 1];
    if (prev && station && prev.station === station) prev.ns += s.ns;
    else hops.push({ station, ns: s.ns });
  }
  return {
    stages,
    hops: hops.filter((h) => h.station !== null || h.ns > 0),
    crossings: stages.filter((s) => s.crossing).length,
    copiedBytes: stages.reduce((sum, s) => sum + (s.copiedBytes ?? 0), 0),
    wireBytes: stages.reduce((sum, s) => sum + (s.wireBytes ?? 0), 0),
  };
}

export interface DropEvent {
  timeNs: number;
  station: string;
  reason: 'queue full';
}

interface InFlight {
  path: CompiledPath;
  hop: number;
  end: number;
  done: (arg: any) => void;
  arg: unknown;
}

/** Moves packets along compiled paths, hop by hop. */
export class PacketCarrier {
  readonly drop = new TraceSource<DropEvent>();
  /** Packets delivered and their path totals, since the last reset. */
  delivered = 0;
  crossings = 0;
  copiedBytes = 0;
  wireBytes = 0;

  constructor(private readonly sim: Simulation) {}

  /**
   * Sends one packet along hops [fromHop, toHop) of `path`; `done(arg)` runs when it has passed
   * them, and `dropped(arg)` (when given) if a full queue on the way drops it. A caller that runs
   * a path's first or last hop itself, merged with application work into one job on one core,
   * skips it here.
   */
  send<A>(path: CompiledPath, done: (arg: A) => void, arg: A, dropped?: (arg: A) => void, fromHop = 0, toHop = path.hops.length): void {
    this.advance({ path, hop: fromHop, end: toHop, done, arg, dropped } as InFlight);
  }

  resetStats(): void {
    this.delivered = this.crossings = this.copiedBytes = this.wireBytes = 0;
  }

  private readonly advance = (p: InFlight & { dropped?: (arg: unknown) => void }): void => {
    const hops = p.path.hops;
    if (p.hop === p.end) {
      this.delivered++;
      this.crossings += p.path.crossings;
      this.copiedBytes += p.path.copiedBytes;
      this.wireBytes += p.path.wireBytes;
      p.done(p.arg);
      return;
    }
    const hop = hops[p.hop++];
    if (hop.station === null) {
      this.sim.schedule(hop.ns, this.advance, p);
    } else if (!hop.station.request(hop.ns, this.advance, p)) {
      if (this.drop.active) this.drop.emit({ timeNs: this.sim.now, station: hop.station.name, reason: 'queue full' });
      p.dropped?.(p.arg);
    }
  };
}
