/**
 * What each packet of a proxied TCP connection costs where, and sending it: a conntrack lookup on
 * every node whose host namespace it crosses (plus the translation from conntrack on the client's
 * node), the proxy's filter-table rules on each, the NetworkPolicy enforcement of a packet into a
 * policed server pod (where policies are given), and, for the userspace proxy, the relay of each
 * segment through the proxy process (a message of n segments costs n relays). Messages go as
 * MSS-sized segments. Connection set-up and
 * tear-down (which packets exist, which are new) belong to the caller.
 */
import type { Station } from '../../sim/index.ts';
import type { Cluster, Pod, Segment, SegmentKind } from '../datapath/cluster.ts';
import type { ConntrackTable } from '../netfilter/conntrack-table.ts';
import type { PolicyEnforcer } from '../policy/network-policy.ts';
import type { ServiceProxy } from './proxier.ts';
import { relaySegmentNs } from './userspace-proxier.ts';

/** Netfilter work of one packet on the sending node's crossing and the receiving node's, ns (the
 *  per-step breakdown `trace` shows is netfilter-steps.ts). */
export interface HookCosts {
  senderNs: number;
  receiverNs: number;
}

export interface Hooks<A> extends HookCosts {
  /** Runs when the packet has left the sender's stack: the end of its first-packet latency; a
   *  drop reason it returns drops the packet there (the conntrack confirm refused it). */
  leftSender?: (arg: A) => string | void;
}

/** A connection's two ends: the client pod and the endpoint pod it was given. */
export interface ConnectionEnds {
  client: { node: number; pod: Pod };
  node: number;
  server: Pod;
  /** The connection's ports (client's ephemeral, server's), which RSS hashes; absent: one flow
   *  per pair of pods. */
  ports?: readonly [number, number];
}

/** A segment without payload: SYN, SYN-ACK, ACK, FIN. */
export const control: Segment = { payloadBytes: 0, messageBytes: 0, first: false, last: false };

export class ConnectionPackets {
  /** Kinds of the segments sent, by identity (callers send shared segment constants), and of
   *  messages' segments by message size. */
  private readonly kinds = new Map<Segment, SegmentKind>();
  private readonly messageKinds = new Map<number, SegmentKind[]>();

  constructor(
    private readonly cluster: Cluster,
    private readonly proxy: ServiceProxy,
    private readonly conntrack: (node: number) => ConntrackTable,
    /** Policies enforced on the server pods' ingress; null: none. */
    private readonly policy: PolicyEnforcer | null = null,
  ) {}

  /** Sends one segment from `from` to `to` with the given netfilter costs plus the filter table's,
   *  on the connection with `ports` (absent: the pair of pods' one flow); `dropped(conn)` if a
   *  kernel queue on the way drops it. */
  send<C>(from: Pod, to: Pod, seg: Segment, hooks: Hooks<C>, done: (c: C) => void, conn: C, ports?: readonly [number, number], dropped?: (c: C) => void): void {
    let kind = this.kinds.get(seg);
    if (!kind) {
      kind = this.cluster.kind(seg);
      this.kinds.set(seg, kind);
    }
    this.sendKind(from, to, kind, hooks, done, conn, ports, dropped);
  }

  private sendKind<C>(from: Pod, to: Pod, kind: SegmentKind, hooks: Hooks<C>, done: (c: C) => void, conn: C, ports?: readonly [number, number], dropped?: (c: C) => void): void {
    const f = this.proxy.filterNs;
    this.cluster.sendThroughHooks(from, to, kind, ports, hooks.senderNs + f, hooks.receiverNs + f, hooks.leftSender, done, conn, dropped);
  }

  /** Hooks of an established connection's packet to the server: lookup and translation on the
   *  client's node, lookup on the server's, and the server pod's ingress policy where it crosses
   *  into it (the one crossing when both pods share a node). */
  toServer(conn: ConnectionEnds): HookCosts {
    const a = conn.client.node;
    const policyNs = this.policy === null ? 0 : this.policy.establishedNs;
    const local = a === conn.node;
    return {
      senderNs: this.conntrack(a).lookupNs(true) + this.proxy.translateNs + (local ? policyNs : 0),
      receiverNs: this.lookup(a, conn.node) + (local ? 0 : policyNs),
    };
  }

