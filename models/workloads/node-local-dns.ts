/**
 * NodeLocal DNSCache: a CoreDNS cache in the host network namespace of every node, listening on
 * a link-local address (169.254.20.10) whose traffic the raw table NOTRACKs, so a pod's query
 * gets no conntrack entry and no DNAT (one raw-table rule at its one host-namespace crossing each
 * way), and A and AAAA from one socket cannot clash. A hit is answered after the cache's answer time on the client's node; a
 * miss is forwarded to kube-dns over the cache's kept-open TCP connection (force_tcp) to one
 * endpoint, selected once per node, and answered when kube-dns's answer is back.
 * Simplifications: the hit draw is per query (no TTLs, no per-name state); the upstream
 * connection is established once and never torn down; a lost segment is not retransmitted.
 */
import type { RandomStream } from '../../sim/index.ts';
import type { Pod } from '../datapath/cluster.ts';
import type { Parameters } from '../parameters.ts';
import { answerBytes, type DnsAsker, type DnsPaths, dnsSegment, queryBytes } from './dns-resolver.ts';

/** NodeLocal DNSCache's scenario knob (`traffic.nodeLocalDnsHitRatio`), declared once. */
export const nodeLocalDnsParameters = {
  hitRatio: {
    absent: 'no NodeLocal DNSCache', unit: 'fraction', min: 0, max: 1,
    doc: 'NodeLocal DNSCache on every node: the fraction of queries its cache answers; misses go to kube-dns over TCP.',
    source: 'No default: a workload property (how often names repeat within their TTL).',
  },
} as const satisfies Parameters;

const query = dnsSegment(queryBytes);
const answer = dnsSegment(answerBytes);
/** TCP DNS messages carry a 2-byte length (RFC 1035 4.2.2). */
const tcpLengthBytes = 2;

export class NodeLocalDns {
  /** The endpoint each node's cache keeps its upstream connection to. */
  private readonly upstreams = new Map<number, number>();

  constructor(
    private readonly d: DnsPaths,
    private readonly hitRatio: number,
    private readonly hits: RandomStream,
  ) {}

  /** One query from `client` to its node's cache; `answered()` when the answer is back. */
  ask(client: DnsAsker, answered: () => void): void {
    const { cluster, packets } = this.d;
    const a = client.node;
    const cache: Pod = { name: `node-local-dns@node-${a}`, node: a };
    const notrackNs = cluster.profile.iptablesRuleNs;
    const back = (): void => packets.send(cache, client.pod, answer, { senderNs: notrackNs, receiverNs: 0 }, answered, null);
    packets.send(client.pod, cache, query, { senderNs: notrackNs, receiverNs: 0 }, () => {
      const hit = this.hits.random() < this.hitRatio;
      cluster.node(a).cpu.request(this.d.serviceNs, () => (hit ? back() : this.upstream(client, back)));
    }, null);
  }

  /** A miss: the query to kube-dns on the node's connection, CoreDNS, the answer back. */
  private upstream(client: DnsAsker, then: () => void): void {
    const { catalogue, cluster, packets, service } = this.d;
    const node = catalogue.endpointNode(service, this.endpoint(client));
    const ends = { client, node, server: { name: `endpoints@node-${node}`, node } };
    packets.message(ends, queryBytes + tcpLengthBytes, true, () => {
      cluster.node(node).cpu.request(this.d.serviceNs, () => packets.message(ends, answerBytes + tcpLengthBytes, false, then));
    });
  }

  private endpoint(client: DnsAsker): number {
    let e = this.upstreams.get(client.node);
    if (e === undefined) {
      e = this.d.proxy.select(client.node, this.d.service, client.addr, this.d.sim.now).endpoint;
      this.upstreams.set(client.node, e);
    }
    return e;
  }
}
