/**
 * Sending a packet along a compiled path with netfilter's work added where it crosses a node's
 * host namespace: on the sending node's CPU hop (conntrack, the proxy's selection or translation)
 * and on the receiving node's softirq hop (conntrack, the nat table of a new flow). These costs
 * depend on table state and on the connection, so they are known only when the packet is sent and
 * cannot be compiled into the path. `leftSender` runs when the sender's CPU hop is done (the
 * packet is with the NIC): the end of its first-packet latency.
 */
import type { Simulation, Station } from '../../sim/index.ts';
import type { CompiledPath, Hop, PathTemplate } from './packet-path.ts';

/** Netfilter work on the sender's CPU hop and the receiver's softirq hop, ns. */
export interface HookCosts {
  senderNs: number;
  receiverNs: number;
}

export interface Hooks<A> extends HookCosts {
  leftSender?: (arg: A) => void;
}

interface Flight {
  hops: Hop[];
  i: number;
  senderHop: number;
  receiverHop: number;
  senderNs: number;
  receiverNs: number;
  leftSender?: (arg: unknown) => void;
  done: (arg: unknown) => void;
  arg: unknown;
}

export class HookedCarrier {
  /** The sender's and receiver's hook hops per path template (the same for every pair of nodes). */
  private readonly hookHops = new WeakMap<PathTemplate, [number, number]>();

  constructor(private readonly sim: Simulation) {}

  /** Sends a packet along `path` from a node whose CPU station is `senderCpu` to one whose receive
   *  softirq stations (one per receive queue; the path's flow picked one) are `receiverSoftirq`
   *  (null: same node, one host-namespace crossing). */
  send<A>(
    path: CompiledPath, senderCpu: Station, receiverSoftirq: readonly Station[] | null,
    senderNs: number, receiverNs: number, leftSender: ((arg: A) => void) | undefined, done: (arg: A) => void, arg: A,
  ): void {
    let idx = this.hookHops.get(path.template);
    if (!idx) {
      idx = [path.hops.findIndex((h) => h.station === senderCpu), receiverSoftirq ? path.hops.findIndex((h) => h.station !== null && receiverSoftirq.includes(h.station)) : -1];
      if (idx[0] < 0) throw new RangeError('path has no hop on the sender CPU');
      this.hookHops.set(path.template, idx);
    }
    this.advance({
      hops: path.hops, i: 0, senderHop: idx[0], receiverHop: idx[1], senderNs,
      receiverNs: idx[1] >= 0 ? receiverNs : 0, leftSender: leftSender as Flight['leftSender'],
      done: done as Flight['done'], arg,
    });
  }

  private readonly advance = (f: Flight): void => {
    if (f.i === f.senderHop + 1 && f.leftSender) f.leftSender(f.arg);
    if (f.i === f.hops.length) {
      f.done(f.arg);
      return;
    }
    const k = f.i++;
    const hop = f.hops[k];
    const ns = hop.ns + (k === f.senderHop ? f.senderNs : 0) + (k === f.receiverHop ? f.receiverNs : 0);
    if (hop.station === null) this.sim.schedule(ns, this.advance, f);
    else hop.station.request(ns, this.advance, f);
  };
}
