/**
 * Clients calling Services over TCP, connection by connection. Each client pod (one per client
 * node) issues requests open-loop (Poisson) or closed-loop (N users, closed-loop-client.ts), and
 * spends its own user-space CPU on each (client-application.ts) on a pool of threads before the
 * request leaves; a request goes to a Service drawn by popularity, on
 * an idle pooled connection to that Service if one has uses left, else on a new connection:
 * connect() → SYN (the only packet that asks the proxy for a selection) → SYN-ACK → ACK →
 * request → response, and after `requestsPerConnection` requests close() → FIN → FIN-ACK → ACK.
 * Every packet pays a conntrack lookup where it crosses a host namespace; a new flow's first packet
 * inserts an entry on each node it crosses; later packets are translated from conntrack. A SYN
 * that finds a table full is dropped (through the carrier's drop path) and retransmitted after 1 s, 2 s, 4 s … (initial RTO 1 s,
 * tcp_syn_retries 6). With IPVS's connection table modelled (ipvs-conn-reuse.ts), a SYN from a
 * port whose last connection's IPVS entry is still in TIME_WAIT is dropped and retransmitted, or
 * sent to the old real server, as conn_reuse_mode and the kernel say; a client reuses a port
 * when its turn comes round (as with tcp_tw_reuse; its own TIME_WAIT is not modelled). Draws (arrivals, Service, application service time) come from per-client
 * streams in issue order, so every compared proxy mode sees the same requests. Each connection has
 * its own ephemeral source port (cycling through ip_local_port_range 32768-60999), so RSS spreads
 * connections over the receiving node's queues. With `serverThreads` the application's service
 * time runs on a pool of that many threads on the endpoint's node, else on its cores. With `dns`
 * each new connection starts with a DNS lookup through the kube-dns Service (dns-lookup.ts). With
 * NetworkPolicies (models/policy/) every SYN walks the endpoint pod's ingress policy and every
 * later packet to it pays the enforcement's established cost.
 * Open-loop clients are bounded generators (open-loop-generator.ts) that shed what they cannot
 * hold. Kernel queues drop packets (kernel-queues.ts): a SYN the server's full accept queue refuses
 * (`listen_overflow`: the requests waiting for the server application stand for connections not
 * yet accepted) or a SYN or SYN-ACK dropped on the way is retransmitted as after a conntrack drop;
 * a request or response segment dropped is retransmitted by its sender at its RTO (each
 * connection's timer, retransmission-timer.ts, first sampled from its handshake); after
 * tcp_retries2 retransmissions the request is given up (`timeout`, counted `lost`) with its
 * connection; a lost ACK, FIN or FIN-ACK ends the connection as if it had arrived.
 * Through the NodePorts of a LoadBalancer Service, a request enters at the node the external load
 * balancer (external-load-balancer.ts) sends it to: its client's own unless that node fails the
 * Service's health check; it then goes out on that node's client pod.
 * With an Ingress controller (ingress-controller.ts) the client connects to a controller replica
 * instead (the proxy given is then its pod-IP front), and the replica, not the endpoint, serves
 * each request. Simplifications: ACKs of data ride on data; the userspace proxy's two sockets share one
 * conntrack entry on the client's node; with pooled connections the accept queue counts requests
 * on established connections too (exact when each connection carries one request).
 * With `endpointFate` (a rolling update, programmed-endpoints.ts) a SYN to an exited pod is refused
 * (RST) or lost (its node gone), a request to one is reset; every request that fails for good is
 * traced in `failures` with its cause.
 */
