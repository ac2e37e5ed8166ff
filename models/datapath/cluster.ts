/**
 * The cluster as the data path sees it: nodes (created when traffic first touches them, so idle
 * nodes cost nothing), the pod-network backend, the links, and the path of a segment from one pod
 * to another, built from the components' stages and compiled once per kind of segment. Where
 * kube-proxy programs the nodes (`netfilter`), each host-namespace crossing has netfilter stages
 * whose costs come with each packet. A segment may be a train of several MSS-sized segments the
 * sender's stack handles as one super-segment (TSO/GSO); where and how often each stage runs for
 * it follows from the offloads (offloads.ts): the stack above the split once, the split and the
 * drivers per frame, the receiver's stack once per GRO-merged packet. The kernel's queue limits (kernel-queues.ts) are the same on
 * every node.
 */
import type { Simulation } from '../../sim/index.ts';
import { type Backend, type OuterHeader, podMtu } from '../backends/backend.ts';
import type { CostProfile } from '../profiles/cost-profile.ts';
import { hookStages, type NetfilterWork } from '../netfilter/netfilter-hooks.ts';
import { bridgeStage } from './linux-bridge.ts';
import { receiveStage, transmitStages } from './nic.ts';
import { defaultKernelQueues, type KernelQueues } from './kernel-queues.ts';
import { ipPacketBytes, mssBytes, udpPacketBytes, wireBytes } from './packet.ts';
import { bindPath, type CompiledPath, compileTemplate, type LeftSender, PacketCarrier, type PathTemplate, type Resource, type Stage } from './packet-path.ts';
import { Node } from './node.ts';
import { hardwareSegmentation, mergedPackets, type Offloads, perSegment, sendUnitSegments } from './offloads.ts';
import { rxQueue } from './rss.ts';
import { recvStages, sendStages } from './socket.ts';
import { udpRecvStages, udpSendStages } from './udp-socket.ts';
import { vethStage } from './veth-pair.ts';
import type { Parameters } from '../parameters.ts';

/** The cluster's size and links as a scenario gives them (`cluster:`), declared once. */
export const clusterParameters = {
  nodes: {
    value: 2, unit: 'nodes', min: 2, integer: true,
    doc: 'Nodes in the cluster.',
    source: 'A choice: a two-node cluster, the smallest that has a wire between pods.',
  },
  coresPerNode: {
    value: 4, unit: 'cores', min: 1, integer: true,
    doc: "CPU cores per node, the servers of its packet and application work.",
    source: 'A choice: a small worker node (4 vCPUs), not a measurement.',
  },
  rxQueues: {
    absent: "one per core, at most the profile's NIC queues", unit: 'queues', min: 1, integer: true,
    doc: 'NIC receive queues (RSS) per node; receive softirq runs on at most this many cores.',
    source: 'Multi-queue drivers (ixgbe, mlx5) open one combined queue per core by default (ethtool -l).',
  },
  linkGbps: {
    absent: "the profile's link rate (podpath profiles)", unit: 'Gbit/s', min: 0, minExclusive: true,
    doc: "Line rate of each node's link.",
    source: "Each profile gives its testbed's (profile-definition.ts): 10 GbE for xeon-2019-10gbe, 100 for ryzen-2021-100gbe, 40 for server-2024-40gbe, 10 for aws-c4-2015-vm.",
  },
  mtu: {
    absent: "the profile's underlay MTU", unit: 'bytes', min: 576, max: 65535, integer: true,
    doc: "Underlay MTU of the nodes' interfaces (1500, 9000 …); the pod MTU is it less the backend's overhead.",
    source: 'IPv4 minimum 576 (RFC 791) to the largest IP packet; each profile gives its testbed\'s (profile-definition.ts).',
  },
  gsoMaxBytes: {
    absent: "the profile's (65536)", unit: 'bytes', min: 1500, max: 65536, integer: true,
    doc: 'gso_max_size: the largest super-segment a sender hands down, IP packet bytes.',
    source: 'GSO_LEGACY_MAX_SIZE 65536 (include/linux/netdevice.h); BIG TCP raises it from 5.19, not modelled.',
  },
  groMaxBytes: {
    absent: "the profile's (65536)", unit: 'bytes', min: 1500, max: 65536, integer: true,
    doc: 'gro_max_size: the largest packet GRO merges, IP packet bytes.',
    source: 'GRO_LEGACY_MAX_SIZE 65536 (net/core/gro.c, include/linux/netdevice.h).',
  },
  zones: {
    absent: 'one zone', unit: 'zones', min: 1, integer: true,
    doc: 'Availability zones (topology.kubernetes.io/zone) the nodes are spread over: node i is in zone i mod zones, as a node pool spread evenly over zones places them.',
    source: 'A choice; cloud regions have 3 or more zones (AWS: at least three per region).',
  },
  zoneCrossingUs: {
    value: 300, unit: 'us', min: 0,
    doc: 'One-way delay a packet between nodes of different zones adds to the wire, beyond the in-zone propagation.',
    source: 'Half the extra round trip of a cross-zone ping over an in-zone one on AWS EC2: in-zone RTT 0.26-0.41 ms, cross-zone 0.94-1.13 ms in us-east-1 (orensol.com, 2009, "Network latency inside and across Amazon EC2 availability zones"), cross-zone ~0.82 ms average in eu-west-1 (Lukas Liesis, 2022); (1.0 - 0.35) / 2 = ~0.3 ms. AWS commits only to "single-digit millisecond latency".',
  },
} as const satisfies Parameters;

