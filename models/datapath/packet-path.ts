/**
 * A packet's path as a list of stages (send(), veth, bridge, route, NIC, wire, softirq, recv() …),
 * each saying on which node and resource it spends its time, on which side of the user/kernel
 * boundary it runs, and what it crosses or copies. A path is compiled into a template of hops
 * (consecutive stages on the same resource of the same node become one service request) and bound
 * to the stations of a pair of nodes. `PacketCarrier` walks packets along compiled paths.
 */
import { type Simulation, type Station, TraceSource } from '../../sim/index.ts';

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

/** A hop of a path template: on the sending node's end (0), the receiving node's (1), or a pure
 *  delay (-1), on `resource`. */
export interface HopTemplate {
  end: 0 | 1 | -1;
  resource: Resource;
  ns: number;
}

/**
 * A path with its stations left open: what a kind of segment costs where, the same for every pair
 * of nodes (stage costs do not depend on which nodes, only on whether they differ). Compiled once
 * per kind of segment and bound to a pair of nodes per packet, so a cluster of 5,000 nodes holds a
 * few templates, not one path per pair of pods.
 */
export interface PathTemplate {
  hops: HopTemplate[];
  crossings: number;
  copiedBytes: number;
  wireBytes: number;
}

export interface CompiledPath {
  template: PathTemplate;
  hops: Hop[];
  crossings: number;
  copiedBytes: number;
  wireBytes: number;
}

/** The template of `stages` sent from node `from`: consecutive stages on the same end and resource
 *  become one hop, as one CPU runs a packet through the stack in one go. */
export function compileTemplate(stages: readonly Stage[], from: number): PathTemplate {
  const hops: HopTemplate[] = [];
  for (const s of stages) {
    const end = s.resource === 'propagation' ? -1 : s.node === from ? 0 : 1;
    const prev = hops[hops.length - 1];
    if (prev && end >= 0 && prev.end === end && prev.resource === s.resource) prev.ns += s.ns;
    else hops.push({ end, resource: s.resource, ns: s.ns });
  }
  return {
    hops: hops.filter((h) => h.end >= 0 || h.ns > 0),
    crossings: stages.filter((s) => s.crossing).length,
    copiedBytes: stages.reduce((sum, s) => sum + (s.copiedBytes ?? 0), 0),
    wireBytes: stages.reduce((sum, s) => sum + (s.wireBytes ?? 0), 0),
  };
}

/** A node's stations by resource (softirq: that of receive queue `rxQueue`). */
export interface StationSource {
  station(resource: Resource, rxQueue: number): Station | null;
}

/** Binds a template to the sending node `a` and the receiving node `b`, whose receive queue for
 *  this packet's flow is `rxQueue`. */
export function bindPath(t: PathTemplate, a: StationSource, b: StationSource, rxQueue: number): CompiledPath {
  const hops = new Array<Hop>(t.hops.length);
  for (let i = 0; i < hops.length; i++) {
    const h = t.hops[i];
    hops[i] = { station: h.end === -1 ? null : (h.end === 0 ? a : b).station(h.resource, rxQueue), ns: h.ns };
  }
  return { template: t, hops, crossings: t.crossings, copiedBytes: t.copiedBytes, wireBytes: t.wireBytes };
}

export interface PacketDropEvent {
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
  readonly drop = new TraceSource<PacketDropEvent>();
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