  toClient(conn: ConnectionEnds): HookCosts {
    const a = conn.client.node;
    return { senderNs: this.lookup(a, conn.node), receiverNs: this.conntrack(a).lookupNs(true) + this.proxy.translateNs };
  }

  /** A hit on node `b`'s table when it is not the client's node `a` (one crossing otherwise). */
  lookup(a: number, b: number): number {
    return a === b ? 0 : this.conntrack(b).lookupNs(true);
  }

  /** Sends a message of `bytes` to the server (or back) as segments; `done(conn)` when all arrived,
   *  `dropped(conn, i)` for each segment i a kernel queue drops. Returns what a segment's arrival
   *  calls, for a retransmitted one (`resend`). Through the userspace proxy each segment is
   *  relayed by the proxy thread on the client's node: a request's before it leaves for the
   *  endpoint, a response's after it reached the node. */
  message<C extends ConnectionEnds>(conn: C, bytes: number, toServer: boolean, done: (c: C) => void, dropped?: (c: C, index: number) => void): (c: C) => void {
    const kinds = this.segmentKinds(bytes);
    let arrived = done;
    if (kinds.length > 1) {
      let pending = kinds.length;
      arrived = (c: C): void => {
        if (--pending === 0) done(c);
      };
    }
    kinds.forEach((kind, i) => this.sendSegment(conn, kind, toServer, arrived, conn, dropped && ((c: C) => dropped(c, i))));
    return arrived;
  }

  /** Sends segment `index` of a message of `bytes` on `conn` again (a retransmission):
   *  `arrived(arg)` when it has, `dropped(arg)` if a kernel queue drops it. */
  resend<A>(conn: ConnectionEnds, bytes: number, toServer: boolean, index: number, arrived: (a: A) => void, arg: A, dropped: (a: A) => void): void {
    this.sendSegment(conn, this.segmentKinds(bytes)[index], toServer, arrived, arg, dropped);
  }

  private sendSegment<A>(conn: ConnectionEnds, kind: SegmentKind, toServer: boolean, arrived: (a: A) => void, arg: A, dropped?: (a: A) => void): void {
    const from = toServer ? conn.client.pod : conn.server;
    const to = toServer ? conn.server : conn.client.pod;
    const hooks = toServer ? this.toServer(conn) : this.toClient(conn);
    if (this.proxy.mode !== 'userspace') {
      this.sendKind(from, to, kind, hooks, arrived, arg, conn.ports, dropped);
      return;
    }
    const relay = this.proxyStation(conn.client.node);
    const relayNs = relaySegmentNs(this.cluster.profile, kind.segment.payloadBytes);
    if (toServer) relay.request(relayNs, () => this.sendKind(from, to, kind, hooks, arrived, arg, conn.ports, dropped));
    else this.sendKind(from, to, kind, hooks, (a: A) => relay.request(relayNs, arrived, a), arg, conn.ports, dropped);
  }

  /** The kinds of a message's MSS-sized segments. */
  private segmentKinds(bytes: number): SegmentKind[] {
    let kinds = this.messageKinds.get(bytes);
    if (!kinds) {
      const mss = this.cluster.mssBytes;
      const n = Math.max(1, Math.ceil(bytes / mss));
      kinds = Array.from({ length: n }, (_, i) => this.cluster.kind({
        payloadBytes: i < n - 1 ? mss : bytes - mss * (n - 1), messageBytes: bytes, first: i === 0, last: i === n - 1,
      }));
      this.messageKinds.set(bytes, kinds);
    }
    return kinds;
  }

  /** The userspace proxy accepts a redirected connection and opens its own to the endpoint. */
  accept(node: number, then: () => void): void {
    const p = this.cluster.profile;
    this.proxyStation(node).request(p.wakeupNs + 2 * p.syscallNs + p.tcpConnectNs + p.userspaceProxyNs, then);
  }

  private proxyStation(node: number): Station {
    const s = this.cluster.node(node).station('proxy');
    if (!s) throw new RangeError(`node ${node} has no proxy station`);
    return s;
  }
}
