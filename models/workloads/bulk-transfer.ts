/**
 * Bulk TCP streams between a client pod and a server pod (iperf3-like): N parallel connections,
 * each with an unbounded supply of MSS-sized segments. The application writes and reads the byte
 * stream in blocks (iperf3's `-l`, 128 KiB for TCP): a segment that holds the first byte of a
 * block carries its send() (one user→kernel crossing and a copy of the block), and the segment
 * that completes a block carries its recv() (a wake-up, one kernel→user crossing and a copy), so
 * those crossings amortise over ~90 segments. ACKs go back along the reverse path, sent by TCP in
 * the context that received the data. Goodput counts payload delivered to the receiving socket.
 * Two kinds of congestion control (`congestion`):
 * - `reno`: each stream numbers its segments; its sender (models/tcp/tcp-sender.ts) keeps
 *   min(cwnd, windowSegments) in flight (the window as the receiver's advertised window), and
 *   its receiver (models/tcp/tcp-receiver.ts) delivers in order and ACKs cumulatively, at once on
 *   an out-of-order arrival; a train dropped at a full kernel queue (kernel-queues.ts) loses its
 *   segments, which duplicate ACKs (fast retransmit, NewReno recovery) or the retransmission
 *   timer bring back. A retransmitted segment carries no send() (the data is in the socket
 *   already); the recv() of a block is charged to the segment that ends it whenever it is sent.
 * - `fixed`: a fixed window of W segments, no slow start; a dropped segment is replaced at once by
 *   the next one, as if the sender learnt of the loss without shrinking its window, so the window
 *   stays full and goodput is the bottleneck's (a drop costs the path's work up to the queue,
 *   never a timeout); the receiver acknowledges every `ackEverySegments` segments received, in
 *   whatever order (W >= the ACK interval, as there is no delayed-ACK timer).
 * With TSO/GSO (offloads.ts) the sender hands down trains of up to the cluster's send unit of
 * segments (what the window allows, as tcp_write_xmit builds a super-segment), a train carries a
 * range of segment numbers and a drop loses the range; without them each MSS-sized segment is a
 * packet of its own. Between two nodes a stream's recv() work (wake-up, crossing, copy) runs on its
 * own one-server station, the reader thread (iperf3 reads a stream on one thread): with `fixed` a
 * segment is acknowledged once the reader has taken it; with `reno` TCP acknowledges on receipt
 * and the reader's work follows (the advertised window does not shrink with unread data, so a
 * reader slower than the path queues without bound: not yet modelled). Through a Service (service-stream.ts) each segment also pays netfilter's work
 * where it crosses a host namespace, and the userspace proxy's relay.
 */
import { type Simulation, type Station, TraceSource } from '../../sim/index.ts';
import type { Cluster, Pod } from '../datapath/cluster.ts';
import type { HookCosts } from '../services/connection-packets.ts';
import type { CompiledPath, Hop } from '../datapath/packet-path.ts';
import type { StreamNetfilter } from './service-stream.ts';
import type { Parameters } from '../parameters.ts';
import type { RetransmitCounter } from '../tcp/retransmit-counter.ts';
import { defaultTcpReceiver, TcpReceiver } from '../tcp/tcp-receiver.ts';
import { defaultRenoConfig, TcpSender } from '../tcp/tcp-sender.ts';
import { TcpTimer } from '../tcp/tcp-timer.ts';

/** The bulk streams' knobs (`workload.bulk`), declared once. */
export const bulkTransferParameters = {
  streams: {
    value: 1, unit: 'connections', min: 1, integer: true,
    doc: 'Parallel connections (iperf3 -P).',
    source: "iperf3's default, -P 1.",
  },
  windowSegments: {
    value: 32, unit: 'segments', min: 1, integer: true,
    doc: 'Most MSS-sized segments in flight per connection: the receive window with reno, the fixed window with fixed (at least ackEverySegments).',
    source: 'A choice, not a measurement: 32 segments (about 46 KiB), a receive buffer far below Linux\'s tcp_rmem maximum (6 MiB), so the window, not the buffer, is what a scenario sets.',
  },
  blockBytes: {
    value: 131_072, unit: 'bytes', min: 1, integer: true,
    doc: 'Application write and read size (iperf3 -l).',
    source: "iperf3's TCP default, 128 KiB.",
  },
  ackEverySegments: {
    value: 2, unit: 'segments', min: 1, integer: true,
    doc: 'Segments the receiver takes per ACK.',
    source: 'Linux ACKs every second full-sized segment (delayed ACK, RFC 1122 4.2.3.2, RFC 5681 4.2).',
  },
} as const satisfies Parameters;

