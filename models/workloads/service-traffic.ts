/**
 * Clients calling Services over TCP, connection by connection. Each client pod (one per client
 * node) issues requests open-loop (Poisson); a request goes to a Service drawn by popularity, on
 * an idle pooled connection to that Service if one has uses left, else on a new connection:
 * connect() → SYN (the only packet that asks the proxy for a selection) → SYN-ACK → ACK →
 * request → response, and after `requestsPerConnection` requests close() → FIN → FIN-ACK → ACK.
 * Every packet pays a conntrack lookup where it crosses a host namespace; a new flow's first packet
 * inserts an entry on each node it crosses; later packets are translated from conntrack. A SYN
 * that finds a table full is dropped and retransmitted after 1 s, 2 s, 4 s … (initial RTO 1 s,
 * tcp_syn_retries 6). Draws (arrivals, Service, application service time) come from per-client
 * streams in issue order, so every compared proxy mode sees the same requests. With `dnsServiceNs`
 * each new connection starts with a DNS lookup through the kube-dns Service (dns-lookup.ts).
 * Simplifications: ACKs of data ride on data; the userspace proxy's two sockets share one
 * conntrack entry on the client's node.
 */
import { type DistributionSpec, LatencyRecorder, type RandomStream, sampler, type Simulation, type Streams, TraceSource } from '../../sim/index.ts';
import type { Cluster, Pod } from '../datapath/cluster.ts';
import { ConnectionPackets, control } from '../services/connection-packets.ts';
import type { ConntrackEntry, ConntrackTable } from '../netfilter/conntrack-table.ts';
import { DnsLookups } from './dns-lookup.ts';
import type { ServiceCatalogue } from '../services/service-catalogue.ts';
import type { ServiceProxy } from '../services/proxier.ts';

export interface ServiceTrafficConfig {
  clientNodes: number[];
  /** Requests per second over all clients. */
  rateRps: number;
  requestsPerConnection: number;
  requestBytes: number;
  responseBytes: number;
  serviceTime: DistributionSpec;
  /** CoreDNS's time to answer a lookup made before each new connection, ns; null: no lookups. */
  dnsServiceNs: number | null;
}

/** Initial SYN retransmission timeout, ns (RFC 6298, Linux TCP_TIMEOUT_INIT). */
const initialRtoNs = 1e9;
/** SYN retransmissions before connect() fails (net.ipv4.tcp_syn_retries default). */
const synRetries = 6;

interface Client {
  node: number;
  pod: Pod;
  addr: number;
  pick: RandomStream;
  serve: () => number;
  idle: Map<number, Connection[]>;
}

interface Connection {
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
  waiting: Request;
}

export interface IssueEvent {
  timeNs: number;
  clientNode: number;
  service: number;
}

export interface ConnectionDropEvent {
  timeNs: number;
  node: number;
  reason: 'conntrack table full';
}

interface Request {
  issuedNs: number;
  serviceNs: number;
}

export class ServiceTraffic {
  readonly issued = new TraceSource<IssueEvent>();
  readonly drop = new TraceSource<ConnectionDropEvent>();
  readonly firstPacket = new LatencyRecorder();
  readonly connect = new LatencyRecorder();
  readonly request = new LatencyRecorder();
  completed = 0;
  /** Requests issued since `recordFromNs` (completed or not). */
  issuedRecorded = 0;
  connections = 0;
  failed = 0;
  /** Rules evaluated by recorded new connections' selections, summed. */
  rulesWalked = 0;
  selections = 0;
  /** Requests issued before this time are not recorded (warm-up). */
  recordFromNs = 0;
  private readonly packets: ConnectionPackets;
  readonly dns: DnsLookups | null;
  private readonly userspace: boolean;