import { type DistributionSpec, type RandomStream, sampler, type Simulation, type Station, type Streams, TraceSource } from '../../sim/index.ts';
import type { Cluster, Pod } from '../datapath/cluster.ts';
import { ConnectionPackets, control } from '../services/connection-packets.ts';
import type { ConntrackEntry, ConntrackTable } from '../netfilter/conntrack-table.ts';
import { type DnsConfig, DnsLookups } from './dns-lookup.ts';
import { type ClientCpu } from './client-application.ts';
import { ClosedLoopClient } from './closed-loop-client.ts';
import { loadGeneratorParameters, OpenLoopGenerator } from './open-loop-generator.ts';
import { type LostSegment, RetransmissionTimer, Retransmitter } from '../tcp/retransmission-timer.ts';
import type { Arrival } from './request-response.ts';
import type { ServiceCatalogue } from '../services/service-catalogue.ts';
import type { Selection, ServiceProxy } from '../services/proxier.ts';
import type { PolicyEnforcer } from '../policy/network-policy.ts';
import type { ExternalLoadBalancer } from '../services/external-load-balancer.ts';
import type { IngressController } from '../services/ingress-controller.ts';
import type { EndpointFate } from '../control-plane/programmed-endpoints.ts';

export interface ServiceTrafficConfig {
  clientNodes: number[];
  /** Open: requests per second over all clients; closed: users per client pod. */
  arrival: Arrival;
  clientCpu: ClientCpu;
  /** Threads of each client pod's load generator. */
  clientThreads: number;
  /** Threads of the server application per endpoint node; null: its cores serve it. */
  serverThreads: number | null;
  requestsPerConnection: number;
  requestBytes: number;
  responseBytes: number;
  serviceTime: DistributionSpec;
  /** The DNS lookup made before each new connection (dns-lookup.ts); null: no lookups. */
  dns: DnsConfig | null;
  /** Ephemeral ports each client cycles through (ip_local_port_range's size); absent: the
   *  default range's 28,232. */
  clientPorts?: number;
}

/** Initial SYN retransmission timeout, ns (RFC 6298, Linux TCP_TIMEOUT_INIT). */
const initialRtoNs = 1e9;
/** SYN retransmissions before connect() fails (net.ipv4.tcp_syn_retries default). */
const synRetries = 6;
/** net.ipv4.ip_local_port_range default, 32768-60999: the client's ephemeral source ports. */
const ephemeralFirst = 32768;
const ephemeralPorts = 60999 - 32768 + 1;
/** The endpoints' port. */
const serverPort = 80;

interface Client {
  node: number;
  pod: Pod;
  addr: number;
  pick: RandomStream;
  serve: () => number;
  idle: Map<number, Connection[]>;
  /** The load generator's threads. */
  app: Station;
  users: ClosedLoopClient | null;
  /** The open-loop generator (null for closed-loop users). */
  generator: OpenLoopGenerator | null;
  /** Connections opened so far (the next ephemeral port). */
  opened: number;
}

/** A connection as trace sinks see it (they read, never write). */
export interface Connection {
  client: Client;
  service: number;
  endpoint: number;
  node: number;
  server: Pod;
  uses: number;
  attempts: number;
  connectNs: number;
  synSentNs: number;
  ctClient: ConntrackEntry | null;
  ctServer: ConntrackEntry | null;
  /** The request it carries next: until it is established, the one that opened it. */
  waiting: Request;
  /** Rules the proxy's selection walked for it (0 until selected). */
  rulesWalked: number;
  /** The proxy's selection (null until selected). */
  selection: Selection | null;
  ports: readonly [number, number];
  /** Its data segments' retransmission timer (both directions). */
  timer: RetransmissionTimer;
}

/** Why a request failed: connect() refused (RST to its SYN), timed out (SYNs or segments
 *  unanswered), or its established connection reset. */
export type FailureCause = 'refused' | 'timeout' | 'reset';