/** How a stream reacts to loss (`workload.bulk.congestion`), declared like the numbers above. */
export const bulkCongestion = {
  values: ['reno', 'fixed'],
  value: 'reno',
  doc: 'reno: slow start, NewReno fast retransmit and recovery, the retransmission timer (models/tcp/); fixed: a fixed window, a dropped segment replaced at once.',
  source: 'NewReno (RFC 5681, RFC 6582, RFC 6298 with Linux\'s 200 ms floor) stands for Linux\'s default CUBIC, which differs in the growth between losses, not in the loss reaction; fixed is the model before issue 17.',
} as const;

export type BulkCongestion = (typeof bulkCongestion.values)[number];

export interface BulkConfig {
  streams: number;
  windowSegments: number;
  /** Application write and read size (iperf3 -l), bytes. */
  blockBytes: number;
  ackEverySegments: number;
  congestion: BulkCongestion;
}

/** A train of segments [first, first + segments) of one stream on its way (data); for an ACK,
 *  `segments` acknowledged (fixed) or every segment below `first` (reno). */
interface Train {
  stream: Stream;
  first: number;
  segments: number;
  /** The application's recv() that this train's data completes (the path's last hop), run by the
   *  stream's reader (fixed, or reno between two nodes) or the receiver's cores after TCP has
   *  taken the train; null when none. */
  recv: Hop | null;
}

interface Stream {
  flow: number;
  /** The receiving application's thread (iperf3 reads a stream on one thread): its recv() work,
   *  wake-up, crossing and copy, one block at a time. Null on one node (the path is one job). */
  reader: Station | null;
  /** Next segment to send (segment k holds bytes [k·mss, (k+1)·mss)) (fixed). */
  nextSegment: number;
  /** Segments received and not yet acknowledged (fixed). */
  unacked: number;
  /** The stream's TCP ends (reno). */
  tcp: {
    sender: TcpSender;
    receiver: TcpReceiver;
    delayedAck: TcpTimer;
    /** Trains waiting for the sender's first hop, the one taking it first. */
    tx: { path: CompiledPath; train: Train }[];
  } | null;
}

export class BulkTransfer {
  /** Every segment delivered to a receiving socket; the value is its payload, bytes. */
  readonly delivered = new TraceSource<number>();
  /** Retransmissions of the streams since the start of the run (reno). */
  readonly retransmits: RetransmitCounter = { fast: 0, rto: 0, timeouts: 0 };
  private readonly streams: Stream[] = [];
  private readonly mss: number;
  /** Paths with netfilter's work added, by the bare path. */
  private readonly hookedPaths = new WeakMap<CompiledPath, CompiledPath>();

  constructor(
    private readonly sim: Simulation,
    private readonly cluster: Cluster,
    private readonly client: Pod,
    private readonly server: Pod,
    private readonly config: BulkConfig,
    /** Connection ids start here (another workload may hold the ones below). */
    firstFlow = 1,
    /** Through a Service: netfilter's work per segment; null: the bare pod network. */
    private readonly netfilter: StreamNetfilter | null = null,
  ) {

    if (config.windowSegments < config.ackEverySegments) {
      throw new RangeError(`windowSegments ${config.windowSegments} must be >= ackEverySegments ${config.ackEverySegments}`);
    }
    this.mss = cluster.mssBytes;
    for (let i = 0; i < config.streams; i++) {
      const reader = client.node === server.node ? null : cluster.node(server.node).application(`reader-${firstFlow + i}`, 1);
      const stream: Stream = { flow: firstFlow + i, reader, nextSegment: 0, unacked: 0, tcp: null };
      this.streams.push(stream);
      if (config.congestion === 'fixed') sim.schedule(0, () => this.sendSegments(stream, config.windowSegments));
      else {
        stream.tcp = this.tcpEnds(stream);
        const sender = stream.tcp.sender;
        sim.schedule(0, () => sender.start());
      }
    }
  }

