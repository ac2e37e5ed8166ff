/**
 * The upstream leg of an Ingress controller replica (ingress-controller.ts): its connections to
 * the Service's endpoint pods, addressed by pod IP as ingress-nginx's Lua balancer addresses them
 * (it holds the EndpointSlices' addresses and bypasses the Service's ClusterIP, so kube-proxy
 * never selects for it: a new upstream flow walks the node's nat chains without a match, as any
 * pod-IP flow does, and gets its conntrack entries). The balancer picks the peer first (round
 * robin per Service, ingress-nginx's default `load-balance`), then nginx's keepalive cache looks
 * for an idle connection to that peer; without one a new connection opens (SYN, SYN-ACK, ACK: the
 * handshake and a conntrack insertion on each node it crosses). After the response the connection
 * goes back to the cache, which holds at most `capacity` idle connections (nginx `keepalive N`
 * per worker, times the workers) and closes the least recently used beyond it; capacity 0 closes
 * every connection after its one request (FIN, FIN-ACK, ACK). Segments a kernel queue drops are
 * retransmitted at their RTO, a SYN at 1 s, 2 s, 4 s …; after tcp_syn_retries or tcp_retries2 the
 * request fails and the replica answers it anyway (nginx's 502), counted in `failed`.
 * Simplifications: one cache per replica shared by its workers (nginx keeps one per worker); no
 * upstream-keepalive-requests or keepalive_timeout limits; no passive health checks or retries to
 * another peer.
 */
import { type Simulation, type Station, TraceSource } from '../../sim/index.ts';
import type { Cluster, Pod } from '../datapath/cluster.ts';
import type { ConntrackEntry, ConntrackTable } from '../netfilter/conntrack-table.ts';
import { type LostSegment, RetransmissionTimer, Retransmitter } from '../tcp/retransmission-timer.ts';
import { type ConnectionEnds, ConnectionPackets, control } from './connection-packets.ts';
import type { ServiceProxy } from './proxier.ts';
import type { ServiceCatalogue } from './service-catalogue.ts';
import { synGivesUp, synTimerNs } from '../tcp/syn-timer.ts';

/** One request the replica sends upstream: the endpoint's service time, and what runs when its
 *  response is back (or it failed). */
export interface UpstreamJob {
  service: number;
  serviceNs: number;
  done: () => void;
  failed: boolean;
  sentNs: number;
  atServerNs: number;
  respondedNs: number;
  retransmitted: boolean;
  arrived: (c: UpstreamConnection) => void;
}

/** An upstream connection as trace sinks see it. */
export interface UpstreamConnection extends ConnectionEnds {
  client: { node: number; pod: Pod };
  node: number;
  server: Pod;
  ports: readonly [number, number];
  service: number;
  endpoint: number;
  ctClient: ConntrackEntry | null;
  ctServer: ConntrackEntry | null;
  attempts: number;
  synSentNs: number;
  timer: RetransmissionTimer;
  job: UpstreamJob | null;
  uses: number;
  /** Bumped whenever it enters or leaves the idle cache (stale LRU entries are skipped). */
  idleStamp: number;
  idle: boolean;
  pool: UpstreamPool;
}

export interface UpstreamConfig {
  requestBytes: number;
  responseBytes: number;
  /** Threads of the server application per endpoint node; null: its cores serve it. */
  serverThreads: number | null;
}

const ephemeralFirst = 32768;
const ephemeralPorts = 60999 - 32768 + 1;
const serverPort = 80;

/** The shared machinery of every replica's upstream leg; `pool()` makes a replica's cache. */
export class UpstreamLegs {
  /** A new upstream connection opened (its SYN about to leave). */
  readonly opened = new TraceSource<UpstreamConnection>();
  /** Requests that failed upstream (answered by the replica itself). */
  failed = 0;
  readonly packets: ConnectionPackets;
  private readonly requestTimers: Retransmitter<UpstreamConnection>;
  private readonly responseTimers: Retransmitter<UpstreamConnection>;

