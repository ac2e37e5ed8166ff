/**
 * The DNS lookup a client makes before opening a connection, as glibc's resolver makes it
 * (resolv/res_send.c send_dg): an A query, and by default an AAAA query too, to the cluster DNS
 * Service (kube-dns, the last Service of the catalogue) from one UDP socket, so one 5-tuple. Both
 * go out of one sendmmsg(); each new flow's first packet gets a selection (DNAT) and a conntrack
 * entry, created at PREROUTING and confirmed when it leaves POSTROUTING (conntrack-confirm.ts).
 * The race, from per-core timing: a packet that finds a core free runs its whole sending path
 * inline in the sender's context (the veth hands it to the host namespace's softirq on the same
 * core), so the AAAA follows only when the A has left: no overlap. A packet that finds every core
 * busy waits (softirq deferred) and sendmmsg() goes on, so both wait and start on whichever cores
 * free up; when the AAAA's entry is created before the A's is confirmed, the two clash at confirm
 * and, on kernels that do not resolve the clash, the AAAA is dropped (`insert_failed`).
 * The resolver's timeout (5 s) then runs out with one answer in, and glibc switches to sending
 * the queries one after the other on the same socket and tries again (the first stall stays).
 * `single-request` sends them one after the other from the start; `single-request-reopen` too
 * (send_dg sets single_request from either option) and opens a new socket (a new source port)
 * for the AAAA; neither can race. `use-vc` asks over TCP (dns-over-tcp.ts), NodeLocal DNSCache
 * answers on the client's node without conntrack or DNAT (node-local-dns.ts).
 * CoreDNS answers after a service time on its node. A query dropped (full table, full queue,
 * clash) goes unanswered; with no answer at all the resolver resends after its timeout, and gives
 * up after 2 attempts. Simplifications: no search-list expansion; a queued packet's selection is
 * made (and charged) when it is sent even when, by its turn, the other query's entry is confirmed
 * and it is merged into it; the loser's entry is not taken back from the node's table.
 */
import type { RandomStream, Simulation } from '../../sim/index.ts';
import { TraceSource } from '../../sim/index.ts';
import type { Cluster, Pod } from '../datapath/cluster.ts';
import type { ConnectionPackets } from '../services/connection-packets.ts';
import type { ConntrackTable } from '../netfilter/conntrack-table.ts';
import { atLeast, ConfirmTable } from '../netfilter/conntrack-confirm.ts';
import type { ServiceCatalogue } from '../services/service-catalogue.ts';
import type { ServiceProxy } from '../services/proxier.ts';
import type { Parameters } from '../parameters.ts';
import { answerBytes, type DnsAsker, type DnsOptions, dnsSegment, queryBytes, type ResolverMode, resolverAttempts, resolverTimeoutNs } from './dns-resolver.ts';
import { NodeLocalDns } from './node-local-dns.ts';
import { DnsOverTcp } from './dns-over-tcp.ts';

export type { DnsOptions, ResolverMode };

/** A point's lookups: CoreDNS's answer time and the resolver's settings. */
export interface DnsConfig extends DnsOptions {
  answerNs: number;
}

/** The lookup's scenario knobs, declared once. */
export const dnsLookupParameters = {
  answerUs: {
    absent: 'no lookups', unit: 'us', min: 0,
    doc: "CoreDNS's time to answer a lookup from its cache, made before each new connection through the kube-dns Service (the last Service).",
    source: 'No default: the scenario gives the answer time it wants to study, or makes no lookups.',
  },
} as const satisfies Parameters;

const query = dnsSegment(queryBytes);
const answerSegment = dnsSegment(answerBytes);
/** The UDP source ports a resolver's sockets get, ip_local_port_range 32768-60999, in turn. */
const firstPort = 32768;
const ports = 60999 - 32768 + 1;
/** nf_conntrack_udp_timeout: how long an unreplied entry keeps its key. */
const udpEntryNs = 30e9;

export type DnsClient = DnsAsker;