  constructor(
    private readonly sim: Simulation,
    private readonly cluster: Cluster,
    private readonly catalogue: ServiceCatalogue,
    private readonly proxy: ServiceProxy,
    private readonly conntrack: (node: number) => ConntrackTable,
    private readonly config: ServiceTrafficConfig,
    streams: Streams,
  ) {
    this.packets = new ConnectionPackets(sim, cluster, proxy, conntrack);
    this.dns = config.dnsServiceNs === null ? null : new DnsLookups(sim, cluster, catalogue, proxy, conntrack, this.packets, config.dnsServiceNs);
    this.userspace = proxy.mode === 'userspace';
    const meanGapNs = (1e9 * config.clientNodes.length) / config.rateRps;
    for (const node of config.clientNodes) {
      const name = `client-${node}`;
      const client: Client = {
        node, pod: { name, node }, addr: catalogue.addressing.podAddr(node, 0), pick: streams.get(`services/${name}`),
        serve: sampler(config.serviceTime, streams.get(`service-time/${name}`)), idle: new Map(),
      };
      const gaps = streams.get(`arrivals/${name}`);
      const next = (): void => {
        this.issue(client);
        sim.schedule(Math.round(gaps.exponential(meanGapNs)), next);
      };
      sim.schedule(Math.round(gaps.exponential(meanGapNs)), next);
    }
  }

  private issue(client: Client): void {
    const s = this.catalogue.pick(client.pick);
    if (this.issued.active) this.issued.emit({ timeNs: this.sim.now, clientNode: client.node, service: s });
    const r: Request = { issuedNs: this.sim.now, serviceNs: client.serve() };
    if (r.issuedNs >= this.recordFromNs) this.issuedRecorded++;
    const conn = client.idle.get(s)?.pop();
    if (conn) this.sendRequest(conn, r);
    else this.open(client, s, r);
  }

  private open(client: Client, service: number, r: Request): void {
    this.connections++;
    const conn: Connection = {
      client, service, endpoint: -1, node: -1, server: client.pod, uses: 0, attempts: 0,
      connectNs: 0, synSentNs: 0, ctClient: null, ctServer: null, waiting: r,
    };
    if (this.dns) this.dns.resolve(client, () => this.sendSyn(conn), () => this.failed++);
    else this.sendSyn(conn);
  }

  /** Sends (or resends) the SYN; the client's table decides first, then the proxy selects. */
  private readonly sendSyn = (conn: Connection): void => {
    const p = this.cluster.profile;
    const a = conn.client.node;
    const ta = this.conntrack(a);
    const now = this.sim.now;
    if (conn.attempts === 0) conn.connectNs = now;
    let senderNs = (conn.attempts === 0 ? p.syscallNs + p.tcpConnectNs + this.proxy.connectNs : 0) + ta.lookupNs(conn.ctClient !== null);
    if (conn.ctClient === null) {
      conn.ctClient = ta.insert(now, 'established');
      if (conn.ctClient === null) {
        if (this.drop.active) this.drop.emit({ timeNs: now, node: a, reason: 'conntrack table full' });
        this.cluster.node(a).cpu.request(senderNs + p.tcpTxNs, noop);
        this.retransmit(conn);
        return;
      }
      const sel = this.proxy.select(a, conn.service, conn.client.addr, now);
      conn.endpoint = sel.endpoint;
      conn.node = this.catalogue.endpointNode(conn.service, sel.endpoint);
      conn.server = { name: `endpoints@node-${conn.node}`, node: conn.node };
      senderNs += p.conntrackInsertNs + sel.ns;
      if (conn.waiting.issuedNs >= this.recordFromNs) {
        this.rulesWalked += sel.rulesWalked;
        this.selections++;
      }
    } else {
      senderNs += this.proxy.translateNs;
    }
    const remote = conn.node !== a;
    const tb = this.conntrack(conn.node);
    const receiverNs = remote ? tb.lookupNs(false) + p.conntrackInsertNs + this.proxy.unmatchedNs : 0;
    conn.synSentNs = now;
    const hooks = { senderNs, receiverNs, leftSender: this.synLeft };
    if (this.userspace && conn.attempts === 0) this.packets.accept(a, () => this.packets.send(conn.client.pod, conn.server, control, hooks, this.synArrived, conn));
    else this.packets.send(conn.client.pod, conn.server, control, hooks, this.synArrived, conn);
  };

  private readonly synLeft = (conn: Connection): void => {
    if (conn.waiting.issuedNs >= this.recordFromNs) this.firstPacket.record(this.sim.now - conn.synSentNs);
  };

