/**
 * A Service connection's life below the requests it carries (service-traffic.ts): connect() → SYN
 * (the only packet that asks the proxy for a selection) → SYN-ACK → ACK, then close() → FIN →
 * FIN-ACK → ACK, and every way it fails. Every packet pays a conntrack lookup where it crosses a
 * host namespace; a new flow's first packet inserts an entry on each node it crosses; later packets
 * are translated from conntrack. A SYN that finds a table full is dropped (through the carrier's
 * drop path) and retransmitted after 1 s, 2 s, 4 s … (initial RTO 1 s, tcp_syn_retries 6). With
 * IPVS's connection table modelled (ipvs-conn-reuse.ts), a SYN from a port whose last connection's
 * IPVS entry is still in TIME_WAIT is dropped and retransmitted, or sent to the old real server, as
 * conn_reuse_mode and the kernel say. With NetworkPolicies (models/policy/) every SYN walks the
 * endpoint pod's ingress policy. Kernel queues drop packets (kernel-queues.ts): a SYN the server's
 * full accept queue refuses (`listen_overflow`: the requests waiting for the server application
 * stand for connections not yet accepted) or a SYN or SYN-ACK dropped on the way is retransmitted
 * as after a conntrack drop; a request or response segment dropped is retransmitted by its sender
 * at its RTO (each connection's timer, retransmission-timer.ts, first sampled from its handshake);
 * after tcp_retries2 retransmissions the request is given up (`timeout`, counted `lost`) with its
 * connection; a lost ACK, FIN or FIN-ACK ends the connection as if it had arrived.
 * With `endpointFate` (a rolling update, programmed-endpoints.ts) a SYN to an exited pod is refused
 * (RST) or lost (its node gone, drop reason `node_gone`), a request to one is reset; where the
 * client node's kube-proxy has no endpoint of the Service programmed, the node answers the SYN
 * itself (drop reason `no_endpoints`): ICMP port unreachable back into the pod, connect() fails
 * with ECONNREFUSED at once, cause `refused` (what the application sees is the same errno as a
 * RST from an exited pod; where it happened shows in the drop reasons). Every request that fails
 * for good is traced in `failures` with its cause. Simplifications: ACKs of data ride on data; the
 * userspace proxy's two sockets share one conntrack entry on the client's node; with pooled
 * connections the accept queue counts requests on established connections too (exact when each
 * connection carries one request). connect() times out when the timer after the 7th SYN fires,
 * 127 s after the first (tcp_syn_retries = 6, RTO doubling from 1 s: tcp_timer.c
 * tcp_write_timeout / retransmits_timed_out).
 */
import { type Simulation, type Station, TraceSource } from '../../sim/index.ts';
import type { Cluster, Pod } from '../datapath/cluster.ts';
import { ConnectionPackets, control } from '../services/connection-packets.ts';
import type { ConntrackTable } from '../netfilter/conntrack-table.ts';
import { type LostSegment, Retransmitter } from '../tcp/retransmission-timer.ts';
import type { ServiceCatalogue } from '../services/service-catalogue.ts';
import type { ServiceProxy } from '../services/proxier.ts';
import type { PolicyEnforcer } from '../policy/network-policy.ts';
import type { IngressController } from '../services/ingress-controller.ts';
import type { EndpointFate } from '../control-plane/programmed-endpoints.ts';
import type { Connection, FailureCause, Request } from './connection-records.ts';
import { synGivesUp, synTimerNs } from '../tcp/syn-timer.ts';

/** The drop reasons a rolling update adds: a packet lost with its endpoint's node, a datagram at
 *  an exited pod's unassigned address (UDP flows, udp-service-flows.ts), a SYN or datagram the
 *  client's node rejects for want of an endpoint. */
export const endpointFateDropReasons = ['node_gone', 'pod_gone', 'no_endpoints'] as const;