/** One lookup (one getaddrinfo()), as trace sinks see it. */
export interface Lookup {
  client: DnsClient;
  startNs: number;
  /** The socket's source port (a reopen takes the next). */
  port: number;
  attempts: number;
  /** The queries go one after the other (a mode that says so, or glibc's switch after a stall). */
  sequential: boolean;
  reopened: boolean;
  /** A query of it was dropped (it waits a timeout). */
  stalled: boolean;
  /** Queries of this lookup, and those answered in the current try. */
  wanted: number;
  answered: number;
  /** The current try (stale answers and timers of an earlier one are ignored). */
  try: number;
  done: () => void;
  failed: () => void;
}

/** One query on its way: its lookup, which record, the endpoint it was sent to. */
interface Query {
  l: Lookup;
  try: number;
  client: { node: number; pod: Pod };
  node: number;
  server: Pod;
  endpoint: number;
  /** Its netfilter work at the client's crossing, ns: the window from entry creation to confirm. */
  hookNs: number;
  /** Its entry was inserted at confirm (it is the flow's first): the endpoint's node inserts one. */
  inserted: boolean;
  /** The AAAA to send once this query has left the node (sendmmsg's second message). */
  then: Query | null;
}

export class DnsLookups {
  /** Queries dropped at a full conntrack table. */
  drops = 0;
  /** Every lookup when it starts, and when it ends, answered or failed. */
  readonly started = new TraceSource<Lookup>();
  readonly ended = new TraceSource<Lookup>();
  /** A lookup when a query of it is first dropped: it will wait out a resolver timeout. */
  readonly stalled = new TraceSource<Lookup>();
  /** A query dropped at confirm (`insert_failed`), at the time of the drop. */
  readonly insertFailed = new TraceSource<number>();
  private readonly service: number;
  private readonly confirmTables = new Map<number, ConfirmTable>();
  private readonly opened = new Map<number, number>();
  /** Stages of the query's path after the client node's netfilter, by same node or not, ns. */
  private readonly afterHookNs = new Map<boolean, number>();
  private readonly tcp: DnsOverTcp;
  private readonly nodeLocal: NodeLocalDns | null;

  constructor(
    private readonly sim: Simulation,
    private readonly cluster: Cluster,
    private readonly catalogue: ServiceCatalogue,
    private readonly proxy: ServiceProxy,
    private readonly conntrack: (node: number) => ConntrackTable,
    private readonly packets: ConnectionPackets,
    private readonly serviceNs: number,
    private readonly options: DnsOptions,
    /** NodeLocal DNSCache's hit draws (needed with a hit ratio). */
    hits: RandomStream | null = null,
  ) {
    this.service = catalogue.config.services - 1;
    const paths = { sim, cluster, catalogue, proxy, conntrack, packets, service: this.service, serviceNs };
    this.tcp = new DnsOverTcp(paths);
    const ratio = options.nodeLocalHitRatio;
    if (ratio !== null && hits === null) throw new RangeError('NodeLocal DNSCache needs a stream for its hit draws');
    this.nodeLocal = ratio === null ? null : new NodeLocalDns(paths, ratio, hits!);
  }

  /** Resolves a Service name for `client`; `done()` when the answers are in, `failed()` if none. */
  resolve(client: DnsClient, done: () => void, failed: () => void): void {
    const o = this.options;
    const l: Lookup = {
      client, startNs: this.sim.now, port: this.nextPort(client.node), attempts: 0, try: 0, done, failed,
      sequential: o.resolver === 'single-request' || o.resolver === 'single-request-reopen', reopened: false, stalled: false,
      wanted: o.queries === 'A' ? 1 : 2, answered: 0,
    };
    if (this.started.active) this.started.emit(l);
    this.send(l);
  }

  /** A query of `l` was dropped: the lookup will wait out its timeout. */
  private dropped(l: Lookup): void {
    if (l.stalled) return;
    l.stalled = true;
    if (this.stalled.active) this.stalled.emit(l);
  }

  private nextPort(node: number): number {
    const n = this.opened.get(node) ?? 0;
    this.opened.set(node, n + 1);
    return firstPort + (n % ports);
  }

  private confirmTable(node: number): ConfirmTable {
    let t = this.confirmTables.get(node);
    if (!t) {
      t = new ConfirmTable(this.options.kernel);
      this.confirmTables.set(node, t);
    }
    return t;
  }