/** A request as trace sinks see it. */
export interface Request {
  issuedNs: number;
  clientNode: number;
  service: number;
  serviceNs: number;
  client: Client;
  /** The client whose node it enters the cluster at (its own unless a load balancer moved it). */
  entry: Client;
  /** The closed-loop user that issued it; -1 for open-loop arrivals. */
  user: number;
  /** Given up after tcp_retries2 retransmissions of a segment: it ended unanswered. */
  lost: boolean;
  /** When it left, reached the server whole, and its response left, ns; a segment of either
   *  retransmitted (no RTT sample, Karn's rule); what an arriving segment of the message on its
   *  way calls. */
  sentNs: number;
  atServerNs: number;
  respondedNs: number;
  retransmitted: boolean;
  arrived: (conn: Connection) => void;
}

export class ServiceTraffic {
  /** Every request, when a client issues it. */
  readonly issued = new TraceSource<Request>();
  /** Every request answered, when the client has the whole response; the value is its issue
   *  time, ns. */
  readonly answered = new TraceSource<number>();
  /** A new connection's proxy selection (its endpoint chosen, `rulesWalked` set). */
  readonly selected = new TraceSource<Connection>();
  /** A connection's SYN has left the client's node (sent at `synSentNs`). */
  readonly synLeft = new TraceSource<Connection>();
  /** A connection established at the client (connect() called at `connectNs`). */
  readonly established = new TraceSource<Connection>();
  /** A request's response has reached the client (the request is `conn.waiting`). */
  readonly served = new TraceSource<Connection>();
  /** A request failed for good, with its cause. */
  readonly failures = new TraceSource<{ cause: FailureCause; request: Request }>();
  /** Endpoints that may have exited (a rolling update's, programmed-endpoints.ts); null: every
   *  endpoint serves. */
  endpointFate: EndpointFate | null = null;
  /** Connections opened and given up since the start of the run. */
  connections = 0;
  failed = 0;
  /** Requests given up (`timeout`) since the start of the run. */
  lost = 0;
  /** The clients' open-loop generators (none for closed-loop users). */
  readonly generators: OpenLoopGenerator[] = [];
  private readonly packets: ConnectionPackets;
  readonly dns: DnsLookups | null;
  private readonly userspace: boolean;
  private readonly clients = new Map<number, Client>();
  /** Each node's server application station once looked up, by node index: read for every SYN
   *  and request a node receives, a slot of a dense array instead of the node's Map by name. */
  private readonly serverApps: (Station | undefined)[];
  private readonly requestTimers: Retransmitter<Connection>;
  private readonly responseTimers: Retransmitter<Connection>;

  constructor(
    private readonly sim: Simulation,
    private readonly cluster: Cluster,
    private readonly catalogue: ServiceCatalogue,
    private readonly proxy: ServiceProxy,
    private readonly conntrack: (node: number) => ConntrackTable,
    private readonly config: ServiceTrafficConfig,
    streams: Streams,
    /** NetworkPolicies on the endpoint pods' ingress; null: none. */
    private readonly policy: PolicyEnforcer | null = null,
    /** The load balancer in front of the NodePorts; null: each client enters at its own node. */
    private readonly balancer: ExternalLoadBalancer | null = null,
    /** The Ingress controller the clients connect to; null: straight to the Service. */
    private readonly ingress: IngressController | null = null,
  ) {
    this.packets = new ConnectionPackets(cluster, proxy, conntrack, policy);
    this.serverApps = new Array<Station | undefined>(cluster.config.nodes).fill(undefined);
    const d = config.dns;
    this.dns = d === null ? null : new DnsLookups(sim, cluster, catalogue, proxy, conntrack, this.packets, d.answerNs, d, streams.get('dns/node-local-hits'));
    this.userspace = proxy.mode === 'userspace';
    const count = cluster.carrier.retransmitted.bind(cluster.carrier);
    const common = { timer: (c: Connection) => c.timer, waiting: (c: Connection) => !c.waiting.lost, giveUp: this.giveUp };
    this.requestTimers = new Retransmitter(sim, count, { ...common, resend: (l) => this.resend(l, true) });
    this.responseTimers = new Retransmitter(sim, count, { ...common, resend: (l) => this.resend(l, false) });
    const a = config.arrival;
    for (const node of config.clientNodes) {
      const name = `client-${node}`;
      const client: Client = {
        node, pod: { name, node }, addr: catalogue.addressing.podAddr(node, 0), pick: streams.get(`services/${name}`),
        serve: sampler(config.serviceTime, streams.get(`service-time/${name}`)), idle: new Map(),
        app: cluster.node(node).application('client-app', config.clientThreads), users: null, generator: null, opened: 0,
      };
      this.clients.set(node, client);
      if (a.kind === 'closed') {
        client.users = new ClosedLoopClient(sim, a.concurrency, a.thinkNs, (user) => this.issue(client, user));
        continue;
      }
      const meanGapNs = (1e9 * config.clientNodes.length) / a.rateRps;
      const max = a.maxOutstanding ?? loadGeneratorParameters.maxOutstanding.value;
      client.generator = new OpenLoopGenerator(sim, meanGapNs, streams.get(`arrivals/${name}`), max, () => this.issue(client, -1));
      this.generators.push(client.generator);
    }
  }

