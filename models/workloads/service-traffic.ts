/**
 * Clients calling Services over TCP, request by request. Each client pod (one per client node)
 * issues requests open-loop (Poisson) or closed-loop (N users, closed-loop-client.ts), and spends
 * its own user-space CPU on each (client-application.ts) on a pool of threads before the request
 * leaves; a request goes to a Service drawn by popularity, on an idle pooled connection to that
 * Service if one has uses left, else on a new connection (connection-lifecycle.ts: handshake,
 * retransmissions, failures, close), which carries `requestsPerConnection` requests → responses
 * and is then closed. A client reuses a port when its turn comes round (as with tcp_tw_reuse; its
 * own TIME_WAIT is not modelled). Draws (arrivals, Service, application service time) come from
 * per-client streams in issue order, so every compared proxy mode sees the same requests. Each
 * connection has its own ephemeral source port (cycling through ip_local_port_range 32768-60999),
 * so RSS spreads connections over the receiving node's queues. With `serverThreads` the
 * application's service time runs on a pool of that many threads on the endpoint's node, else on
 * its cores. With `dns` each new connection starts with a DNS lookup through the kube-dns Service
 * (dns-lookup.ts). With NetworkPolicies (models/policy/) every packet to an endpoint pod after its
 * SYN pays the enforcement's established cost.
 * Open-loop clients are bounded generators (open-loop-generator.ts) that shed what they cannot
 * hold. Through the NodePorts of a LoadBalancer Service, a request enters at the node the external
 * load balancer (external-load-balancer.ts) sends it to: its client's own unless that node fails
 * the Service's health check; it then goes out on that node's client pod.
 * With an Ingress controller (ingress-controller.ts) the client connects to a controller replica
 * instead (the proxy given is then its pod-IP front), and the replica, not the endpoint, serves
 * each request. With `endpointFate` a request that reaches an exited pod is reset, and a pod that
 * exits with its node up closes its sockets (as the kernel does for a process that dies): a
 * connection whose request the server holds unanswered gets a RST (`reset`); any other gets a FIN,
 * and the client discards it (an idle pooled one when the FIN arrives, one whose response is on
 * its way once the response is in; a request the client already put on it meets the exited pod).
 * Simplification: the client takes a FIN'd connection out of its pool when the FIN arrives, not at
 * its next use (what an HTTP client's idle-connection check does, at the latest).
 */
import { type DistributionSpec, sampler, type Simulation, type Station, type Streams, TraceSource } from '../../sim/index.ts';
import type { Cluster } from '../datapath/cluster.ts';
import type { ConntrackTable } from '../netfilter/conntrack-table.ts';
import { type DnsConfig, DnsLookups } from './dns-lookup.ts';
import { type ClientCpu } from './client-application.ts';
import { ClosedLoopClient } from './closed-loop-client.ts';
import { loadGeneratorParameters, OpenLoopGenerator } from './open-loop-generator.ts';
import { RetransmissionTimer } from '../tcp/retransmission-timer.ts';
import type { Arrival } from './request-response.ts';
import type { ServiceCatalogue } from '../services/service-catalogue.ts';
import type { ServiceProxy } from '../services/proxier.ts';
import type { PolicyEnforcer } from '../policy/network-policy.ts';
import type { ExternalLoadBalancer } from '../services/external-load-balancer.ts';
import type { IngressController } from '../services/ingress-controller.ts';
import type { Client, Connection, Request } from './connection-records.ts';
import { ConnectionLifecycle, noop } from './connection-lifecycle.ts';
import { control } from '../services/connection-packets.ts';

export type { Connection, FailureCause, Request } from './connection-records.ts';

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

/** net.ipv4.ip_local_port_range default, 32768-60999: the client's ephemeral source ports. */
const ephemeralFirst = 32768;
const ephemeralPorts = 60999 - 32768 + 1;
/** The endpoints' port. */
const serverPort = 80;

export class ServiceTraffic extends ConnectionLifecycle {
  /** Every request, when a client issues it. */
  readonly issued = new TraceSource<Request>();
  /** Every request answered, when the client has the whole response; the value is its issue
   *  time, ns. */
  readonly answered = new TraceSource<number>();
  /** A request's response has reached the client (the request is `conn.waiting`). */
  readonly served = new TraceSource<Connection>();
  /** Connections opened since the start of the run. */
  connections = 0;
  /** The clients' open-loop generators (none for closed-loop users). */
  readonly generators: OpenLoopGenerator[] = [];
  readonly dns: DnsLookups | null;
  private readonly clients = new Map<number, Client>();
  /** Each node's server application station once looked up, by node index: read for every SYN
   *  and request a node receives, a slot of a dense array instead of the node's Map by name. */
  private readonly serverApps: (Station | undefined)[];

