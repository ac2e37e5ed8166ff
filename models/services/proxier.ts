/**
 * The contract every kube-proxy mode implements. What a kube-proxy mode does to a connection's packets, as costs and choices: the CPU its
 * service selection costs on the client's node for a new connection's first packet, the endpoint
 * it picks, what the first packet of a flow that matches no Service costs (the endpoint's node
 * sees the already-translated packet), what translating every later packet costs, and its rule
 * count. The connection model (connection-lifecycle.ts, service-traffic.ts) places these costs on the packet path; only a
 * new connection's first packet asks for a selection, later packets go by conntrack.
 */
import type { IpvsSchedulerName } from './ipvs-scheduler.ts';
import type { KubeProxyVersion, RulesetOptions } from './kube-proxy-ruleset.ts';
import type { EndpointSets } from './endpoint-sets.ts';
import type { ClientIpAffinity } from './session-affinity.ts';
import type { IpvsConnReuse, IpvsConnReuseConfig } from './ipvs-conn-reuse.ts';

/** `none`: no Service, the client connects to a pod IP (direct-pod-ip.ts). */
export type ProxyMode = 'iptables' | 'ipvs' | 'nftables' | 'ebpf' | 'userspace' | 'none';
export const proxyModes: ProxyMode[] = ['iptables', 'ipvs', 'nftables', 'ebpf', 'userspace', 'none'];

/** How clients address a Service: its ClusterIP, or a NodePort on their own node's address
 *  (externalTrafficPolicy Cluster: DNAT to an endpoint and MASQUERADE to the node's address). */
export type ServiceAddress = 'clusterIP' | 'nodePort';

export interface ProxyConfig {
  mode: ProxyMode;
  /** iptables rule layout (KUBE-SERVICES rules per Service). */
  version: KubeProxyVersion;
  scheduler: IpvsSchedulerName;
  via: ServiceAddress;
  /** IPVS's handling of reused client ports (ipvs-conn-reuse.ts); absent: not modelled. */
  ipvsConnReuse?: IpvsConnReuseConfig;
  /** externalTrafficPolicy of the NodePorts; Cluster when absent. */
  externalTrafficPolicy?: 'Cluster' | 'Local';
  /** sessionAffinity ClientIP's timeout, ns; absent: no affinity. */
  affinityTimeoutNs?: number;
  /** trafficDistribution of the Services; absent: none (no topology hints). */
  trafficDistribution?: 'PreferClose' | 'PreferSameNode';
}

/** What the translating modes (iptables, nftables, IPVS) take beside their costs: the endpoints a
 *  node programs per Service (all of them when absent) and the client-address affinity (none when
 *  absent). */
export interface ServiceOptions {
  endpoints?: EndpointSets;
  affinity?: ClientIpAffinity;
}

/** What the options change in the rulesets (kube-proxy-ruleset.ts), the nodes' layouts apart. */
export function rulesetOptions(options: ServiceOptions): RulesetOptions {
  return { affinity: options.affinity !== undefined, local: options.endpoints?.localPolicy ?? false };
}

export interface Selection {
  /** Endpoint index within the Service. */
  endpoint: number;
  /** CPU on the client's node, ns. */
  ns: number;
  /** Rules evaluated (iptables and userspace; 0 for the hash-based modes). */
  rulesWalked: number;
  /** Whether the connection is masqueraded (SNAT to the node's address). */
  masquerade: boolean;
  /** With session affinity: whether the client's remembered endpoint was taken. */
  sticky?: boolean;
  /** The chains it went through, for `trace`, where they differ from the mode's usual ones. */
  chains?: string;
}

export interface ServiceProxy {
  readonly mode: ProxyMode;
  /** Rules (iptables or nftables) on every node; their mean over the nodes when the Service
   *  options make the nodes differ. */
  readonly rules: number;
  /** Each node's rules, when the Service options make them differ (policy Local, topology hints). */
  readonly rulesByNode?: readonly number[] | null;
  /** CPU added to connect() on the client (socket-level load balancing), ns. */
  readonly connectNs: number;
  /** Whether the client node's conntrack entry records a translation (no: eBPF at connect()). */
  readonly translates: boolean;
  /** CPU of a new flow's first packet on a node where it matches no Service, ns. */
  readonly unmatchedNs: number;
  /** CPU of translating a later packet of a connection on the client's node, ns. */
  readonly translateNs: number;
  /** CPU of the proxy's filter-table rules (KUBE-FORWARD) for every packet crossing a node's host
   *  namespace, ns. */
  readonly filterNs: number;
  /** IPVS's connection table for reused client ports (IPVS mode with it modelled only). */
  readonly reuse?: IpvsConnReuse | null;
  /** Service selection for a new connection from `sourceAddr` on `node` to Service `s`. */
  select(node: number, s: number, sourceAddr: number, nowNs: number): Selection;
  /** The connection to endpoint `endpoint` of Service `s`, started on `node`, has closed. */
  closed(node: number, s: number, endpoint: number, nowNs: number): void;
}

