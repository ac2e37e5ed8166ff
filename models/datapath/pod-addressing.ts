/**
 * The cluster's one address scheme. IP-per-Pod addressing: the cluster CIDR is carved into one pod
 * CIDR per node (what the controller-manager's node IPAM does with `--cluster-cidr` and
 * `--node-cidr-mask-size`), and a pod's address is taken from its node's CIDR. Service ClusterIPs
 * come from the Service CIDR (kube-apiserver `--service-cluster-ip-range`). CIDRs are parsed with
 * `ipaddr.js` once; the simulation's hot path reads addresses as 32-bit integers from the
 * precomputed bases, `trace` and validation as strings.
 * Simplifications: IPv4 only; node i gets the i-th CIDR in order (no allocator holes), pod k the
 * (k + 1)-th host address of it (the first is left to the bridge, as cni0 takes it); Service s the
 * (s + 2)-th address of the Service CIDR (the first, x.x.x.1, is the `kubernetes` Service's), in
 * index order where the apiserver allocates at random.
 */
import ipaddr from 'ipaddr.js';
import type { Parameters } from '../parameters.ts';

/** The Service CIDR: kubeadm's default `--service-cluster-ip-range` (not a scenario field). */
export const serviceCidr = '10.96.0.0/12';

/** The numeric knobs of the address scheme (`cluster:`), declared once. */
export const podAddressingParameters = {
  nodeCidrMaskSize: {
    value: 24, unit: 'prefix bits', min: 1, integer: true,
    doc: "Prefix length of each node's pod CIDR (kube-controller-manager --node-cidr-mask-size).",
    source: "kube-controller-manager's IPv4 default, /24 (256 addresses per node).",
  },
  podsPerNode: {
    value: 110, unit: 'pods', min: 1, integer: true,
    doc: 'Pods per node.',
    source: "kubelet's default --max-pods, 110.",
  },
} as const satisfies Parameters;

export interface AddressingConfig {
  /** Cluster CIDR, e.g. "10.0.0.0/11". */
  clusterCidr: string;
  /** Prefix length of each node's pod CIDR (Kubernetes `--node-cidr-mask-size`, default 24). */
  nodeCidrMaskSize: number;
  nodes: number;
  podsPerNode: number;
}

/** Why a configuration does not fit, naming the scenario fields involved; null when it fits. */
export function addressingProblem(c: AddressingConfig): { fields: string[]; value: unknown; allowed: string } | null {
  if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(c.clusterCidr)) {
    return { fields: ['cluster', 'clusterCidr'], value: c.clusterCidr, allowed: 'must be an IPv4 CIDR such as 10.0.0.0/11' };
  }
  const [, prefix] = ipaddr.IPv4.parseCIDR(c.clusterCidr);
  if (c.nodeCidrMaskSize <= prefix || c.nodeCidrMaskSize > 30) {
    return {
      fields: ['cluster', 'nodeCidrMaskSize'], value: c.nodeCidrMaskSize,
      allowed: `must be longer than the cluster CIDR's /${prefix} and at most 30`,
    };
  }
  const nodeCidrs = 2 ** (c.nodeCidrMaskSize - prefix);
  if (c.nodes > nodeCidrs) {
    return {
      fields: ['cluster', 'nodes'], value: c.nodes,
      allowed: `cluster.clusterCidr ${c.clusterCidr} split into /${c.nodeCidrMaskSize}s holds ${nodeCidrs} nodes: use a shorter cluster prefix or a longer cluster.nodeCidrMaskSize`,
    };
  }
  const hosts = 2 ** (32 - c.nodeCidrMaskSize) - 3;
  if (c.podsPerNode > hosts) {
    return {
      fields: ['cluster', 'podsPerNode'], value: c.podsPerNode,
      allowed: `a /${c.nodeCidrMaskSize} per node holds ${hosts} pods (network, bridge and broadcast addresses taken)`,
    };
  }
  return null;
}

export class PodAddressing {
  private readonly base: number;
  private readonly prefix: number;
  /** Addresses per node CIDR. */
  private readonly nodeSize: number;
  private readonly serviceBase: number;

  constructor(readonly config: AddressingConfig) {
    const problem = addressingProblem(config);
    if (problem) throw new RangeError(`${problem.fields.join('.')}: ${String(problem.value)} (${problem.allowed})`);
    const [ip, prefix] = ipaddr.IPv4.parseCIDR(config.clusterCidr);
    this.base = (toInt(ip) & mask(prefix)) >>> 0;
    this.prefix = prefix;
    this.nodeSize = 2 ** (32 - config.nodeCidrMaskSize);
    const [svc, svcPrefix] = ipaddr.IPv4.parseCIDR(serviceCidr);
    this.serviceBase = (toInt(svc) & mask(svcPrefix)) >>> 0;
  }

  /** Address of pod `pod` on node `node` as a 32-bit number (hot path: not checked). */
  podAddr(node: number, pod: number): number {
    return this.base + node * this.nodeSize + 2 + pod;
  }

  /** Service `s`'s ClusterIP as a 32-bit number (hot path: not checked). */
  clusterIpAddr(s: number): number {
    return this.serviceBase + 2 + s;
  }

  /** Service `s`'s ClusterIP, e.g. "10.96.0.2". */
  clusterIp(s: number): string {
    return fromInt(this.clusterIpAddr(s));
  }

  /** How many node CIDRs the cluster CIDR holds. */
  get capacityNodes(): number {
    return 2 ** (this.config.nodeCidrMaskSize - this.prefix);
  }

  /** Node `index`'s pod CIDR, e.g. "10.0.3.0/24". */
  nodeCidr(index: number): string {
    this.checkNode(index);
    return `${fromInt(this.base + index * this.nodeSize)}/${this.config.nodeCidrMaskSize}`;
  }

  /** Address of pod `pod` (0-based) on node `node`. */
  podIp(node: number, pod: number): string {
    this.checkNode(node);
    if (!(Number.isInteger(pod) && pod >= 0 && pod < this.config.podsPerNode)) {
      throw new RangeError(`pod ${pod} does not exist (podsPerNode is ${this.config.podsPerNode})`);
    }
    return fromInt(this.podAddr(node, pod));
  }

  /** The node whose pod CIDR holds `ip`, or -1 (the lookup a route table or flanneld does). */
  nodeOf(ip: string): number {
    const addr = ipaddr.IPv4.parse(ip);
    const [net, prefix] = ipaddr.IPv4.parseCIDR(this.config.clusterCidr);
    if (!addr.match(net, prefix)) return -1;
    const node = Math.floor((toInt(addr) - this.base) / this.nodeSize);
    return node < this.config.nodes ? node : -1;
  }

  private checkNode(index: number): void {
    if (!(Number.isInteger(index) && index >= 0 && index < this.config.nodes)) {
      throw new RangeError(`node ${index} does not exist (cluster has ${this.config.nodes})`);
    }
  }
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

function toInt(ip: ipaddr.IPv4): number {
  return ip.toByteArray().reduce((n, b) => n * 256 + b, 0);
}

function fromInt(n: number): string {
  return new ipaddr.IPv4([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]).toString();
}
