/**
 * The DNS lookup a client makes before opening a connection: its resolver sends one UDP query to
 * the cluster DNS Service (kube-dns, the last Service of the catalogue), which the proxy
 * load-balances like any Service: a new UDP flow, so a selection and a conntrack entry with the
 * UDP timeout on each node it crosses. CoreDNS answers from its cache after a service time on its
 * node; the answer comes back translated from conntrack. A query dropped at a full conntrack table
 * or at a full kernel queue is retried after the resolver's timeout (glibc: 5 s, 2 attempts),
 * then the lookup fails.
 * Simplifications: one query per lookup (an A record for a fully qualified name: no search-list
 * expansion, no parallel AAAA query), no DNS-side queueing beyond its node's CPU.
 */
import type { Simulation } from '../../sim/index.ts';
import type { Cluster, Pod, Segment } from '../datapath/cluster.ts';
import type { ConnectionPackets } from '../services/connection-packets.ts';
import type { ConntrackTable } from '../netfilter/conntrack-table.ts';
import type { ServiceCatalogue } from '../services/service-catalogue.ts';
import type { ServiceProxy } from '../services/proxier.ts';
import type { Parameters } from '../parameters.ts';

/** The lookup's one scenario knob (`traffic.dnsAnswerUs`), declared once. */
export const dnsLookupParameters = {
  answerUs: {
    absent: 'no lookups', unit: 'us', min: 0,
    doc: "CoreDNS's time to answer a lookup from its cache, made before each new connection through the kube-dns Service (the last Service).",
    source: 'No default: the scenario gives the answer time it wants to study, or makes no lookups.',
  },
} as const satisfies Parameters;

/** glibc resolver `options timeout:5 attempts:2` defaults. */
const resolverTimeoutNs = 5e9;
const resolverAttempts = 2;
/** A query or an answer for one A record, bytes of UDP payload (header 12 + question ~30 + answer). */
const queryBytes = 48;
const answerBytes = 64;
const segment = (bytes: number): Segment => ({ payloadBytes: bytes, messageBytes: bytes, first: true, last: true });
const query = segment(queryBytes);
const answerSegment = segment(answerBytes);

export interface DnsClient {
  node: number;
  pod: Pod;
  addr: number;
}

interface Lookup {
  client: { node: number; pod: Pod };
  node: number;
  server: Pod;
  endpoint: number;
  attempts: number;
  /** When the current attempt's query was sent, ns: its timeout runs from there. */
  sentNs: number;
  done: () => void;
  failed: () => void;
}

export class DnsLookups {
  /** Queries dropped at a full conntrack table. */
  drops = 0;
  private readonly service: number;

  constructor(
    private readonly sim: Simulation,
    private readonly cluster: Cluster,
    private readonly catalogue: ServiceCatalogue,
    private readonly proxy: ServiceProxy,
    private readonly conntrack: (node: number) => ConntrackTable,
    private readonly packets: ConnectionPackets,
    private readonly serviceNs: number,
  ) {
    this.service = catalogue.groups.services - 1;
  }

  /** Resolves a Service name for `client`; `done()` when the answer is in, `failed()` if none. */
  resolve(client: DnsClient, done: () => void, failed: () => void): void {
    this.query({ client, node: -1, server: client.pod, endpoint: -1, attempts: 0, sentNs: 0, done, failed }, client.addr);
  }

  private query(l: Lookup, addr: number): void {
    const p = this.cluster.profile;
    const a = l.client.node;
    const now = this.sim.now;
    l.sentNs = now;
    const ta = this.conntrack(a);
    if (ta.insert(now, 'udp') === null) return this.retry(l, addr, a, false);
    const sel = this.proxy.select(a, this.service, addr, now);
    l.endpoint = sel.endpoint;
    l.node = this.catalogue.endpointNode(this.service, sel.endpoint);
    l.server = { name: `endpoints@node-${l.node}`, node: l.node };
    const senderNs = ta.lookupNs(false) + p.conntrackInsertNs + sel.ns + this.proxy.connectNs;
    const receiverNs = l.node !== a ? this.conntrack(l.node).lookupNs(false) + p.conntrackInsertNs + this.proxy.unmatchedNs : 0;
    this.packets.send(l.client.pod, l.server, query, { senderNs, receiverNs }, (x: Lookup) => this.answer(x, addr), l, undefined, (x: Lookup) => this.lost(x, addr));
  }

  private answer(l: Lookup, addr: number): void {
    if (l.node !== l.client.node && this.conntrack(l.node).insert(this.sim.now, 'udp') === null) return this.retry(l, addr, l.node, true);
    this.cluster.node(l.node).cpu.request(this.serviceNs, () => {
      this.packets.send(l.server, l.client.pod, answerSegment, this.packets.toClient(l), (x: Lookup) => {
        this.proxy.closed(x.client.node, this.service, x.endpoint, this.sim.now);
        x.done();
      }, l, undefined, (x: Lookup) => this.lost(x, addr));
    });
  }

  /** The query was dropped at a full table on `node` (after it arrived there: `delivered`); the
   *  resolver hears nothing until its timeout runs out. */
  private retry(l: Lookup, addr: number, node: number, delivered: boolean): void {
    this.drops++;
    this.cluster.carrier.reject(`node-${node}`, 'conntrack_full', delivered);
    this.timeOut(l, addr);
  }

  /** The query or the answer was dropped at a kernel queue: the selection is over, and no answer
   *  will come. */
  private lost(l: Lookup, addr: number): void {
    this.proxy.closed(l.client.node, this.service, l.endpoint, this.sim.now);
    this.timeOut(l, addr);
  }

  /** No answer will come: the resolver tries again when its timeout since the query runs out, or
   *  gives up. */
  private timeOut(l: Lookup, addr: number): void {
    const last = ++l.attempts >= resolverAttempts;
    this.sim.schedule(l.sentNs + resolverTimeoutNs - this.sim.now, () => (last ? l.failed() : this.query(l, addr)));
  }
}
