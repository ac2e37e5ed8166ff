/**
 * A packet's path as a list of stages (send(), veth, bridge, route, NIC, wire, softirq, recv() …),
 * each saying on which node and resource it spends its time, on which side of the user/kernel
 * boundary it runs, and what it crosses or copies. A path is compiled into a template of hops
 * (consecutive stages on the same resource of the same node become one service request) and bound
 * to the stations of a pair of nodes. Netfilter's work where the packet crosses a node's host
 * namespace (conntrack, the nat table of a new flow, the filter table, SNAT) is a stage like the
 * others, on the same resource, except that its cost depends on table state and on the connection:
 * it is given per packet, and the template records which hop holds it. A hop that begins with a
 * stage taken from a kernel queue (kernel-queues.ts) is bounded by that queue's limit: a packet
 * that finds that many waiting at the hop's station is dropped with the queue's reason.
 * `PacketCarrier` walks packets along compiled paths, and every drop on the way goes through its
 * one drop path, counted by reason and by station.
 */
import { type Simulation, type Station, TraceSource } from '../../sim/index.ts';
import type { RetransmitKind } from '../tcp/retransmission-timer.ts';
import { defaultKernelQueues, type KernelQueue, type KernelQueues, queueBound } from './kernel-queues.ts';

export type Side = 'user' | 'kernel' | 'wire';
/** Where a stage's time goes: a node's CPU in task context, its receive softirq, a user-space
 *  daemon (flanneld, the userspace proxy), WireGuard's crypt workers (one per core) and its
 *  per-peer transmit worker and NAPI, its NIC transmitter, or pure propagation delay. */
export type Resource = 'cpu' | 'softirq' | 'flanneld' | 'proxy' | 'wg-crypt' | 'wg-tx' | 'wg-napi' | 'nic-tx' | 'propagation';
export type Crossing = 'user→kernel' | 'kernel→user';
/** A host-namespace crossing where netfilter runs: on the sending node or on the receiving one. */
export type Hook = 'sender' | 'receiver';

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
  /** A netfilter stage of that crossing: its cost is given per packet when it is sent (`ns` is
   *  what `trace` shows for one packet). */
  hook?: Hook;
  /** The kernel queue the packet is taken from before this stage (a hop that begins here waits
   *  in it). */
  queue?: KernelQueue;
}

/** One service request of a compiled path: `station` null means a pure delay. `limit` packets
 *  may wait at the station before it (Infinity: no kernel queue bounds it); a packet beyond is
 *  dropped for `reason`. */
export interface Hop {
  station: Station | null;
  ns: number;
  limit: number;
  reason: string;
}

/** A hop of a path template: on the sending node's end (0), the receiving node's (1), or a pure
 *  delay (-1), on `resource`. */
export interface HopTemplate {
  end: 0 | 1 | -1;
  resource: Resource;
  ns: number;
  limit: number;
  reason: string;
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
  /** The hop holding the sender's and the receiver's netfilter stages; -1 where there are none. */
  senderHookHop: number;
  receiverHookHop: number;
  /** Time the sender's hook hop spends after its netfilter stages (the driver's transmit …), ns:
   *  when the hop ends, netfilter ended that long before. */
  senderHookTailNs: number;
  /** Every hop on a node's cores, receive softirq or NIC, or a delay: stations a node has from
   *  its creation, so a packet may take them hop by hop instead of binding the path (a daemon's
   *  station is made when a path is first bound to it, which binding keeps in order). */
  coreOnly: boolean;
}

export interface CompiledPath {
  template: PathTemplate;
  hops: Hop[];
  crossings: number;
  copiedBytes: number;
  wireBytes: number;
}

/** The template of `stages` sent from node `from`: consecutive stages on the same end and resource
 *  become one hop, as one CPU runs a packet through the stack in one go; a hop's queue is that of
 *  its first stage, bounded as `queues` says. */
export function compileTemplate(stages: readonly Stage[], from: number, queues: KernelQueues = defaultKernelQueues): PathTemplate {
  const hops: HopTemplate[] = [];
  const hooked: Partial<Record<Hook, HopTemplate>> = {};
  let senderTailNs = 0;
  for (const s of stages) {
    const end = s.resource === 'propagation' ? -1 : s.node === from ? 0 : 1;
    const prev = hops[hops.length - 1];
    // A hook stage's cost comes with each packet, so the template holds none of it.
    const ns = s.hook ? 0 : s.ns;
    if (prev && end >= 0 && prev.end === end && prev.resource === s.resource) prev.ns += ns;
    else hops.push({ end, resource: s.resource, ns, ...(s.queue ? queueBound(s.queue, queues) : unbounded) });
    if (hooked.sender === hops[hops.length - 1] && s.hook !== 'sender') senderTailNs += ns;
    if (s.hook) {
      const at = hops[hops.length - 1];
      if (hooked[s.hook] && hooked[s.hook] !== at) throw new RangeError(`the ${s.hook}'s netfilter stages are not on one hop`);
      hooked[s.hook] = at;
    }
  }
  const kept = hops.filter((h) => h.end >= 0 || h.ns > 0);
  return {
    hops: kept,
    senderHookHop: hooked.sender ? kept.indexOf(hooked.sender) : -1,
    receiverHookHop: hooked.receiver ? kept.indexOf(hooked.receiver) : -1,
    senderHookTailNs: senderTailNs,
    coreOnly: kept.every((h) => h.end === -1 || h.resource === 'cpu' || h.resource === 'softirq' || h.resource === 'nic-tx'),
    crossings: stages.filter((s) => s.crossing).length,
    copiedBytes: stages.reduce((sum, s) => sum + (s.copiedBytes ?? 0), 0),
    wireBytes: stages.reduce((sum, s) => sum + (s.wireBytes ?? 0), 0),
  };
}