  constructor(
    sim: Simulation,
    cluster: Cluster,
    catalogue: ServiceCatalogue,
    proxy: ServiceProxy,
    conntrack: (node: number) => ConntrackTable,
    private readonly config: ServiceTrafficConfig,
    streams: Streams,
    /** NetworkPolicies on the endpoint pods' ingress; null: none. */
    policy: PolicyEnforcer | null = null,
    /** The load balancer in front of the NodePorts; null: each client enters at its own node. */
    private readonly balancer: ExternalLoadBalancer | null = null,
    /** The Ingress controller the clients connect to; null: straight to the Service. */
    ingress: IngressController | null = null,
  ) {
    super(sim, cluster, catalogue, proxy, conntrack, config, policy, ingress);
    this.serverApps = new Array<Station | undefined>(cluster.config.nodes).fill(undefined);
    const d = config.dns;
    this.dns = d === null ? null : new DnsLookups(sim, cluster, catalogue, proxy, conntrack, this.packets, d.answerNs, d, streams.get('dns/node-local-hits'));
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
  protected ended(r: Request): void {
    if (r.user >= 0) r.client.users!.ended(r.user);
    else r.client.generator!.ended();
  }

  private open(client: Client, service: number, r: Request): void {
    this.connections++;
    const port = ephemeralFirst + (client.opened++ % (this.config.clientPorts ?? ephemeralPorts));
    const conn: Connection = {
      client, service, endpoint: -1, node: -1, server: client.pod, uses: 0, attempts: 0,
      connectNs: 0, synSentNs: 0, ctClient: null, ctServer: null, waiting: r, rulesWalked: 0, selection: null, ports: [port, serverPort],
      timer: new RetransmissionTimer(), closedByServer: false,
    };
    if (this.dns) {
      this.dns.resolve(client, () => this.sendSyn(conn), () => {
        this.failed++;
        this.ended(r);
      });
    } else this.sendSyn(conn);
  }

  protected sendRequest(conn: Connection, r: Request): void {
    conn.waiting = r;
    r.sentNs = this.sim.now;
    r.arrived = this.packets.message(conn, this.config.requestBytes, true, this.atServer, this.requestLost);
  }

  /** Where the server application runs on node `n`: its thread pool, or the node's cores. */
  protected serverApp(n: number): Station {
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
    if (conn.closedByServer || (this.endpointFate !== null && this.endpointFate.gone(conn.service, conn.endpoint))) {
      this.reset(conn);
      return;
    }
    conn.waiting.atServerNs = this.sim.now;
    if (this.ingress) this.ingress.forward(conn, this.respond);
    else this.serverApp(conn.node).request(conn.waiting.serviceNs, this.respond, conn);
  };

  private readonly respond = (conn: Connection): void => {
    if (conn.closedByServer) return;
    const r = conn.waiting;
    r.respondedNs = this.sim.now;
    r.arrived = this.packets.message(conn, this.config.responseBytes, false, this.finish, this.responseLost);
  };

  private readonly finish = (conn: Connection): void => {
    const r = conn.waiting;
    if (r.lost) return;
    if (!r.retransmitted) conn.timer.sample(r.atServerNs - r.sentNs, r.respondedNs - r.atServerNs, this.sim.now - r.respondedNs);
    if (this.answered.active) this.answered.emit(r.issuedNs);
    if (this.served.active) this.served.emit(conn);
    if (++conn.uses >= this.config.requestsPerConnection || conn.closedByServer) this.close(conn);
    else this.pool(conn).push(conn);
    this.ended(r);
  };

  protected readonly podExited = (endpoint: number): void => {
    const conns = this.live.get(endpoint);
    if (!conns) return;
    this.live.delete(endpoint);
    for (const conn of conns) {
      conn.closedByServer = true;
      const r = conn.waiting;
      const busy = r.atServerNs > 0 && r.respondedNs === 0 && !r.lost;
      const hooks = this.packets.toClient(conn);
      hooks.senderNs += this.cluster.profile.tcpCloseNs;
      const arrived = busy ? this.resetArrived : this.serverFinArrived;
      // A lost RST or FIN ends the connection as if it had arrived (as for the client's own close).
      this.packets.send(conn.server, conn.client.pod, control, hooks, arrived, conn, conn.ports, arrived);
    }
  };

  /** The RST of an exited server reaches the client whose request it held. */
  private readonly resetArrived = (conn: Connection): void => {
    if (!conn.waiting.lost) this.reset(conn);
  };

  /** The FIN of an exited server reaches the client: an idle pooled connection is discarded with a
   *  FIN-ACK (the server's orphaned socket sends the last ACK); a busy one is dealt with by what it
   *  carries. */
  private readonly serverFinArrived = (conn: Connection): void => {
    const list = conn.client.idle.get(conn.service);
    const i = list ? list.indexOf(conn) : -1;
    if (i < 0) return;
    list!.splice(i, 1);
    const p = this.cluster.profile;
    const hooks = this.packets.toServer(conn);
    hooks.senderNs += p.syscallNs + p.tcpCloseNs;
    this.packets.send(conn.client.pod, conn.server, control, hooks, this.lastAck, conn, conn.ports, this.closed);
  };

  private readonly lastAck = (conn: Connection): void => {
    this.packets.send(conn.server, conn.client.pod, control, this.packets.toClient(conn), this.closed, conn, conn.ports, this.closed);
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
