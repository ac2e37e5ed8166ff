/**
 * Bulk UDP senders between a client pod and a server pod (iperf3 -u -b 0): N flows, each sent by
 * one thread (iperf3 ≥ 3.16 runs a thread per stream) as fast as its core allows and read by one
 * thread. There is no window and no feedback: throughput is whatever the slowest station of the
 * path passes, packet by packet. Each datagram carries the TCP MSS of the pod network (iperf3's
 * default -l for UDP is the control connection's MSS) and is a full stack pass on each side: the
 * sender thread runs sendto(), UDP/IP, veth, bridge, routing and the driver for every datagram
 * (the path's first hop); the receiving NIC's queue (one RSS core per flow) runs the driver, the
 * stack and the socket enqueue; the reader thread runs recvfrom(). No TSO or GRO merges
 * datagrams; with `gso` the application sets UDP_SEGMENT and UDP_GRO (udp-socket.ts), so a
 * sendto() hands down a train of up to gso_max_size and the receiver GROs it.
 * Goodput ≈ min(line rate × payload/wire bytes, payload × the slowest station's datagram rate),
 * which `udpBulkClosedForm` gives from the profile's constants (a test checks it).
 * Where datagrams are lost: at the receive ring (`rx_ring_full`) when the RSS core is the
 * bottleneck, at the socket's receive buffer (`rcvbuf_full`, rmem_default in truesize packets)
 * when the reader is, at the qdisc (`qdisc_drop`) when the link is. Simplification: the sender is
 * not throttled by its socket's send buffer (SO_SNDBUF, ~92 datagrams at wmem_default): where the
 * link is the bottleneck the excess is dropped at the qdisc instead of the sender blocking, so
 * goodput is the same but the sender's CPU is overstated.
 */
import { type Simulation, type Station, TraceSource } from '../../sim/index.ts';
import type { Cluster, Pod } from '../datapath/cluster.ts';
import { queueBound } from '../datapath/kernel-queues.ts';
import { sendUnitSegments } from '../datapath/offloads.ts';
import type { CompiledPath } from '../datapath/packet-path.ts';

export interface UdpBulkConfig {
  streams: number;
  /** The application sets UDP_SEGMENT on the sender and UDP_GRO on the receiver. */
  gso: boolean;
}

interface Flow {
  sender: Station;
  reader: Station;
  path: CompiledPath;
  /** Datagrams in one sendto(). */
  datagrams: number;
}

export class UdpBulk {
  /** Every datagram (or train) a reader took from its socket; the value is its payload, bytes. */
  readonly delivered = new TraceSource<number>();
  /** Datagram payload, bytes. */
  readonly payloadBytes: number;
  private readonly rcvbuf: { limit: number; reason: string };

  constructor(
    sim: Simulation,
    private readonly cluster: Cluster,
    client: Pod,
    server: Pod,
    config: UdpBulkConfig,
    firstFlow = 1,
  ) {
    if (client.node === server.node) throw new RangeError('a bulk UDP flow runs between two nodes');
    this.payloadBytes = cluster.mssBytes;
    this.rcvbuf = queueBound('udpRcvbuf', cluster.queues);
    const datagrams = udpSendUnit(cluster, config.gso);
    for (let i = 0; i < config.streams; i++) {
      const flow = firstFlow + i;
      const path = cluster.path(client, server, {
        payloadBytes: this.payloadBytes, messageBytes: this.payloadBytes * datagrams, first: true, last: true, flow, udp: true,
        ...(datagrams > 1 ? { segments: datagrams } : {}),
      });
      const f: Flow = {
        sender: cluster.node(client.node).application(`sender-${flow}`, 1),
        reader: cluster.node(server.node).application(`reader-${flow}`, 1),
        path, datagrams,
      };
      sim.schedule(0, () => this.send(f));
    }
  }

  /** The sender thread's next sendto() and everything below it down to the driver. */
  private send(f: Flow): void {
    f.sender.request(f.path.hops[0].ns, this.sent, f);
  }

  private readonly sent = (f: Flow): void => {
    const hops = f.path.hops.length;
    this.cluster.carrier.send(f.path, this.toReader, f, undefined, 1, hops - 1);
    this.send(f);
  };

  /** In the socket's receive queue: the reader's recvfrom(), or a drop at a full buffer. */
  private readonly toReader = (f: Flow): void => {
    const last = f.path.hops[f.path.hops.length - 1];
    if (!f.reader.request(last.ns, this.read, f, this.rcvbuf.limit)) this.cluster.carrier.reject(f.reader.name, this.rcvbuf.reason, true);
  };

  private readonly read = (f: Flow): void => {
    if (this.delivered.active) this.delivered.emit(f.datagrams * this.payloadBytes);
  };
}

/** Datagrams one sendto() hands down: 1, or with UDP_SEGMENT as many as gso_max_size holds on
 *  the backend's path (software GSO, whatever the NIC's TSO). */
export function udpSendUnit(cluster: Cluster, gso: boolean): number {
  return gso ? sendUnitSegments({ ...cluster.offloads, tso: false, gso: true }, cluster.backend.offloadPath, cluster.mssBytes) : 1;
}

/** Per-datagram (per-sendto) work of each station of one bulk UDP flow's path and the goodput
 *  they and the link allow, from the compiled path: the sender thread (hop 0), the receiver's
 *  RSS core (its softirq hops), the reader (the last hop), the wire (serialization); Gbit/s of
 *  payload. A path through other stations (flanneld, WireGuard's workers) is bounded by them too,
 *  which this leaves out. */
export function udpBulkClosedForm(path: CompiledPath, payloadBytes: number, datagrams: number): { senderNs: number; softirqNs: number; readerNs: number; wireNs: number; gbps: number } {
  const hops = path.hops;
  const middle = hops.slice(1, -1);
  const sum = (suffix: string): number => middle.filter((h) => h.station?.name.includes(suffix)).reduce((s, h) => s + h.ns, 0);
  const senderNs = hops[0].ns;
  const readerNs = hops[hops.length - 1].ns;
  const softirqNs = sum('/softirq-');
  const wireNs = sum('/nic-tx');
  const bits = payloadBytes * datagrams * 8;
  return { senderNs, softirqNs, readerNs, wireNs, gbps: bits / Math.max(senderNs, softirqNs, readerNs, wireNs) };
}