  /** The first stream's congestion window, segments (reno); null with a fixed window. */
  get firstWindow(): { cwnd: number } | null {
    return this.streams[0]?.tcp?.sender.window ?? null;
  }

  /** Events the streams' timers hold in the simulation (reno). */
  get timerEvents(): number {
    return this.streams.reduce((n, s) => n + (s.tcp ? s.tcp.sender.timerEvents + s.tcp.delayedAck.events : 0), 0);
  }

  private tcpEnds(s: Stream): NonNullable<Stream['tcp']> {
    const reno = defaultRenoConfig(this.config.windowSegments);
    const sender = new TcpSender(this.sim, reno, this.cluster.sendUnitSegments, (first, count, again) => this.sendTrain(s, first, count, again), this.retransmits);
    const receiver = new TcpReceiver({ ackEverySegments: this.config.ackEverySegments, quickAcks: defaultTcpReceiver.quickAcks, idleNs: reno.rtoMinNs });
    const delayedAck = new TcpTimer(this.sim, () => {
      if (receiver.delayedAck()) this.sendAck(s, receiver.next);
    });
    return { sender, receiver, delayedAck, tx: [] };
  }

  /** Fixed window: `count` new segments, in trains of at most the send unit. */
  private sendSegments(s: Stream, count: number): void {
    const unit = this.cluster.sendUnitSegments;
    for (let left = count; left > 0;) {
      const k = Math.min(unit, left);
      left -= k;
      const first = s.nextSegment;
      s.nextSegment += k;
      this.sendTrain(s, first, k, false);
    }
  }

  /** Segments [first, first + k) as one train; `again`: sent before, so no send() of a block. */
  private sendTrain(s: Stream, first: number, k: number, again: boolean): void {
    const { blockBytes } = this.config;
    const start = first * this.mss;
    const end = start + k * this.mss;
    const path = this.cluster.path(this.client, this.server, {
      payloadBytes: this.mss,
      messageBytes: blockBytes,
      first: !again && Math.floor((end - 1) / blockBytes) > Math.floor((start - 1) / blockBytes),
      last: Math.floor(end / blockBytes) > Math.floor(start / blockBytes),
      flow: s.flow,
      ...(k > 1 ? { segments: k } : {}),
    });
    const nf = this.netfilter;
    const hooked = nf ? this.hooked(path, nf.data, this.server.node) : path;
    const train: Train = { stream: s, first, segments: k, recv: recvHop(hooked) };
    const send = s.tcp ? () => this.sendInOrder(s, hooked, train) : () => this.transmit(hooked, train);
    if (nf?.relay) nf.relay(send);
    else send();
  }

  /** Fixed: sends `train` along `path`. Between two nodes every train is taken from the socket by
   *  its stream's reader, in order: the one that completes a block with the recv()'s work (the
   *  path's last hop, run on the reader instead of the node's cores), the others at no cost but
   *  behind it. On one node the carrier runs the whole path (one job). */
  private transmit(path: CompiledPath, train: Train): void {
    if (!train.stream.reader) {
      this.cluster.carrier.send(path, this.atReceiver, train, this.lost);
      return;
    }
    this.cluster.carrier.send(path, this.toReader, train, this.lost, 0, path.hops.length - (train.recv ? 1 : 0));
  }

  private readonly toReader = (t: Train): void => {
    t.stream.reader!.request(t.recv?.ns ?? 0, this.atReceiver, t);
  };

  /** Reno: the socket's trains take the sender's first hop one at a time, in order (the socket
   *  lock: one context at a time runs a socket's transmit path), so a stream's segments leave in
   *  order even on a node of many cores; a lost train tells the sender nothing (the ACKs that
   *  follow, or its timer, do). */
  private sendInOrder(s: Stream, path: CompiledPath, train: Train): void {
    const tx = s.tcp!.tx;
    tx.push({ path, train });
    if (tx.length === 1) this.takeFirstHop(s);
  }

  private takeFirstHop(s: Stream): void {
    const hop = s.tcp!.tx[0]!.path.hops[0]!;
    hop.station!.request(hop.ns, this.firstHopDone, s);
  }