  private issue(client: Client, user: number): void {
    const s = this.catalogue.pick(client.pick);
    const entry = this.balancer === null ? client : this.clients.get(this.balancer.entry(client.node, s))!;
    const r: Request = {
      issuedNs: this.sim.now, clientNode: client.node, service: s, serviceNs: client.serve(), client, entry, user, lost: false,
      sentNs: 0, atServerNs: 0, respondedNs: 0, retransmitted: false, arrived: noop,
    };
    if (this.issued.active) this.issued.emit(r);
    const conn = entry.idle.get(s)?.pop();
    const cpu = this.config.clientCpu;
    const workNs = cpu.perRequestNs + (conn ? 0 : cpu.perConnectionNs);
    if (conn) {
      // An idle connection carries nothing, so it can hold the request while the client works.
      conn.waiting = r;
      client.app.request(workNs, this.reuse, conn);
    } else client.app.request(workNs, this.openFor, r);
  }

  /** The client's work for `conn.waiting` is done: it goes out on the reused connection. */
  private readonly reuse = (conn: Connection): void => this.sendRequest(conn, conn.waiting);

  /** The client's work for `r` is done: a new connection opens for it. */
  private readonly openFor = (r: Request): void => this.open(r.entry, r.service, r);

  /** Request `r` has ended (answered, or failed for good): its closed-loop user goes on. */
  private ended(r: Request): void {
    if (r.user >= 0) r.client.users!.ended(r.user);
    else r.client.generator!.ended();
  }

  private open(client: Client, service: number, r: Request): void {
    this.connections++;
    const port = ephemeralFirst + (client.opened++ % (this.config.clientPorts ?? ephemeralPorts));
    const conn: Connection = {
      client, service, endpoint: -1, node: -1, server: client.pod, uses: 0, attempts: 0,
      connectNs: 0, synSentNs: 0, ctClient: null, ctServer: null, waiting: r, rulesWalked: 0, selection: null, ports: [port, serverPort],
      timer: new RetransmissionTimer(),
    };
    if (this.dns) {
      this.dns.resolve(client, () => this.sendSyn(conn), () => {
        this.failed++;
        this.ended(r);
      });
    } else this.sendSyn(conn);
  }