  /** A new try: the first query (and, sent together, the second), with the timeout from now. */
  private send(l: Lookup): void {
    l.try++;
    l.answered = 0;
    const t = l.try;
    this.sim.schedule(resolverTimeoutNs, () => this.timedOut(l, t));
    if (this.options.resolver === 'use-vc' && this.nodeLocal === null) {
      const asked = this.tcp.ask(l.client, () => {
        l.answered = l.wanted - 1;
        this.answer(l, t);
      }, () => this.dropped(l));
      if (!asked) {
        this.drops++;
        this.cluster.carrier.reject(`node-${l.client.node}`, 'conntrack_full', false);
        this.dropped(l);
      }
      return;
    }
    const together = !l.sequential && l.wanted === 2;
    this.sendQuery(l, together);
  }

  /** Sends one query; with `together`, the second follows as sendmmsg() sends it (see above). */
  private sendQuery(l: Lookup, together: boolean): void {
    if (this.nodeLocal !== null) {
      const t = l.try;
      for (let i = together ? 2 : 1; i > 0; i--) this.nodeLocal.ask(l.client, () => this.answer(l, t));
      return;
    }
    const cpu = this.cluster.node(l.client.node).cpu;
    const inline = cpu.inService < cpu.servers;
    const first = this.udpQuery(l);
    if (first === null || !together) return;
    if (inline) first.then = this.newQuery(l);
    else this.udpQuery(l);
  }

  private newQuery(l: Lookup): Query {
    return { l, try: l.try, client: l.client, node: -1, server: l.client.pod, endpoint: -1, hookNs: 0, inserted: false, then: null };
  }

  /** Sends a UDP query through the kube-dns Service; null if the client's table was full. */
  private udpQuery(l: Lookup, q = this.newQuery(l)): Query | null {
    const p = this.cluster.profile;
    const a = l.client.node;
    const now = this.sim.now;
    const ta = this.conntrack(a);
    const key = `${l.port}`;
    const seen = this.confirmTable(a).visibleAt(key, now) ? this.confirmTable(a).entryAt(key, now) : undefined;
    let senderNs: number;
    if (seen) {
      q.endpoint = seen.nat;
      senderNs = ta.lookupNs(true) + this.proxy.translateNs;
    } else {
      if (ta.insert(now, 'udp') === null) {
        this.drops++;
        this.cluster.carrier.reject(`node-${a}`, 'conntrack_full', false);
        this.dropped(l);
        return null;
      }
      const sel = this.proxy.select(a, this.service, l.client.addr, now);
      q.endpoint = sel.endpoint;
      senderNs = ta.lookupNs(false) + p.conntrackInsertNs + sel.ns + this.proxy.connectNs;
    }
    q.node = this.catalogue.endpointNode(this.service, q.endpoint);
    q.server = { name: `endpoints@node-${q.node}`, node: q.node };
    q.hookNs = senderNs + this.proxy.filterNs;
    const receiverNs = q.node !== a ? this.conntrack(q.node).lookupNs(false) + p.conntrackInsertNs + this.proxy.unmatchedNs : 0;
    this.packets.send(q.client.pod, q.server, query, { senderNs, receiverNs, leftSender: this.confirm }, this.arrived, q, undefined, this.lost);
    return q;
  }

  /** The query leaves POSTROUTING: its entry is confirmed, merged or refused (see above). */
  private readonly confirm = (q: Query): string | void => {
    const a = q.client.node;
    const confirmedNs = this.sim.now - this.afterHook(q.node !== a);
    const createdNs = confirmedNs - q.hookNs;
    const table = this.confirmTable(a);
    const key = `${q.l.port}`;
    const winner = table.entryAt(key, confirmedNs);
    const verdict = table.confirm(key, true, q.endpoint, createdNs, confirmedNs, udpEntryNs);
    if (q.then) this.udpQuery(q.l, q.then);
    if (verdict === 'insert_failed') {
      if (this.insertFailed.active) this.insertFailed.emit(this.sim.now);
      this.dropped(q.l);
      this.proxy.closed(a, this.service, q.endpoint, this.sim.now);
      return 'insert_failed';
    }
    // Merged into the winner's entry, the packet goes where it says; a clash inserted anyway
    // (5.6) keeps its own endpoint.
    const clashKept = winner !== undefined && atLeast(this.options.kernel, '5.6') && winner.confirmedNs > createdNs;
    q.inserted = verdict === 'inserted' || clashKept;
    if (winner && !clashKept && winner.nat !== q.endpoint) {
      this.proxy.closed(a, this.service, q.endpoint, this.sim.now);
      q.endpoint = winner.nat;
      q.node = this.catalogue.endpointNode(this.service, q.endpoint);
      q.server = { name: `endpoints@node-${q.node}`, node: q.node };
    }
  };