  constructor(
    private readonly sim: Simulation,
    private readonly cluster: Cluster,
    private readonly catalogue: ServiceCatalogue,
    /** The pod-IP view of kube-proxy's rules (no selection, no translation). */
    private readonly podIp: ServiceProxy,
    private readonly conntrack: (node: number) => ConntrackTable,
    private readonly config: UpstreamConfig,
  ) {
    this.packets = new ConnectionPackets(cluster, podIp, conntrack);
    const count = cluster.carrier.retransmitted.bind(cluster.carrier);
    const common = { timer: (c: UpstreamConnection) => c.timer, waiting: (c: UpstreamConnection) => c.job !== null && !c.job.failed, giveUp: this.giveUp };
    this.requestTimers = new Retransmitter(sim, count, { ...common, resend: (l) => this.resend(l, true) });
    this.responseTimers = new Retransmitter(sim, count, { ...common, resend: (l) => this.resend(l, false) });
  }

  /** The cache of the replica `pod` holding at most `capacity` idle connections. */
  pool(pod: Pod, capacity: number): UpstreamPool {
    return new UpstreamPool(this, pod, capacity);
  }

  /** Opens a connection from `pool`'s replica to endpoint `endpoint` of Service `s` for `job`. */
  open(pool: UpstreamPool, s: number, endpoint: number, job: UpstreamJob): void {
    const node = this.catalogue.endpointNode(s, endpoint);
    const uc: UpstreamConnection = {
      client: { node: pool.pod.node, pod: pool.pod }, node, server: { name: `endpoints@node-${node}`, node },
      ports: [ephemeralFirst + (pool.connections++ % ephemeralPorts), serverPort], service: s, endpoint,
      ctClient: null, ctServer: null, attempts: 0, synSentNs: 0, timer: new RetransmissionTimer(), job, uses: 0,
      idleStamp: 0, idle: false, pool,
    };
    if (this.opened.active) this.opened.emit(uc);
    this.sendSyn(uc);
  }

  private readonly sendSyn = (uc: UpstreamConnection): void => {
    const p = this.cluster.profile;
    const a = uc.client.node;
    const ta = this.conntrack(a);
    if (uc.attempts > 0) this.cluster.carrier.retransmitted('syn');
    let senderNs = (uc.attempts === 0 ? p.syscallNs + p.tcpConnectNs : 0) + ta.lookupNs(uc.ctClient !== null);
    if (uc.ctClient === null) {
      uc.ctClient = ta.insert(this.sim.now, 'established');
      if (uc.ctClient === null) {
        this.cluster.carrier.reject(`node-${a}`, 'conntrack_full', false);
        this.cluster.node(a).cpu.request(senderNs + p.tcpTxNs, noop);
        this.retransmitSyn(uc);
        return;
      }
      // A new flow to a pod IP: nat's chains walked without a match on the replica's node.
      senderNs += p.conntrackInsertNs + this.podIp.unmatchedNs;
    }
    const remote = uc.node !== a;
    const receiverNs = remote ? this.conntrack(uc.node).lookupNs(false) + p.conntrackInsertNs + this.podIp.unmatchedNs : 0;
    uc.synSentNs = this.sim.now;
    this.packets.send(uc.client.pod, uc.server, control, { senderNs, receiverNs }, this.synArrived, uc, uc.ports, this.synLost);
  };

  private readonly synLost = (uc: UpstreamConnection): void => this.retransmitSyn(uc);

  private readonly timedOut = (uc: UpstreamConnection): void => {
    if (uc.ctClient !== null) this.conntrack(uc.client.node).transition(uc.ctClient, this.sim.now, 'timeWait');
    this.fail(uc);
  };

  private retransmitSyn(uc: UpstreamConnection): void {
    if (synGivesUp(uc.attempts)) {
      // The last SYN's timer still runs: connect() fails when it fires, 127 s after the first.
      this.sim.schedule(synTimerNs(uc.attempts), this.timedOut, uc);
      return;
    }
    this.sim.schedule(synTimerNs(uc.attempts++), this.sendSyn, uc);
  }