export interface ClusterConfig {
  nodes: number;
  coresPerNode: number;
  /** NIC receive queues (RSS) per node; receive softirq runs on at most this many cores. */
  rxQueues: number;
  /** Whether the NICs' RSS hash includes UDP ports (ethtool rx-flow-hash udp4 sdfn); addresses
   *  only when absent (ixgbe's default; a scenario gets its profile's, scenarios/wire.ts). */
  rxHashUdpPorts?: boolean;
  linkGbps: number;
  /** Underlay MTU of the nodes' interfaces, bytes; 1500 when absent. */
  mtu?: number;
  /** Offloads of the nodes' NICs and kernels; per segment (all off) when absent. */
  offloads?: Offloads;
  /** The kernel's queue limits on every node (kernel-queues.ts); their defaults when absent. */
  queues?: Partial<KernelQueues>;
  /** Availability zones, node i in zone i mod zones; one when absent. */
  zones?: number;
  /** One-way delay a packet crossing zones adds, ns (used when zones > 1). */
  zoneCrossingNs?: number;
}

/** The zone of `node` in a cluster of `zones` zones (topology.kubernetes.io/zone). */
export function zoneOf(node: number, zones: number | undefined): number {
  return node % (zones ?? 1);
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
  /** MSS-sized segments in this one (a TSO/GSO super-segment); 1 when absent. */
  segments?: number;
  /** A UDP datagram (or a UDP_SEGMENT train of `segments` datagrams) of a bulk UDP sender
   *  (udp-socket.ts) instead of a TCP segment: sendto() and recvfrom() each time, no TCP. */
  udp?: boolean;
}

/** Server port of every connection (iperf3's) and the client's ephemeral port of connection
 *  `flow`. */
export function connectionPorts(flow: number): [number, number] {
  return [40000 + flow, 5201];
}

/** A kind of segment (its shape and flow) with its path templates, compiled on first use, by
 *  (same node or not) × receive queues + the receive queue its flow hashes to. */
export interface SegmentKind {
  readonly segment: Segment;
  readonly outer: OuterHeader;
  readonly templates: (PathTemplate | undefined)[];
}

function kindKey(s: Segment): string {
  return `${s.payloadBytes}:${s.messageBytes}:${+s.first}${+s.last}:${s.flow ?? 0}:${+!!s.ack}:${s.segments ?? 1}${s.udp ? ':udp' : ''}`;
}

