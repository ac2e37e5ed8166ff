/**
 * Bulk TCP-like streams between a client pod and a server pod (iperf3-like): N parallel
 * connections, each keeping a window of W MSS-sized segments in flight. The application writes
 * and reads the byte stream in blocks (iperf3's `-l`, 128 KiB for TCP): a segment that holds the
 * first byte of a block carries its send() (one user→kernel crossing and a copy of the block), and
 * the segment that completes a block carries its recv() (a wake-up, one kernel→user crossing and
 * a copy), so those crossings amortise over ~90 segments. The receiver acknowledges every
 * `ackEverySegments` segments (Linux ACKs every second full-sized segment) with a pure ACK that
 * goes back along the reverse path, sent by TCP in the context that received the data; its
 * arrival lets the sender put as many new segments in flight. Goodput counts payload delivered to
 * the receiving socket. Simplifications: a fixed window (no slow start, no congestion control);
 * a segment dropped at a full kernel queue (kernel-queues.ts) is replaced at once by the next one,
 * as if the sender learnt of the loss from duplicate ACKs without shrinking its window, so the
 * window stays full and goodput is the bottleneck's (a drop costs the path's work up to the
 * queue, never a timeout); segments always full, no delayed-ACK timer (hence W >= the ACK
 * interval). With TSO/GSO (offloads.ts) the sender hands down trains of up to the cluster's
 * send unit of segments (what the window allows, as tcp_write_xmit builds a super-segment), and
 * the receiver acknowledges a train once it holds an ACK's worth; without them each MSS-sized
 * segment is a packet of its own. Through a Service (service-stream.ts) each segment also pays
 * netfilter's work where it crosses a host namespace, and the userspace proxy's relay.
 */
import { type Simulation, type Station, TraceSource } from '../../sim/index.ts';
import type { Cluster, Pod } from '../datapath/cluster.ts';
import type { HookCosts } from '../services/connection-packets.ts';
import type { CompiledPath } from '../datapath/packet-path.ts';
import type { StreamNetfilter } from './service-stream.ts';
import type { Parameters } from '../parameters.ts';

/** The bulk streams' knobs (`workload.bulk`), declared once. */
export const bulkTransferParameters = {
  streams: {
    value: 1, unit: 'connections', min: 1, integer: true,
    doc: 'Parallel connections (iperf3 -P).',
    source: "iperf3's default, -P 1.",
  },
  windowSegments: {
    value: 32, unit: 'segments', min: 1, integer: true,
    doc: 'MSS-sized segments in flight per connection (a fixed window; at least ackEverySegments).',
    source: 'A choice, not a measurement: 32 segments (about 46 KiB) in flight, no slow start or congestion control modelled.',
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

export interface BulkConfig {
  streams: number;
  windowSegments: number;
  /** Application write and read size (iperf3 -l), bytes. */
  blockBytes: number;
  ackEverySegments: number;
}

/** A train of segments of one stream on its way (data) or acknowledged (ACK). */
interface Train {
  stream: Stream;
  segments: number;
}

interface Stream {
  flow: number;
  /** The receiving application's thread (iperf3 reads a stream on one thread): its recv() work,
   *  wake-up, crossing and copy, one block at a time. Null on one node (the path is one job). */
  reader: Station | null;
  /** Next segment to send (segment k holds bytes [k·mss, (k+1)·mss)). */
  nextSegment: number;
  /** Segments received and not yet acknowledged. */
  unacked: number;
}

export class BulkTransfer {
  /** Every segment delivered to a receiving socket; the value is its payload, bytes. */
  readonly delivered = new TraceSource<number>();
  private readonly mss: number;
  /** Paths with netfilter's work added, by the bare path. */
  private readonly hookedPaths = new WeakMap<CompiledPath, CompiledPath>();

  constructor(
    sim: Simulation,
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
      const stream: Stream = { flow: firstFlow + i, reader, nextSegment: 0, unacked: 0 };
      sim.schedule(0, () => this.sendSegments(stream, config.windowSegments));
    }
  }

  private sendSegments(s: Stream, count: number): void {
    const { blockBytes } = this.config;
    const unit = this.cluster.sendUnitSegments;
    for (let left = count; left > 0;) {
      const k = Math.min(unit, left);
      left -= k;
      const start = s.nextSegment * this.mss;
      s.nextSegment += k;
      const end = start + k * this.mss;
      const path = this.cluster.path(this.client, this.server, {
        payloadBytes: this.mss,
        messageBytes: blockBytes,
        first: Math.floor((end - 1) / blockBytes) > Math.floor((start - 1) / blockBytes),
        last: Math.floor(end / blockBytes) > Math.floor(start / blockBytes),
        flow: s.flow,
        ...(k > 1 ? { segments: k } : {}),
      });
      const train: Train = { stream: s, segments: k };
      const nf = this.netfilter;
      const p = nf ? this.hooked(path, nf.data, this.server.node) : path;
      if (nf?.relay) nf.relay(() => this.transmit(p, train));
      else this.transmit(p, train);
    }
  }

  /** Sends `train` along `path`. Between two nodes every train is taken from the socket by its
   *  stream's reader, in order: the one that completes a block with the recv()'s work (the path's
   *  last hop, run on the reader instead of the node's cores), the others at no cost but behind
   *  it. On one node the carrier runs the whole path (one job). */
  private transmit(path: CompiledPath, train: Train): void {
    const reader = train.stream.reader;
    if (!reader) {
      this.cluster.carrier.send(path, this.atReceiver, train, this.lost);
      return;
    }
    const last = path.hops.length - 1;
    const { end, resource } = path.template.hops[last];
    const recv = end === 1 && resource === 'cpu';
    const recvNs = recv ? path.hops[last].ns : 0;
    this.cluster.carrier.send(path, (t: Train) => reader.request(recvNs, this.atReceiver, t), train, this.lost, 0, recv ? last : last + 1);
  }

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
    const acked: Train = { stream: s, segments: s.unacked };
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
}