  /** Sends (or resends) the SYN; the client's table decides first, then the proxy selects. */
  private readonly sendSyn = (conn: Connection): void => {
    const p = this.cluster.profile;
    const a = conn.client.node;
    const ta = this.conntrack(a);
    const now = this.sim.now;
    if (conn.attempts === 0) conn.connectNs = now;
    else this.cluster.carrier.retransmitted('syn');
    let senderNs = (conn.attempts === 0 ? p.syscallNs + p.tcpConnectNs + this.proxy.connectNs : 0) + ta.lookupNs(conn.ctClient !== null);
    if (conn.ctClient === null) {
      const reuse = this.proxy.reuse?.check(a, conn.service, conn.client.addr, conn.ports[0], now);
      if (reuse?.kind === 'drop') {
        // IPVS expired the TIME_WAIT entry of this port and dropped the SYN (conn_reuse_mode 1).
        this.cluster.carrier.reject(`node-${a}`, 'ipvs_conn_reuse', false);
        this.cluster.node(a).cpu.request(senderNs + p.tcpTxNs + this.proxy.unmatchedNs, noop);
        this.retransmit(conn);
        return;
      }
      conn.ctClient = ta.insert(now, 'established');
      if (conn.ctClient === null) {
        this.cluster.carrier.reject(`node-${a}`, 'conntrack_full', false);
        this.cluster.node(a).cpu.request(senderNs + p.tcpTxNs, noop);
        this.retransmit(conn);
        return;
      }
      // conn_reuse_mode 0: the old ip_vs_conn carries the SYN to its real server, unscheduled.
      const sel = reuse?.kind === 'reuse'
        ? { endpoint: reuse.endpoint, ns: this.proxy.unmatchedNs + this.proxy.translateNs, rulesWalked: 0, masquerade: false }
        : this.proxy.select(a, conn.service, conn.client.addr, now);
      conn.endpoint = sel.endpoint;
      conn.server = this.ingress?.pod(sel.endpoint) ?? endpointPod(this.catalogue.endpointNode(conn.service, sel.endpoint));
      conn.node = conn.server.node;
      senderNs += p.conntrackInsertNs + sel.ns;
      conn.rulesWalked = sel.rulesWalked;
      conn.selection = sel;
      if (this.selected.active) this.selected.emit(conn);
    } else {
      senderNs += this.proxy.translateNs;
    }
    const remote = conn.node !== a;
    const tb = this.conntrack(conn.node);
    // Every SYN is NEW on the endpoint's node (its entry is made on arrival): it walks the pod's
    // ingress policy there.
    const policyNs = this.policy === null ? 0 : this.policy.newFlowNs;
    if (!remote) senderNs += policyNs;
    const receiverNs = remote ? tb.lookupNs(false) + p.conntrackInsertNs + this.proxy.unmatchedNs + policyNs : 0;
    conn.synSentNs = now;
    const hooks = { senderNs, receiverNs, leftSender: this.leftClientNode };
    if (this.userspace && conn.attempts === 0) this.packets.accept(a, () => this.packets.send(conn.client.pod, conn.server, control, hooks, this.synArrived, conn, conn.ports, this.synLost));
    else this.packets.send(conn.client.pod, conn.server, control, hooks, this.synArrived, conn, conn.ports, this.synLost);
  };

  private readonly leftClientNode = (conn: Connection): void => {
    if (this.synLeft.active) this.synLeft.emit(conn);
  };

  /** The SYN or the SYN-ACK was dropped at a kernel queue: the client's SYN timer fires. */
  private readonly synLost = (conn: Connection): void => this.retransmit(conn);

  private retransmit(conn: Connection): void {
    if (conn.attempts >= synRetries) {
      this.fail(conn, 'timeout');
      return;
    }
    this.sim.schedule(initialRtoNs * 2 ** conn.attempts++, this.sendSyn, conn);
  }

  /** connect() fails for `conn`'s request. */
  private fail(conn: Connection, cause: FailureCause): void {
    this.failed++;
    if (this.failures.active) this.failures.emit({ cause, request: conn.waiting });
    this.ended(conn.waiting);
    if (conn.ctClient !== null) this.conntrack(conn.client.node).transition(conn.ctClient, this.sim.now, 'timeWait');
    if (conn.endpoint >= 0) this.proxy.closed(conn.client.node, conn.service, conn.endpoint, this.sim.now);
  }

  /** The RST to a SYN, back at the client as long after the SYN's arrival as the SYN took. */
  private readonly refused = (conn: Connection): void => this.fail(conn, 'refused');

