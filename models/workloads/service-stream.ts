/**
 * A bulk stream (iperf3) to a Service's ClusterIP instead of the pod's IP: what netfilter and the
 * proxy mode add to every segment. At the stream's start the client node's proxy selects once
 * (the SYN's walk or lookup, charged to the client's CPU) and each end inserts one conntrack
 * entry; then every data segment pays a conntrack hit and the translation on the client's node and
 * a hit on the server's, every ACK the reverse, and both the proxy's filter-table rules. With the
 * userspace proxy every data segment also passes through the proxy thread on the client's node:
 * received on one socket and sent on the other (two TCP traversals, two copies, a wake-up and two
 * system calls per segment), so the stream is bound by that one thread. With proxy.mode none only
 * conntrack remains: the pod-IP baseline. Simplifications: the stream's server pod is the
 * Service's endpoint whatever the proxy picks; the userspace proxy wakes for every segment (no
 * batching of reads), and its own ACKs are the kernel's.
 */
import type { Streams } from '../../sim/index.ts';
import type { Cluster } from '../datapath/cluster.ts';
import type { HookCosts } from '../services/connection-packets.ts';
import { type AddressingConfig, PodAddressing } from '../datapath/pod-addressing.ts';
import { ConntrackTable, kubeProxyConntrackMax, kubeProxyTimeoutsNs } from '../netfilter/conntrack-table.ts';
import type { ProxyConfig } from '../services/proxier.ts';
import type { ServiceCatalogueConfig } from '../services/service-catalogue.ts';
import { createProxy } from '../services/service-proxy.ts';
import { relaySegmentNs } from '../services/userspace-proxier.ts';

export interface ServiceStreamConfig {
  addressing: AddressingConfig;
  proxy: ProxyConfig;
  catalogue: ServiceCatalogueConfig;
}

/** Netfilter's work on a stream's segments, and the userspace proxy's relay when there is one. */
export interface StreamNetfilter {
  data: HookCosts;
  ack: HookCosts;
  /** Passes a data segment through the userspace proxy's thread; null for the kernel modes. */
  relay: ((then: () => void) => void) | null;
  /** Rules in the proxy mode's tables. */
  rules: number;
}

export function serviceStream(cluster: Cluster, config: ServiceStreamConfig, clientNode: number, serverNode: number, streams: Streams): StreamNetfilter {
  const p = cluster.profile;
  const proxy = createProxy(config.proxy, config.catalogue, p, streams, new PodAddressing(config.addressing));
  const max = kubeProxyConntrackMax(cluster.config.coresPerNode);
  const table = (): ConntrackTable => new ConntrackTable({ max, buckets: Math.floor(max / 4), timeoutsNs: kubeProxyTimeoutsNs }, p);
  const ta = table(), tb = table();
  ta.insert(0, 'established');
  tb.insert(0, 'established');
  const selection = proxy.select(clientNode, 0, 0, 0);
  cluster.node(clientNode).cpu.request(p.syscallNs + p.tcpConnectNs + proxy.connectNs + p.conntrackInsertNs + selection.ns, () => {});
  const f = proxy.filterNs;
  const remote = clientNode !== serverNode;
  const hitB = remote ? tb.lookupNs(true) : 0;
  const clientSide = ta.lookupNs(true) + proxy.translateNs + f;
  const serverSide = remote ? hitB + f : 0;
  const relayNs = relaySegmentNs(p, cluster.mssBytes);
  const proxyStation = proxy.mode === 'userspace' ? cluster.node(clientNode).station('proxy') : null;
  return {
    data: { senderNs: clientSide, receiverNs: serverSide },
    ack: { senderNs: serverSide, receiverNs: clientSide },
    relay: proxyStation ? (then) => proxyStation.request(relayNs, then) : null,
    rules: proxy.rules,
  };
}