/** Compiled paths kept per pair of pods before the cache starts afresh. */
const pathCacheSize = 10_000;

export class Cluster {
  readonly carrier: PacketCarrier;
  readonly queues: KernelQueues;
  private readonly nodes = new Map<number, Node>();
  /** The same nodes by index, for the lookups of every packet (the Map keeps creation order). */
  private readonly byIndex: (Node | undefined)[];
  /** Compiled paths by pair of pods and kind of segment; cleared when it reaches `pathCacheSize`
   *  (a large cluster's traffic seldom repeats a pair, and binding a template is cheap). */
  private readonly paths = new Map<string, CompiledPath>();
  private readonly kinds = new Map<string, SegmentKind>();

  constructor(
    readonly sim: Simulation,
    readonly config: ClusterConfig,
    readonly profile: CostProfile,
    readonly backend: Backend,
    /** Whether packets pass netfilter rules (kube-proxy's) where they cross a host namespace. */
    readonly netfilter = false,
  ) {
    this.carrier = new PacketCarrier(sim);
    this.queues = { ...defaultKernelQueues, ...config.queues };
    this.byIndex = new Array<Node | undefined>(config.nodes).fill(undefined);
  }

  /** Payload per segment on pod interfaces, bytes. */
  get mssBytes(): number {
    return mssBytes(this.podMtu);
  }

  /** MTU of pod interfaces, bytes. */
  get podMtu(): number {
    return podMtu(this.backend, this.config.mtu ?? 1500);
  }

  get offloads(): Offloads {
    return this.config.offloads ?? perSegment;
  }

  /** The most MSS-sized segments a sender's stack hands down as one between two nodes. */
  get sendUnitSegments(): number {
    return sendUnitSegments(this.offloads, this.backend.offloadPath, this.mssBytes);
  }

  node(index: number): Node {
    let n = this.byIndex[index];
    if (n === undefined) {
      if (!(index >= 0 && index < this.config.nodes)) {
        throw new RangeError(`node ${index} does not exist (cluster has ${this.config.nodes})`);
      }
      n = new Node(this.sim, index, `node-${index}`, { cores: this.config.coresPerNode, rxQueues: this.config.rxQueues });
      this.nodes.set(index, n);
      this.byIndex[index] = n;
    }
    return n;
  }

  /** The nodes traffic has touched, by index. */
  activeNodes(): Node[] {
    return [...this.nodes.values()].sort((a, b) => a.index - b.index);
  }

  /** The compiled path of `segment` from pod `from` to pod `to`. */
  path(from: Pod, to: Pod, segment: Segment): CompiledPath {
    const key = `${from.name}>${to.name}:${kindKey(segment)}`;
    let path = this.paths.get(key);
    if (!path) {
      path = this.pathOf(from, to, this.kind(segment));
      if (this.paths.size >= pathCacheSize) this.paths.clear();
      this.paths.set(key, path);
    }
    return path;
  }

  /** The kind of `segment`, which callers sending many segments of one shape keep and pass to
   *  `pathOf`. */
  kind(segment: Segment): SegmentKind {
    const key = kindKey(segment);
    let k = this.kinds.get(key);
    if (!k) {
      const outer = this.backend.outerHeader(connectionPorts(segment.flow ?? 0));
      // A plain backend shows the NIC the pod's own transport header: UDP for a datagram.
      k = { segment, outer: segment.udp && outer.protocol === 'tcp' ? { ...outer, protocol: 'udp' } : outer, templates: [] };
      this.kinds.set(key, k);
    }
    return k;
  }

  /** A freshly bound path of a segment of `kind` from `from` to `to` (no cache by pods: what
   *  a large cluster's traffic, seldom repeating a pair of pods, uses). `ports`, when given, are
   *  the connection's own (client's ephemeral port, server's port): the receive queue is hashed
   *  from them instead of the kind's flow. */
  pathOf(from: Pod, to: Pod, kind: SegmentKind, ports?: readonly [number, number]): CompiledPath {
    const a = this.node(from.node), b = this.node(to.node);
    const q = this.rxQueueOf(from, to, b, kind, ports);
    return bindPath(this.template(from, to, kind, q, b), a, b, q);
  }

