/**
 * The cluster as the data path sees it: nodes (created when traffic first touches them, so idle
 * nodes cost nothing), the pod-network backend, the links, and the path of a segment from one pod
 * to another, built from the components' stages and compiled once per kind of segment.
 */
import type { Simulation } from '../sim/index.ts';
import type { Backend } from './backend.ts';
import type { CostProfile } from './cost-profile.ts';
import { bridgeStage } from './linux-bridge.ts';
import { receiveStage, transmitStages } from './nic.ts';
import { ipPacketBytes, mssBytes, wireBytes } from './packet.ts';
import { type CompiledPath, compilePath, PacketCarrier, type Resource, type Stage } from './packet-path.ts';
import { Node } from './node.ts';
import { rxQueue } from './rss.ts';
import { recvStages, sendStages } from './socket.ts';
import { vethStage } from './veth-pair.ts';

export interface ClusterConfig {
  nodes: number;
  coresPerNode: number;
  /** NIC receive queues (RSS) per node; receive softirq runs on at most this many cores. */
  rxQueues: number;
  /** Whether the NICs' RSS hash includes UDP ports (ethtool rx-flow-hash udp4 sdfn); ixgbe's
   *  default, and the default here, is addresses only. */
  rxHashUdpPorts?: boolean;
  linkGbps: number;
}

export interface Pod {
  name: string;
  node: number;
}

/** One TCP segment of an application message. */
export interface Segment {
  payloadBytes: number;
  messageBytes: number;
  /** The message's first segment carries the send() call; its last, the recv(). */
  first: boolean;
  last: boolean;
  /** The connection between the two pods it belongs to (0 when there is one): RSS hashes its
   *  ports. */
  flow?: number;
  /** A pure ACK: sent by TCP in the context that received the data, not by an application. */
  ack?: boolean;
}

/** Server port of every connection (iperf3's) and the client's ephemeral port of connection
 *  `flow`. */
export function connectionPorts(flow: number): [number, number] {
  return [40000 + flow, 5201];
}

export class Cluster {
  readonly carrier: PacketCarrier;
  private readonly nodes = new Map<number, Node>();
  private readonly paths = new Map<string, CompiledPath>();

  constructor(
    readonly sim: Simulation,
    readonly config: ClusterConfig,
    readonly profile: CostProfile,
    readonly backend: Backend,
  ) {
    this.carrier = new PacketCarrier(sim);
  }

  /** Payload per segment on pod interfaces, bytes. */
  get mssBytes(): number {
    return mssBytes(this.backend.mtu);
  }

  node(index: number): Node {
    let n = this.nodes.get(index);
    if (!n) {
      if (!(index >= 0 && index < this.config.nodes)) {
        throw new RangeError(`node ${index} does not exist (cluster has ${this.config.nodes})`);
      }
      n = new Node(this.sim, index, `node-${index}`, { cores: this.config.coresPerNode, rxQueues: this.config.rxQueues });
      this.nodes.set(index, n);
    }
    return n;
  }

  /** The nodes traffic has touched, by index. */
  activeNodes(): Node[] {
    return [...this.nodes.values()].sort((a, b) => a.index - b.index);
  }

  /** The compiled path of `segment` from pod `from` to pod `to`. */
  path(from: Pod, to: Pod, segment: Segment): CompiledPath {
    const flow = segment.flow ?? 0;
    const key = `${from.name}>${to.name}:${segment.payloadBytes}:${segment.messageBytes}:${+segment.first}${+segment.last}:${flow}:${+!!segment.ack}`;
    let path = this.paths.get(key);
    if (!path) {
      const outer = this.backend.outerHeader(connectionPorts(flow));
      path = compilePath(this.stages(from, to, segment), (node, resource) => {
        const n = this.node(node);
        return n.station(resource, rxQueue(outer, from.node, to.node, this.config.rxHashUdpPorts ?? false, n.softirq.length));
      });
      this.paths.set(key, path);
    }
    return path;
  }

  /** The stages of a segment's path, in order (what `podpath trace` prints). */
  stages(from: Pod, to: Pod, segment: Segment): Stage[] {
    const p = this.profile;
    const a = from.node, b = to.node;
    const ipBytes = ipPacketBytes(segment.payloadBytes);
    const sameNode = a === b;
    // Execution contexts: the receiver's stack runs where the packet is handed to it (softirq, or
    // flanneld's write()); an application's segment is sent from its task, an ACK from the
    // context that received the data.
    const deliver: Resource = sameNode ? 'cpu' : (this.backend.deliveryResource ?? 'softirq');
    const send: Resource = segment.ack ? deliver : 'cpu';
    const stages: Stage[] = [
      ...sendStages(p, a, `pod ${from.name}`, segment.messageBytes, segment.first, send),
      vethStage(p, a, `pod ${from.name}`, 'host', send),
      bridgeStage(p, a, send),
    ];
    if (!sameNode) {
      const ctx = { profile: p, from: a, to: b, ipBytes, senderResource: send };
      stages.push(
        ...this.backend.egress(ctx),
        ...transmitStages(p, a, wireBytes(ipBytes, this.backend.encapBytes), this.config.linkGbps, this.backend.transmitResource ?? send),
        receiveStage(p, b),
        ...this.backend.ingress(ctx),
        bridgeStage(p, b, deliver),
      );
    }
    stages.push(
      vethStage(p, b, 'host', `pod ${to.name}`, deliver),
      ...recvStages(p, b, `pod ${to.name}`, segment.messageBytes, segment.last, deliver),
    );
    return stages;
  }

  resetStats(): void {
    for (const n of this.nodes.values()) n.resetStats();
    this.carrier.resetStats();
  }
}
