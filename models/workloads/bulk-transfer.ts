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
 * the receiving socket. Simplifications: a fixed window (no slow start, no congestion control, no
 * loss: queues are unbounded), segments always full, no delayed-ACK timer (hence W >= the ACK
 * interval). With TSO/GSO (offloads.ts) the sender hands down trains of up to the cluster's
 * send unit of segments (what the window allows, as tcp_write_xmit builds a super-segment), and
 * the receiver acknowledges a train once it holds an ACK's worth; without them each MSS-sized
 * segment is a packet of its own. Through a Service (service-stream.ts) each segment also pays
 * netfilter's work where it crosses a host namespace, and the userspace proxy's relay.
 */
import { type Simulation, TraceSource } from '../../sim/index.ts';
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
      const stream: Stream = { flow: firstFlow + i, nextSegment: 0, unacked: 0 };
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
      if (!nf) this.cluster.carrier.send(path, this.atReceiver, train);
      else {
        const hooked = this.hooked(path, nf.data, this.server.node);
        if (nf.relay) nf.relay(() => this.cluster.carrier.send(hooked, this.atReceiver, train));
        else this.cluster.carrier.send(hooked, this.atReceiver, train);
      }
    }
  }

  /** `path` with netfilter's work on its first hop (the sender's context) and on its first hop
   *  on node `to`'s receive softirq; one copy per path, as the costs are the stream's own. */
  private hooked(path: CompiledPath, hooks: HookCosts, to: number): CompiledPath {
    let h = this.hookedPaths.get(path);
    if (!h) {
      const softirq: readonly unknown[] = this.cluster.node(to).softirq;
      const sameNode = this.client.node === this.server.node;
      const rx = sameNode ? -1 : path.hops.findIndex((hop) => softirq.includes(hop.station));
      const hops = path.hops.map((hop, i) => ({ station: hop.station, ns: hop.ns + (i === 0 ? hooks.senderNs : 0) + (i === rx ? hooks.receiverNs : 0) }));
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
    this.cluster.carrier.send(this.netfilter ? this.hooked(ack, this.netfilter.ack, this.client.node) : ack, this.atSender, acked);
  };

  private readonly atSender = (t: Train): void => {
    this.sendSegments(t.stream, t.segments);
  };
}