const unbounded = { limit: Infinity, reason: '' };

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
    hops[i] = { station: h.end === -1 ? null : (h.end === 0 ? a : b).station(h.resource, rxQueue), ns: h.ns, limit: h.limit, reason: h.reason };
  }
  return { template: t, hops, crossings: t.crossings, copiedBytes: t.copiedBytes, wireBytes: t.wireBytes };
}

/** A packet lost on its way: where (a station, or a node for a netfilter verdict) and why, in the
 *  kernel's words where it has some (`rx_ring_full`, `backlog_full`, `conntrack_full` …). */
export interface PacketDropEvent {
  timeNs: number;
  where: string;
  reason: string;
}

/** Called when a packet's hop through the sender's netfilter stages is done, with the time those
 *  stages ended (`hookEndNs`: the confirm of a new flow's entry); a returned reason is a
 *  netfilter verdict that drops the packet there (`insert_failed` …), counted at the hop's station;
 *  `dropped(arg)` is not called (the verdict's owner knows). Simplification: the rest of the hop
 *  (the driver's transmit) was charged to the CPU already. */
export type LeftSender<A> = (arg: A, hookEndNs: number) => string | void;

/** A packet on its way: along a bound path, or along a template on the stations of nodes `a`
 *  (sender) and `b` (receiver, receive queue `rxQueue`). */
interface InFlight {
  path: CompiledPath | null;
  template: PathTemplate;
  a: StationSource | null;
  b: StationSource | null;
  rxQueue: number;
  hop: number;
  end: number;
  /** Netfilter work of this packet at the sender's and the receiver's crossing, ns. */
  senderNs: number;
  receiverNs: number;
  /** Runs when the sender's netfilter hop is done: the packet has left its node's stack. */
  left: LeftSender<any> | undefined;
  done: (arg: any) => void;
  dropped: ((arg: any) => void) | undefined;
  arg: unknown;
}

/** Moves packets along compiled paths, hop by hop, and counts them: every packet handed to it is
 *  delivered, dropped (by reason) or still in flight. */
export class PacketCarrier {
  readonly drop = new TraceSource<PacketDropEvent>();
  /** Packets delivered and their path totals, since the last reset. */
  delivered = 0;
  crossings = 0;
  copiedBytes = 0;
  wireBytes = 0;
  /** Packets handed over and packets dropped by reason, since the last reset. */
  sent = 0;
  readonly drops = new Map<string, number>();
  /** Packets dropped by where (a station's or a node's name), since the last reset. */
  readonly dropsByWhere = new Map<string, number>();
  /** Segments TCP senders retransmitted, by kind (retransmission-timer.ts: `syn`, `rto`,
   *  `fast`), since the last reset: every workload's senders count here, as Linux's
   *  TcpExtTCP*Retrans and RetransSegs counters do per host. */
  readonly retransmits = new Map<RetransmitKind, number>();
  /** Packets in flight now (on a hop), whatever the resets. */
  private inFlight = 0;
  /** Packets in flight at the last reset. */
  private inFlightAtReset = 0;

  constructor(private readonly sim: Simulation) {}

  /**
   * Sends one packet along hops [fromHop, toHop) of `path`; `done(arg)` runs when it has passed
   * them, and `dropped(arg)` (when given) if a queue on the way drops it. A caller that runs a
   * path's first or last hop itself, merged with application work into one job on one core,
   * skips it here.
   */
  send<A>(path: CompiledPath, done: (arg: A) => void, arg: A, dropped?: (arg: A) => void, fromHop = 0, toHop = path.hops.length): void {
    this.sent++;
    this.inFlight++;
    this.advance({ path, template: path.template, a: null, b: null, rxQueue: 0, hop: fromHop, end: toHop, senderNs: 0, receiverNs: 0, left: undefined, done, dropped, arg });
  }

  /** Sends one packet along all of `path` with its netfilter work at the sender's and the
   *  receiver's crossing; `left(arg)` runs when it has left the sender's stack, and a reason it
   *  returns drops the packet there (`dropped(arg)` is not called: the verdict's owner knows). */
  sendThroughHooks<A>(
    path: CompiledPath, senderNs: number, receiverNs: number, left: LeftSender<A> | undefined,
    done: (arg: A) => void, arg: A, dropped?: (arg: A) => void,
  ): void {
    this.sent++;
    this.inFlight++;
    this.advance({ path, template: path.template, a: null, b: null, rxQueue: 0, hop: 0, end: path.hops.length, senderNs, receiverNs, left, done, dropped, arg });
  }