  private readonly synArrived = (uc: UpstreamConnection): void => {
    const b = uc.node;
    if (b !== uc.client.node && uc.ctServer === null) {
      uc.ctServer = this.conntrack(b).insert(this.sim.now, 'established');
      if (uc.ctServer === null) {
        this.cluster.carrier.reject(`node-${b}`, 'conntrack_full', true);
        this.retransmitSyn(uc);
        return;
      }
    }
    if (this.serverApp(b).queueLength >= this.cluster.queues.listenBacklog) {
      this.cluster.carrier.reject(`node-${b}/listen`, 'listen_overflow', true);
      this.retransmitSyn(uc);
      return;
    }
    const hooks = this.packets.toClient(uc);
    hooks.senderNs += this.cluster.profile.tcpConnectNs;
    this.packets.send(uc.server, uc.client.pod, control, hooks, this.synAckArrived, uc, uc.ports, this.synLost);
  };

  private readonly synAckArrived = (uc: UpstreamConnection): void => {
    const p = this.cluster.profile;
    if (uc.attempts === 0) uc.timer.sampleRtt(this.sim.now - uc.synSentNs);
    this.cluster.node(uc.client.node).cpu.request(p.wakeupNs + p.syscallNs, this.connected, uc);
  };

  private readonly connected = (uc: UpstreamConnection): void => {
    this.packets.send(uc.client.pod, uc.server, control, this.packets.toServer(uc), noop, uc, uc.ports, noop);
    this.send(uc);
  };

  /** Sends the connection's job's request (the connection is established). */
  send(uc: UpstreamConnection): void {
    const job = uc.job!;
    job.sentNs = this.sim.now;
    job.arrived = this.packets.message(uc, this.config.requestBytes, true, this.atServer, this.requestLost);
  }

  private serverApp(n: number): Station {
    const node = this.cluster.node(n);
    const threads = this.config.serverThreads;
    return threads === null ? node.cpu : node.application('server-app', threads);
  }

  private readonly atServer = (uc: UpstreamConnection): void => {
    const job = uc.job!;
    if (job.failed) return;
    job.atServerNs = this.sim.now;
    this.serverApp(uc.node).request(job.serviceNs, this.respond, uc);
  };

  private readonly respond = (uc: UpstreamConnection): void => {
    const job = uc.job!;
    job.respondedNs = this.sim.now;
    job.arrived = this.packets.message(uc, this.config.responseBytes, false, this.finish, this.responseLost);
  };

  private readonly requestLost = (uc: UpstreamConnection, index: number): void => {
    this.requestTimers.dropped({ arg: uc, index, sentNs: uc.job!.sentNs, retransmissions: 0 });
  };

  private readonly responseLost = (uc: UpstreamConnection, index: number): void => {
    this.responseTimers.dropped({ arg: uc, index, sentNs: uc.job!.respondedNs, retransmissions: 0 });
  };

  private resend(l: LostSegment<UpstreamConnection>, toServer: boolean): void {
    const uc = l.arg;
    uc.job!.retransmitted = true;
    const bytes = toServer ? this.config.requestBytes : this.config.responseBytes;
    this.packets.resend(uc, bytes, toServer, l.index, this.resentArrived, l, toServer ? this.requestDroppedAgain : this.responseDroppedAgain);
  }

  private readonly resentArrived = (l: LostSegment<UpstreamConnection>): void => {
    const job = l.arg.job;
    if (job !== null && !job.failed) job.arrived(l.arg);
  };

  private readonly requestDroppedAgain = (l: LostSegment<UpstreamConnection>): void => this.requestTimers.dropped(l);
  private readonly responseDroppedAgain = (l: LostSegment<UpstreamConnection>): void => this.responseTimers.dropped(l);

  private readonly giveUp = (uc: UpstreamConnection): void => {
    this.closed(uc);
    this.fail(uc);
  };

  /** The request on `uc` failed for good: the replica answers it itself. */
  private fail(uc: UpstreamConnection): void {
    const job = uc.job!;
    job.failed = true;
    uc.job = null;
    this.failed++;
    job.done();
  }