  private readonly synArrived = (conn: Connection): void => {
    const p = this.cluster.profile;
    const a = conn.client.node, b = conn.node;
    const fate = this.endpointFate === null ? 'served' : this.endpointFate.synArrives(conn.service, conn.endpoint);
    if (fate === 'lost') {
      this.cluster.carrier.reject(`node-${b}`, 'node_gone', true);
      this.retransmit(conn);
      return;
    }
    if (fate === 'refused') {
      this.sim.schedule(this.sim.now - conn.synSentNs, this.refused, conn);
      return;
    }
    if (b !== a && conn.ctServer === null) {
      conn.ctServer = this.conntrack(b).insert(this.sim.now, 'established');
      if (conn.ctServer === null) {
        this.cluster.carrier.reject(`node-${b}`, 'conntrack_full', true);
        this.retransmit(conn);
        return;
      }
    }
    if (this.serverApp(b).queueLength >= this.cluster.queues.listenBacklog) {
      this.cluster.carrier.reject(`node-${b}/listen`, 'listen_overflow', true);
      this.retransmit(conn);
      return;
    }
    const hooks = this.packets.toClient(conn);
    hooks.senderNs += p.tcpConnectNs;
    this.packets.send(conn.server, conn.client.pod, control, hooks, this.synAckArrived, conn, conn.ports, this.synLost);
  };

  private readonly synAckArrived = (conn: Connection): void => {
    const p = this.cluster.profile;
    if (conn.attempts === 0) conn.timer.sampleRtt(this.sim.now - conn.synSentNs);
    this.cluster.node(conn.client.node).cpu.request(p.wakeupNs + p.syscallNs, this.connected, conn);
  };

  private readonly connected = (conn: Connection): void => {
    if (this.established.active) this.established.emit(conn);
    // A lost ACK costs nothing more: the request's first segment acknowledges the SYN-ACK too.
    this.packets.send(conn.client.pod, conn.server, control, this.packets.toServer(conn), noop, conn, conn.ports, noop);
    this.sendRequest(conn, conn.waiting);
  };

  private sendRequest(conn: Connection, r: Request): void {
    conn.waiting = r;
    r.sentNs = this.sim.now;
    r.arrived = this.packets.message(conn, this.config.requestBytes, true, this.atServer, this.requestLost);
  }

  /** Where the server application runs on node `n`: its thread pool, or the node's cores. */
  private serverApp(n: number): Station {
    if (this.ingress) return this.ingress.workersOn(n);
    let app = this.serverApps[n];
    if (app === undefined) {
      const node = this.cluster.node(n);
      const threads = this.config.serverThreads;
      app = threads === null ? node.cpu : node.application('server-app', threads);
      this.serverApps[n] = app;
    }
    return app;
  }

  private readonly atServer = (conn: Connection): void => {
    if (conn.waiting.lost) return;
    if (this.endpointFate !== null && this.endpointFate.gone(conn.service, conn.endpoint)) {
      this.reset(conn);
      return;
    }
    conn.waiting.atServerNs = this.sim.now;
    if (this.ingress) this.ingress.forward(conn, this.respond);
    else this.serverApp(conn.node).request(conn.waiting.serviceNs, this.respond, conn);
  };

  private readonly respond = (conn: Connection): void => {
    const r = conn.waiting;
    r.respondedNs = this.sim.now;
    r.arrived = this.packets.message(conn, this.config.responseBytes, false, this.finish, this.responseLost);
  };

  /** Segment `index` of the request or response on `conn` was dropped: its sender's timer runs. */
  private readonly requestLost = (conn: Connection, index: number): void => {
    this.requestTimers.dropped({ arg: conn, index, sentNs: conn.waiting.sentNs, retransmissions: 0 });
  };