  private readonly firstHopDone = (s: Stream): void => {
    const tx = s.tcp!.tx;
    const { path, train } = tx.shift()!;
    this.cluster.carrier.send(path, this.atTcpReceiver, train, undefined, 1, path.hops.length - (train.recv ? 1 : 0));
    if (tx.length > 0) this.takeFirstHop(s);
  };

  /** `path` with netfilter's work on its first hop (the sender's context) and on its first hop
   *  on node `to`'s receive softirq; one copy per path, as the costs are the stream's own. */
  private hooked(path: CompiledPath, hooks: HookCosts, to: number): CompiledPath {
    let h = this.hookedPaths.get(path);
    if (!h) {
      const softirq: readonly unknown[] = this.cluster.node(to).softirq;
      const sameNode = this.client.node === this.server.node;
      const rx = sameNode ? -1 : path.hops.findIndex((hop) => softirq.includes(hop.station));
      const hops = path.hops.map((hop, i) => ({ ...hop, ns: hop.ns + (i === 0 ? hooks.senderNs : 0) + (i === rx ? hooks.receiverNs : 0) }));
      h = { ...path, hops };
      this.hookedPaths.set(path, h);
    }
    return h;
  }

  private readonly atReceiver = (t: Train): void => {
    const s = t.stream;
    if (this.delivered.active) this.delivered.emit(t.segments * this.mss);
    s.unacked += t.segments;
    if (s.unacked < this.config.ackEverySegments) return;
    const acked: Train = { stream: s, first: 0, segments: s.unacked, recv: null };
    s.unacked = 0;
    const ack = this.cluster.path(this.server, this.client, {
      payloadBytes: 0, messageBytes: 0, first: false, last: false, flow: s.flow, ack: true,
    });
    this.cluster.carrier.send(this.netfilter ? this.hooked(ack, this.netfilter.ack, this.client.node) : ack, this.atSender, acked, this.ackLost);
  };

  /** A data train was dropped: as many new segments take its place in the window. */
  private readonly lost = (t: Train): void => {
    this.sendSegments(t.stream, t.segments);
  };

  /** An ACK was dropped: the next one acknowledges its segments too (ACKs are cumulative). */
  private readonly ackLost = (t: Train): void => {
    this.sendSegments(t.stream, t.segments);
  };

  private readonly atSender = (t: Train): void => {
    this.sendSegments(t.stream, t.segments);
  };

  private readonly atTcpReceiver = (t: Train): void => {
    const s = t.stream;
    const { receiver, delayedAck } = s.tcp!;
    const r = receiver.receive(t.first, t.segments, this.sim.now);
    if (t.recv) (s.reader ?? t.recv.station!).request(t.recv.ns, noop);
    if (r.delivered > 0 && this.delivered.active) this.delivered.emit(r.delivered * this.mss);
    if (r.ackNow) this.sendAck(s, receiver.next);
    else if (receiver.unacked > 0 && !delayedAck.armed) delayedAck.arm(defaultTcpReceiver.delayedAckMs * 1e6);
  };

  /** A cumulative ACK of every segment below `next`; a lost one's successor acknowledges its
   *  segments too. */
  private sendAck(s: Stream, next: number): void {
    s.tcp!.delayedAck.stop();
    const ack = this.cluster.path(this.server, this.client, {
      payloadBytes: 0, messageBytes: 0, first: false, last: false, flow: s.flow, ack: true,
    });
    const acked: Train = { stream: s, first: next, segments: 0, recv: null };
    this.cluster.carrier.send(this.netfilter ? this.hooked(ack, this.netfilter.ack, this.client.node) : ack, this.atTcpSender, acked);
  }

  private readonly atTcpSender = (t: Train): void => {
    t.stream.tcp!.sender.onAck(t.first);
  };
}

const noop = (): void => {};

/** The last hop of `path` when it is the receiving application's recv() on the receiver's cores
 *  (TCP has taken the segment before it, in softirq or the tunnel's context). On one node the
 *  receive runs in one task-context hop, which stays whole. */
function recvHop(path: CompiledPath): Hop | null {
  const last = path.template.hops.at(-1)!;
  return last.end === 1 && last.resource === 'cpu' && path.hops.length > 1 ? path.hops.at(-1)! : null;
}