  private retransmit(conn: Connection): void {
    if (conn.attempts >= synRetries) {
      this.failed++;
      if (conn.ctClient !== null) this.conntrack(conn.client.node).transition(conn.ctClient, this.sim.now, 'timeWait');
      if (conn.endpoint >= 0) this.proxy.closed(conn.client.node, conn.service, conn.endpoint, this.sim.now);
      return;
    }
    this.sim.schedule(initialRtoNs * 2 ** conn.attempts++, this.sendSyn, conn);
  }

  private readonly synArrived = (conn: Connection): void => {
    const p = this.cluster.profile;
    const a = conn.client.node, b = conn.node;
    if (b !== a && conn.ctServer === null) {
      conn.ctServer = this.conntrack(b).insert(this.sim.now, 'established');
      if (conn.ctServer === null) {
        if (this.drop.active) this.drop.emit({ timeNs: this.sim.now, node: b, reason: 'conntrack table full' });
        this.retransmit(conn);
        return;
      }
    }
    const hooks = this.packets.toClient(conn);
    hooks.senderNs += p.tcpConnectNs;
    this.packets.send(conn.server, conn.client.pod, control, hooks, this.synAckArrived, conn);
  };

  private readonly synAckArrived = (conn: Connection): void => {
    const p = this.cluster.profile;
    this.cluster.node(conn.client.node).cpu.request(p.wakeupNs + p.syscallNs, this.established, conn);
  };

  private readonly established = (conn: Connection): void => {
    if (conn.waiting.issuedNs >= this.recordFromNs) this.connect.record(this.sim.now - conn.connectNs);
    this.packets.send(conn.client.pod, conn.server, control, this.packets.toServer(conn), noop, conn);
    this.sendRequest(conn, conn.waiting);
  };

  private sendRequest(conn: Connection, r: Request): void {
    conn.waiting = r;
    if (this.userspace) this.packets.relay(conn, this.config.requestBytes, () => this.packets.message(conn, this.config.requestBytes, true, this.atServer));
    else this.packets.message(conn, this.config.requestBytes, true, this.atServer);
  }

  private readonly atServer = (conn: Connection): void => {
    this.cluster.node(conn.node).cpu.request(conn.waiting.serviceNs, this.respond, conn);
  };

  private readonly respond = (conn: Connection): void => {
    this.packets.message(conn, this.config.responseBytes, false, this.atClient);
  };

  private readonly atClient = (conn: Connection): void => {
    if (this.userspace) this.packets.relay(conn, this.config.responseBytes, () => this.finish(conn));
    else this.finish(conn);
  };

  private finish(conn: Connection): void {
    const r = conn.waiting;
    if (r.issuedNs >= this.recordFromNs) {
      this.request.record(this.sim.now - r.issuedNs);
      this.completed++;
    }
    if (++conn.uses >= this.config.requestsPerConnection) this.close(conn);
    else this.pool(conn).push(conn);
  }

  private close(conn: Connection): void {
    const p = this.cluster.profile;
    const hooks = this.packets.toServer(conn);
    hooks.senderNs += p.syscallNs + p.tcpCloseNs;
    this.packets.send(conn.client.pod, conn.server, control, hooks, this.finArrived, conn);
  }

  private readonly finArrived = (conn: Connection): void => {
    const hooks = this.packets.toClient(conn);
    hooks.senderNs += this.cluster.profile.tcpCloseNs;
    this.packets.send(conn.server, conn.client.pod, control, hooks, this.finAckArrived, conn);
  };

  private readonly finAckArrived = (conn: Connection): void => {
    this.packets.send(conn.client.pod, conn.server, control, this.packets.toServer(conn), this.closed, conn);
  };

  private readonly closed = (conn: Connection): void => {
    const now = this.sim.now;
    if (conn.ctClient !== null) this.conntrack(conn.client.node).transition(conn.ctClient, now, 'timeWait');
    if (conn.ctServer !== null) this.conntrack(conn.node).transition(conn.ctServer, now, 'timeWait');
    this.proxy.closed(conn.client.node, conn.service, conn.endpoint, now);
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

function noop(): void {}