  /** Sends a segment of `kind` from `from` to `to` (on the connection of `ports`, as `pathOf`)
   *  through the carrier with netfilter work `senderNs` and `receiverNs` (`sendThroughHooks`),
   *  along its template without binding a path when its stations are the nodes' own. */
  sendThroughHooks<A>(
    from: Pod, to: Pod, kind: SegmentKind, ports: readonly [number, number] | undefined, senderNs: number, receiverNs: number,
    left: LeftSender<A> | undefined, done: (arg: A) => void, arg: A, dropped?: (arg: A) => void,
  ): void {
    const a = this.node(from.node), b = this.node(to.node);
    const q = this.rxQueueOf(from, to, b, kind, ports);
    const t = this.template(from, to, kind, q, b);
    if (t.coreOnly) this.carrier.sendAlong(t, a, b, q, senderNs, receiverNs, left, done, arg, dropped);
    else this.carrier.sendThroughHooks(bindPath(t, a, b, q), senderNs, receiverNs, left, done, arg, dropped);
  }

  /** The receive queue of node `b` a segment of `kind` from `from` lands on. */
  private rxQueueOf(from: Pod, to: Pod, b: Node, kind: SegmentKind, ports: readonly [number, number] | undefined): number {
    const outer = ports ? this.backend.outerHeader(ports) : kind.outer;
    return rxQueue(outer, from.node, to.node, this.config.rxHashUdpPorts ?? false, b.softirq.length);
  }

  /** The template of a segment of `kind` from `from` to `to` landing on receive queue `q` of `b`,
   *  compiled on first use. */
  private template(from: Pod, to: Pod, kind: SegmentKind, q: number, b: Node): PathTemplate {
    const queues = b.softirq.length;
    // Templates by receive queue, for other-node paths in the zone, the same node, and paths
    // crossing zones (their wire carries the zone crossing).
    const i = (from.node === to.node ? queues : this.crossesZones(from.node, to.node) ? 2 * queues : 0) + q;
    let template = kind.templates[i];
    if (!template) {
      template = compileTemplate(this.stages(from, to, kind.segment), from.node, this.queues);
      kind.templates[i] = template;
    }
    return template;
  }