export abstract class ConnectionLifecycle {
  /** A new connection's proxy selection (its endpoint chosen, `rulesWalked` set). */
  readonly selected = new TraceSource<Connection>();
  /** A connection's SYN has left the client's node (sent at `synSentNs`). */
  readonly synLeft = new TraceSource<Connection>();
  /** A connection established at the client (connect() called at `connectNs`). */
  readonly established = new TraceSource<Connection>();
  /** A request failed for good, with its cause. */
  readonly failures = new TraceSource<{ cause: FailureCause; request: Request }>();
  /** The rolled Service's established connections by endpoint (with an `endpointFate`). */
  protected readonly live = new Map<number, Set<Connection>>();
  private fate: EndpointFate | null = null;
  /** Requests failed for good since the start of the run (connect() or DNS failed). */
  failed = 0;
  /** Requests given up (`timeout`) since the start of the run. */
  lost = 0;
  protected readonly packets: ConnectionPackets;
  private readonly userspace: boolean;
  private readonly requestTimers: Retransmitter<Connection>;
  private readonly responseTimers: Retransmitter<Connection>;

  constructor(
    protected readonly sim: Simulation,
    protected readonly cluster: Cluster,
    protected readonly catalogue: ServiceCatalogue,
    protected readonly proxy: ServiceProxy,
    protected readonly conntrack: (node: number) => ConntrackTable,
    /** The requests' and responses' sizes, bytes (what a retransmission resends). */
    private readonly bytes: { readonly requestBytes: number; readonly responseBytes: number },
    /** NetworkPolicies on the endpoint pods' ingress; null: none. */
    private readonly policy: PolicyEnforcer | null,
    /** The Ingress controller the clients connect to; null: straight to the Service. */
    protected readonly ingress: IngressController | null,
  ) {
    this.packets = new ConnectionPackets(cluster, proxy, conntrack, policy);
    this.userspace = proxy.mode === 'userspace';
    const count = cluster.carrier.retransmitted.bind(cluster.carrier);
    const common = { timer: (c: Connection) => c.timer, waiting: (c: Connection) => !c.waiting.lost, giveUp: this.giveUp };
    this.requestTimers = new Retransmitter(sim, count, { ...common, resend: (l) => this.resend(l, true) });
    this.responseTimers = new Retransmitter(sim, count, { ...common, resend: (l) => this.resend(l, false) });
  }

  /** Endpoints that may have exited (a rolling update's, programmed-endpoints.ts); null: every
   *  endpoint serves. */
  get endpointFate(): EndpointFate | null {
    return this.fate;
  }

  set endpointFate(f: EndpointFate | null) {
    this.fate = f;
    f?.exited.subscribe(this.podExited);
  }

  /** Endpoint `endpoint` of the rolled Service has exited with its node up: its sockets close. */
  protected abstract readonly podExited: (endpoint: number) => void;

  /** Request `r` has ended (answered, or failed for good): its issuer goes on. */
  protected abstract ended(r: Request): void;
  /** Where the server application runs on node `n` (its accept queue is this station's queue). */
  protected abstract serverApp(n: number): Station;
  /** `conn` is established: its first request goes out. */
  protected abstract sendRequest(conn: Connection, r: Request): void;