  private readonly finish = (uc: UpstreamConnection): void => {
    const job = uc.job!;
    if (job.failed) return;
    if (!job.retransmitted) uc.timer.sample(job.atServerNs - job.sentNs, job.respondedNs - job.atServerNs, this.sim.now - job.respondedNs);
    uc.job = null;
    uc.uses++;
    uc.pool.release(uc);
    job.done();
  };

  /** The replica closes `uc` (FIN, FIN-ACK, ACK). */
  close(uc: UpstreamConnection): void {
    const p = this.cluster.profile;
    const hooks = this.packets.toServer(uc);
    hooks.senderNs += p.syscallNs + p.tcpCloseNs;
    this.packets.send(uc.client.pod, uc.server, control, hooks, this.finArrived, uc, uc.ports, this.closed);
  }

  private readonly finArrived = (uc: UpstreamConnection): void => {
    const hooks = this.packets.toClient(uc);
    hooks.senderNs += this.cluster.profile.tcpCloseNs;
    this.packets.send(uc.server, uc.client.pod, control, hooks, this.finAckArrived, uc, uc.ports, this.closed);
  };

  private readonly finAckArrived = (uc: UpstreamConnection): void => {
    this.packets.send(uc.client.pod, uc.server, control, this.packets.toServer(uc), this.closed, uc, uc.ports, this.closed);
  };

  private readonly closed = (uc: UpstreamConnection): void => {
    const now = this.sim.now;
    if (uc.ctClient !== null) this.conntrack(uc.client.node).transition(uc.ctClient, now, 'timeWait');
    if (uc.ctServer !== null) this.conntrack(uc.node).transition(uc.ctServer, now, 'timeWait');
  };
}

/** One replica's keepalive cache: idle connections by peer, least recently used closed first. */
export class UpstreamPool {
  /** Connections this replica has opened (its next ephemeral port). */
  connections = 0;
  private readonly idle = new Map<number, UpstreamConnection[]>();
  private idleCount = 0;
  /** Idle connections in release order, with the stamp each had then (stale ones skipped). */
  private lru: { uc: UpstreamConnection; stamp: number }[] = [];
  private head = 0;

  constructor(private readonly legs: UpstreamLegs, readonly pod: Pod, readonly capacity: number) {}

  /** Sends `job` to endpoint `endpoint` of Service `s` on an idle connection to it; false when
   *  the cache holds none (the caller opens one). */
  take(s: number, endpoint: number, job: UpstreamJob): boolean {
    const uc = this.idle.get(key(s, endpoint))?.pop();
    if (uc === undefined) return false;
    uc.idle = false;
    uc.idleStamp++;
    this.idleCount--;
    uc.job = job;
    this.legs.send(uc);
    return true;
  }

  /** `uc`'s response is back: it is cached idle, or closed when the cache holds none. */
  release(uc: UpstreamConnection): void {
    if (this.capacity === 0) {
      this.legs.close(uc);
      return;
    }
    const k = key(uc.service, uc.endpoint);
    let list = this.idle.get(k);
    if (!list) {
      list = [];
      this.idle.set(k, list);
    }
    list.push(uc);
    uc.idle = true;
    this.lru.push({ uc, stamp: ++uc.idleStamp });
    if (++this.idleCount > this.capacity) this.evict();
    if (this.lru.length - this.head > 2 * this.capacity + 1024) this.compact();
  }

  private evict(): void {
    for (;;) {
      const { uc, stamp } = this.lru[this.head++];
      if (!uc.idle || uc.idleStamp !== stamp) continue;
      const list = this.idle.get(key(uc.service, uc.endpoint))!;
      list.splice(list.indexOf(uc), 1);
      uc.idle = false;
      uc.idleStamp++;
      this.idleCount--;
      this.legs.close(uc);
      return;
    }
  }

  private compact(): void {
    this.lru = this.lru.slice(this.head).filter((e) => e.uc.idle && e.uc.idleStamp === e.stamp);
    this.head = 0;
  }
}

function key(s: number, endpoint: number): number {
  return s * 1_000_003 + endpoint;
}

function noop(): void {}