  /** The stages of a segment's path, in order (what `podpath trace` prints), with `work` as the
   *  netfilter stages (placeholders when absent and the nodes run netfilter rules). */
  stages(from: Pod, to: Pod, segment: Segment, work?: NetfilterWork): Stage[] {
    const p = this.profile;
    const a = from.node, b = to.node;
    const udp = segment.udp === true;
    const ipBytes = udp ? udpPacketBytes(segment.payloadBytes) : ipPacketBytes(segment.payloadBytes);
    const sameNode = a === b;
    const n = segment.segments ?? 1;
    const o = this.offloads;
    // Execution contexts: the receiver's stack runs where the packet is handed to it (softirq, or
    // flanneld's write()); an application's segment is sent from its task, an ACK from the
    // context that received the data.
    const deliver: Resource = sameNode ? 'cpu' : (this.backend.deliveryResource ?? 'softirq');
    const send: Resource = segment.ack ? deliver : 'cpu';
    // Once for the train on the sender; per merged packet on the receiver.
    const merged = sameNode ? 1 : mergedPackets(o, this.backend.offloadPath, this.mssBytes, n);
    const checksumNs = o.checksum ? 0 : Math.round(p.checksumNsPerByte * segment.payloadBytes * n);
    // Host networking: the pods' sockets are in the node's namespace, with no veth or bridge.
    const pods = !this.backend.hostNetwork;
    const [txName, rxName] = udp ? ['udp/ip tx', 'udp/ip rx'] : ['tcp/ip tx', 'tcp/ip rx'];
    const podNs = (name: string): string => (pods ? `pod ${name}` : 'host');
    const stages: Stage[] = [
      ...withChecksum(udp ? udpSendStages(p, a, podNs(from.name), segment.payloadBytes * n) : sendStages(p, a, podNs(from.name), segment.messageBytes, segment.first, send), txName, checksumNs),
      ...(pods ? [vethStage(p, a, `pod ${from.name}`, 'host', send), bridgeStage(p, a, send)] : []),
    ];
    const netfilter = this.netfilter || work !== undefined;
    if (netfilter) stages.push(...hookStages('sender', a, send, work?.sender));
    if (!sameNode) {
      const ctx = { profile: p, from: a, to: b, ipBytes, senderResource: send };
      const txResource = this.backend.transmitResource ?? send;
      // A UDP_SEGMENT train is cut by software GSO (UDP segmentation offload is not modelled).
      const tso = !udp && hardwareSegmentation(o);
      stages.push(...this.backend.egress(ctx));
      if (n > 1 && !tso) stages.push({ name: `gso: skb_segment ×${n}`, node: a, netns: 'host', side: 'kernel', resource: txResource, ns: n * p.gsoSegmentNs });
      const [driverTx, ...wire] = transmitStages(p, a, wireBytes(ipBytes, this.backend.encapBytes), this.config.linkGbps, txResource, n);
      stages.push(
        times(driverTx, tso ? 1 : n),
        ...wire,
        ...(this.crossesZones(a, b) ? [{ name: `zone crossing: zone ${zoneOf(a, this.config.zones)} → zone ${zoneOf(b, this.config.zones)}`, node: a, netns: '-', side: 'wire' as const, resource: 'propagation' as const, ns: this.config.zoneCrossingNs ?? 0 }] : []),
        times(receiveStage(p, b), n),
        ...times(this.backend.ingress(ctx), merged),
        ...(netfilter ? hookStages('receiver', b, deliver, work?.receiver) : []),
        ...(pods ? [times(bridgeStage(p, b, deliver), merged)] : []),
      );
    }
    stages.push(
      ...(pods ? [times(vethStage(p, b, 'host', `pod ${to.name}`, deliver), merged)] : []),
      ...withChecksum(udp
        ? udpRecvStages(p, b, podNs(to.name), segment.payloadBytes * n, merged, deliver)
        : times(recvStages(p, b, podNs(to.name), segment.messageBytes, segment.last, deliver), merged, 'tcp/ip rx'), rxName, checksumNs),
    );
    return stages;
  }

  /** Whether nodes `a` and `b` are in different zones. */
  crossesZones(a: number, b: number): boolean {
    return zoneOf(a, this.config.zones) !== zoneOf(b, this.config.zones);
  }

  resetStats(): void {
    for (const n of this.nodes.values()) n.resetStats();
    this.carrier.resetStats();
  }
}

/** `stage` run `k` times for a train (its cost times k); the stage itself when k is 1. With
 *  `only`, an array's stages of that name only. */
function times(stage: Stage, k: number): Stage;
function times(stages: Stage[], k: number, only?: string): Stage[];
function times(x: Stage | Stage[], k: number, only?: string): Stage | Stage[] {
  const one = (s: Stage): Stage => (k === 1 || (only !== undefined && s.name !== only) ? s : { ...s, name: `${s.name} ×${k}`, ns: s.ns * k });
  return Array.isArray(x) ? x.map(one) : one(x);
}

/** `stages` with the software checksum's `ns` added to the stage named `name` (or named so with
 *  a repeat count). */
function withChecksum(stages: Stage[], name: string, ns: number): Stage[] {
  if (ns === 0) return stages;
  return stages.map((s) => (s.name === name || s.name.startsWith(`${name} ×`) ? { ...s, name: `${s.name} + csum`, ns: s.ns + ns } : s));
}