  /** `sendThroughHooks` along template `t` (`coreOnly`) from node `a` to node `b`, receive queue
   *  `rxQueue`, taking each hop's station when it gets there: what `bindPath` would have bound,
   *  without a path per packet. */
  sendAlong<A>(
    t: PathTemplate, a: StationSource, b: StationSource, rxQueue: number, senderNs: number, receiverNs: number,
    left: LeftSender<A> | undefined, done: (arg: A) => void, arg: A, dropped?: (arg: A) => void,
  ): void {
    this.sent++;
    this.inFlight++;
    this.advance({ path: null, template: t, a, b, rxQueue, hop: 0, end: t.hops.length, senderNs, receiverNs, left, done, dropped, arg });
  }

  /** The station of hop `k` of packet `p`'s path; null for a delay. */
  private stationAt(p: InFlight, k: number): Station | null {
    if (p.path !== null) return p.path.hops[k].station;
    const h = p.template.hops[k];
    return h.end === -1 ? null : (h.end === 0 ? p.a! : p.b!).station(h.resource, p.rxQueue);
  }

  /**
   * A netfilter verdict dropped a packet at `where` for `reason` (conntrack table full …).
   * `delivered`: the model decides it when the packet has arrived at the end of its path (the
   * receiving node's table is consulted on arrival), so it is taken back from the delivered;
   * otherwise the packet was dropped before it was handed over, and it counts as sent.
   */
  reject(where: string, reason: string, delivered: boolean): void {
    if (delivered) this.delivered--;
    else this.sent++;
    this.count(where, reason);
  }

  /** The one drop path: every lost packet is counted by reason and by where here and emitted. */
  private count(where: string, reason: string): void {
    this.drops.set(reason, (this.drops.get(reason) ?? 0) + 1);
    this.dropsByWhere.set(where, (this.dropsByWhere.get(where) ?? 0) + 1);
    if (this.drop.active) this.drop.emit({ timeNs: this.sim.now, where, reason });
  }

  /** A TCP sender sends a segment again (the retransmission itself goes through `send`). */
  retransmitted(kind: RetransmitKind): void {
    this.retransmits.set(kind, (this.retransmits.get(kind) ?? 0) + 1);
  }

  /** Packets dropped since the last reset, all reasons. */
  get dropped(): number {
    let n = 0;
    for (const v of this.drops.values()) n += v;
    return n;
  }

  /**
   * Packet conservation since the last reset: packets sent = delivered + dropped + in flight now −
   * in flight at the reset. Throws (an internal error) when it does not hold.
   */
  checkConservation(): void {
    const dropped = this.dropped;
    const accounted = this.delivered + dropped + this.inFlight - this.inFlightAtReset;
    let byWhere = 0;
    for (const v of this.dropsByWhere.values()) byWhere += v;
    if (this.sent !== accounted || byWhere !== dropped) {
      const reasons = [...this.drops].map(([r, n]) => `${n} ${r}`).join(', ') || 'none';
      throw new Error(`packet conservation violated: ${this.sent} sent, ${this.delivered} delivered + ${dropped} dropped (${reasons}; ${byWhere} by station) + ${this.inFlight - this.inFlightAtReset} in flight`);
    }
  }

  resetStats(): void {
    this.delivered = this.crossings = this.copiedBytes = this.wireBytes = this.sent = 0;
    this.drops.clear();
    this.dropsByWhere.clear();
    this.retransmits.clear();
    this.inFlightAtReset = this.inFlight;
  }

  private readonly advance = (p: InFlight): void => {
    const t = p.template;
    if (p.left !== undefined && p.hop === t.senderHookHop + 1) {
      const verdict = p.left(p.arg, this.sim.now - t.senderHookTailNs);
      if (verdict !== undefined) {
        this.inFlight--;
        this.count(this.stationAt(p, t.senderHookHop)?.name ?? 'sender', verdict);
        return;
      }
    }
    if (p.hop === p.end) {
      this.inFlight--;
      this.delivered++;
      const totals = p.path ?? t;
      this.crossings += totals.crossings;
      this.copiedBytes += totals.copiedBytes;
      this.wireBytes += totals.wireBytes;
      p.done(p.arg);
      return;
    }
    const k = p.hop++;
    const hop: Hop | HopTemplate = p.path !== null ? p.path.hops[k] : t.hops[k];
    const station = this.stationAt(p, k);
    const ns = k === t.senderHookHop ? hop.ns + p.senderNs : k === t.receiverHookHop ? hop.ns + p.receiverNs : hop.ns;
    if (station === null) {
      this.sim.schedule(ns, this.advance, p);
    } else if (!(hop.reason === '' ? station.request(ns, this.advance, p) : station.request(ns, this.advance, p, hop.limit))) {
      // A hop no kernel queue bounds is bounded by its station's own capacity, if any.
      this.inFlight--;
      this.count(station.name, hop.reason === '' ? station.dropReason : hop.reason);
      p.dropped?.(p.arg);
    }
  };
}
