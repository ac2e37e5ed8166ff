/**
 * glibc's `use-vc` (send_vc): the lookup asks over TCP. A connection to the kube-dns Service
 * (its SYN is the flow's only new packet: a selection, a conntrack entry on each node, nothing
 * to race with), the SYN-ACK back, then both queries in one message (each with its 2-byte length)
 * and both answers in one. Simplifications: the ACK rides on the queries; the connection is not
 * torn down (its entry ages out); a lost segment is not retransmitted, the resolver's timeout
 * runs out instead.
 */
import { control } from '../services/connection-packets.ts';
import { answerBytes, type DnsAsker, type DnsPaths, dnsSegment, queryBytes } from './dns-resolver.ts';

const queries = dnsSegment(2 * (queryBytes + 2));
const answers = dnsSegment(2 * (answerBytes + 2));

export class DnsOverTcp {
  constructor(private readonly d: DnsPaths) {}

  /** Asks for both records; `answered()` when the answers are in, `lost()` if a packet was
   *  dropped. False (nothing sent) when the client's table is full. */
  ask(client: DnsAsker, answered: () => void, lost: () => void): boolean {
    const { sim, cluster, catalogue, proxy, conntrack, packets, service } = this.d;
    const p = cluster.profile;
    const a = client.node;
    const ta = conntrack(a);
    if (ta.insert(sim.now, 'established') === null) return false;
    const sel = proxy.select(a, service, client.addr, sim.now);
    const node = catalogue.endpointNode(service, sel.endpoint);
    const conn = { client, node, server: { name: `endpoints@node-${node}`, node } };
    const release = (): void => proxy.closed(a, service, sel.endpoint, sim.now);
    const dropped = (): void => {
      release();
      lost();
    };
    const senderNs = p.syscallNs + p.tcpConnectNs + ta.lookupNs(false) + p.conntrackInsertNs + sel.ns + proxy.connectNs;
    const receiverNs = node !== a ? conntrack(node).lookupNs(false) + p.conntrackInsertNs + proxy.unmatchedNs : 0;
    packets.send(client.pod, conn.server, control, { senderNs, receiverNs }, () => {
      if (node !== a && conntrack(node).insert(sim.now, 'established') === null) {
        cluster.carrier.reject(`node-${node}`, 'conntrack_full', true);
        return dropped();
      }
      packets.send(conn.server, client.pod, control, packets.toClient(conn), () => {
        packets.send(client.pod, conn.server, queries, packets.toServer(conn), () => {
          cluster.node(node).cpu.request(this.d.serviceNs, () => packets.send(conn.server, client.pod, answers, packets.toClient(conn), () => {
            release();
            answered();
          }, null, undefined, dropped));
        }, null, undefined, dropped);
      }, null, undefined, dropped);
    }, null, undefined, dropped);
    return true;
  }
}