  /** Stages of a query's sending hop after the client node's netfilter stages, ns. */
  private afterHook(remote: boolean): number {
    let ns = this.afterHookNs.get(remote);
    if (ns === undefined) {
      const a = 0, b = remote ? 1 : 0;
      const stages = this.cluster.stages({ name: 'c', node: a }, { name: 's', node: b }, query);
      let last = -1;
      stages.forEach((s, i) => { if (s.hook === 'sender') last = i; });
      ns = 0;
      for (let i = last + 1; i < stages.length && stages[i].node === a && stages[i].resource === stages[last].resource; i++) ns += stages[i].ns;
      this.afterHookNs.set(remote, ns);
    }
    return ns;
  }

  /** The query is at kube-dns's node: its table, CoreDNS, the answer back. */
  private readonly arrived = (q: Query): void => {
    // The flow's first packet on kube-dns's node gets an entry there (kept by key, as the
    // client's, so a resend on the same socket after a drop here asks for one again).
    const now = this.sim.now;
    const key = `${q.client.node}:${q.l.port}`;
    const there = this.confirmTable(q.node);
    if (q.node !== q.client.node && !there.visibleAt(key, now)) {
      if (this.conntrack(q.node).insert(now, 'udp') === null) {
        this.drops++;
        this.cluster.carrier.reject(`node-${q.node}`, 'conntrack_full', true);
        this.dropped(q.l);
        return;
      }
      there.confirm(key, true, q.endpoint, now, now, udpEntryNs);
    }
    this.cluster.node(q.node).cpu.request(this.serviceNs, () => {
      this.packets.send(q.server, q.client.pod, answerSegment, this.packets.toClient(q), (x: Query) => {
        if (x.inserted) this.proxy.closed(x.client.node, this.service, x.endpoint, this.sim.now);
        this.answer(x.l, x.try);
      }, q, undefined, this.lost);
    });
  };

  /** The query or its answer was dropped at a kernel queue: no answer will come. */
  private readonly lost = (q: Query): void => {
    this.dropped(q.l);
    if (q.inserted) this.proxy.closed(q.client.node, this.service, q.endpoint, this.sim.now);
  };

  /** An answer of try `t` is in: the lookup is done, or the next query goes (sequential). */
  private answer(l: Lookup, t: number): void {
    if (t !== l.try) return;
    if (++l.answered === l.wanted) return this.end(l, true);
    if (!l.sequential) return;
    if (this.options.resolver === 'single-request-reopen') l.port = this.nextPort(l.client.node);
    this.sendQuery(l, false);
  }

  /** The timeout of try `t` ran out (glibc send_dg's poll returned 0). */
  private timedOut(l: Lookup, t: number): void {
    if (t !== l.try || l.answered === l.wanted) return;
    if (l.answered > 0) {
      // One answer in: switch to one query at a time and try again on the same socket; once
      // already so, reopen the socket; after that, return with the one answer.
      if (!l.sequential) l.sequential = true;
      else if (this.options.resolver === 'single-request-reopen' || l.reopened) return this.end(l, true);
      else {
        l.reopened = true;
        l.port = this.nextPort(l.client.node);
      }
      return this.send(l);
    }
    if (++l.attempts >= resolverAttempts) return this.end(l, false);
    this.send(l);
  }

  private end(l: Lookup, answered: boolean): void {
    l.try++;
    if (this.ended.active) this.ended.emit(l);
    if (answered) l.done();
    else l.failed();
  }
}