  private readonly responseLost = (conn: Connection, index: number): void => {
    this.responseTimers.dropped({ arg: conn, index, sentNs: conn.waiting.respondedNs, retransmissions: 0 });
  };

  private resend(l: LostSegment<Connection>, toServer: boolean): void {
    const conn = l.arg;
    conn.waiting.retransmitted = true;
    const bytes = toServer ? this.config.requestBytes : this.config.responseBytes;
    this.packets.resend(conn, bytes, toServer, l.index, this.resentArrived, l, toServer ? this.requestDroppedAgain : this.responseDroppedAgain);
  }

  private readonly resentArrived = (l: LostSegment<Connection>): void => {
    if (!l.arg.waiting.lost) l.arg.waiting.arrived(l.arg);
  };

  private readonly requestDroppedAgain = (l: LostSegment<Connection>): void => this.requestTimers.dropped(l);
  private readonly responseDroppedAgain = (l: LostSegment<Connection>): void => this.responseTimers.dropped(l);

  /** A segment on `conn` went unacknowledged through tcp_retries2 retransmissions: the request is
   *  given up (`timeout`) with the connection. */
  private readonly giveUp = (conn: Connection): void => {
    const r = conn.waiting;
    r.lost = true;
    this.lost++;
    if (this.failures.active) this.failures.emit({ cause: 'timeout', request: r });
    this.closed(conn);
    this.ended(r);
  };

  /** The request reached an endpoint that has exited: a RST ends it and its connection. */
  private reset(conn: Connection): void {
    const r = conn.waiting;
    r.lost = true;
    if (this.failures.active) this.failures.emit({ cause: 'reset', request: r });
    this.closed(conn);
    this.ended(r);
  }

  private readonly finish = (conn: Connection): void => {
    const r = conn.waiting;
    if (r.lost) return;
    if (!r.retransmitted) conn.timer.sample(r.atServerNs - r.sentNs, r.respondedNs - r.atServerNs, this.sim.now - r.respondedNs);
    if (this.answered.active) this.answered.emit(r.issuedNs);
    if (this.served.active) this.served.emit(conn);
    if (++conn.uses >= this.config.requestsPerConnection) this.close(conn);
    else this.pool(conn).push(conn);
    this.ended(r);
  };

  private close(conn: Connection): void {
    const p = this.cluster.profile;
    const hooks = this.packets.toServer(conn);
    hooks.senderNs += p.syscallNs + p.tcpCloseNs;
    this.packets.send(conn.client.pod, conn.server, control, hooks, this.finArrived, conn, conn.ports, this.closed);
  }

  private readonly finArrived = (conn: Connection): void => {
    const hooks = this.packets.toClient(conn);
    hooks.senderNs += this.cluster.profile.tcpCloseNs;
    this.packets.send(conn.server, conn.client.pod, control, hooks, this.finAckArrived, conn, conn.ports, this.closed);
  };

  private readonly finAckArrived = (conn: Connection): void => {
    this.packets.send(conn.client.pod, conn.server, control, this.packets.toServer(conn), this.closed, conn, conn.ports, this.closed);
  };

  private readonly closed = (conn: Connection): void => {
    const now = this.sim.now;
    if (conn.ctClient !== null) this.conntrack(conn.client.node).transition(conn.ctClient, now, 'timeWait');
    if (conn.ctServer !== null) this.conntrack(conn.node).transition(conn.ctServer, now, 'timeWait');
    this.proxy.closed(conn.client.node, conn.service, conn.endpoint, now);
    this.proxy.reuse?.closed(conn.client.node, conn.service, conn.client.addr, conn.ports[0], conn.endpoint, now);
  };

  private pool(conn: Connection): Connection[] {
    let list = conn.client.idle.get(conn.service);
    if (!list) {
      list = [];
      conn.client.idle.set(conn.service, list);
    }
    return list;
  }

}

function endpointPod(node: number): Pod {
  return { name: `endpoints@node-${node}`, node };
}

function noop(): void {}