  /** Sends (or resends) the SYN; the client's table decides first, then the proxy selects. */
  protected readonly sendSyn = (conn: Connection): void => {
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
      if (this.fate?.rejects(a, conn.service)) {
        // The SYN leaves the pod and meets the no-endpoint verdict in the host namespace; its
        // unconfirmed conntrack entry goes with it. The ICMP error is routed back over the veth,
        // the pod's stack takes it like a segment (icmp_rcv → tcp_v4_err) and wakes connect().
        this.cluster.carrier.reject(`node-${a}`, 'no_endpoints', false);
        const replyNs = p.routeNs + p.vethNs + p.tcpRxNs + p.wakeupNs + p.syscallNs;
        this.cluster.node(a).cpu.request(senderNs + p.tcpTxNs + p.vethNs + p.conntrackInsertNs + this.fate.rejectNs + replyNs, this.refused, conn);
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
    if (synGivesUp(conn.attempts)) {
      // The last SYN's timer still runs: connect() fails when it fires (tcp_syn_retries = 6:
      // 1 + 2 + … + 64 = 127 s after the first SYN).
      this.sim.schedule(synTimerNs(conn.attempts), this.timedOut, conn);
      return;
    }
    this.sim.schedule(synTimerNs(conn.attempts++), this.sendSyn, conn);
  }

  /** connect() fails for `conn`'s request. */
  private fail(conn: Connection, cause: FailureCause): void {
    this.failed++;
    if (this.failures.active) this.failures.emit({ cause, request: conn.waiting });
    this.ended(conn.waiting);
    if (conn.ctClient !== null) this.conntrack(conn.client.node).transition(conn.ctClient, this.sim.now, 'timeWait');
    if (conn.endpoint >= 0) this.proxy.closed(conn.client.node, conn.service, conn.endpoint, this.sim.now);
  }

  private readonly timedOut = (conn: Connection): void => this.fail(conn, 'timeout');

  /** The RST to a SYN, back at the client as long after the SYN's arrival as the SYN took. */
  private readonly refused = (conn: Connection): void => this.fail(conn, 'refused');

  private readonly synArrived = (conn: Connection): void => {
    const p = this.cluster.profile;
    const a = conn.client.node, b = conn.node;
    const fate = this.fate === null ? 'served' : this.fate.synArrives(conn.service, conn.endpoint);
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
    if (this.fate?.service === conn.service) {
      let set = this.live.get(conn.endpoint);
      if (!set) this.live.set(conn.endpoint, set = new Set());
      set.add(conn);
    }
    // A lost ACK costs nothing more: the request's first segment acknowledges the SYN-ACK too.
    this.packets.send(conn.client.pod, conn.server, control, this.packets.toServer(conn), noop, conn, conn.ports, noop);
    this.sendRequest(conn, conn.waiting);
  };

  /** Segment `index` of the request or response on `conn` was dropped: its sender's timer runs. */
  protected readonly requestLost = (conn: Connection, index: number): void => {
    this.requestTimers.dropped({ arg: conn, index, sentNs: conn.waiting.sentNs, retransmissions: 0 });
  };

  protected readonly responseLost = (conn: Connection, index: number): void => {
    this.responseTimers.dropped({ arg: conn, index, sentNs: conn.waiting.respondedNs, retransmissions: 0 });
  };

  private resend(l: LostSegment<Connection>, toServer: boolean): void {
    const conn = l.arg;
    conn.waiting.retransmitted = true;
    const bytes = toServer ? this.bytes.requestBytes : this.bytes.responseBytes;
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
  protected reset(conn: Connection): void {
    const r = conn.waiting;
    r.lost = true;
    if (this.failures.active) this.failures.emit({ cause: 'reset', request: r });
    this.closed(conn);
    this.ended(r);
  }

  /** close() after the connection's last request: FIN → FIN-ACK → ACK. */
  protected close(conn: Connection): void {
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

  protected readonly closed = (conn: Connection): void => {
    const now = this.sim.now;
    if (this.fate?.service === conn.service) this.live.get(conn.endpoint)?.delete(conn);
    if (conn.ctClient !== null) this.conntrack(conn.client.node).transition(conn.ctClient, now, 'timeWait');
    if (conn.ctServer !== null) this.conntrack(conn.node).transition(conn.ctServer, now, 'timeWait');
    this.proxy.closed(conn.client.node, conn.service, conn.endpoint, now);
    this.proxy.reuse?.closed(conn.client.node, conn.service, conn.client.addr, conn.ports[0], conn.endpoint, now);
  };
}

function endpointPod(node: number): Pod {
  return { name: `endpoints@node-${node}`, node };
}

export function noop(): void {}
