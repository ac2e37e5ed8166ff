/**
 * Long-lived UDP flows from the client pods to the ClusterIP of the Service a Deployment rolls
 * (rolling-update.ts): statsd, syslog, a DNS client reusing its socket. Each flow is one connected
 * socket, so one 5-tuple (its fixed source port), sending `datagramsPerS` datagrams at a constant
 * rate (flow j of F on a client starts j/F of a gap into the run), each answered when `replyBytes`
 * > 0. Every datagram crosses the client node's conntrack (conntrack-table.ts): the first creates
 * the DNAT entry to an endpoint chosen from the node's programmed view (programmed-endpoints.ts, on
 * the stream `udp/endpoint-pick`), later ones follow the entry while it lives, and each refreshes it
 * (nf_conntrack_udp_packet: 30 s while unreplied; once a reply was seen, 30 s in the entry's first
 * 2 s and 120 s after). The entry outlives its endpoint: a datagram on it to a pod that has exited
 * is dropped at the endpoint's node, its IP unassigned (`pod_gone`: no pod behind the address, the
 * neighbour never resolves), or lost with the node (`node_gone`). Nothing in the kernel ends this;
 * kube-proxy deletes the entries (conntrack -D, since 1.32 the reconciler CleanStaleEntries of
 * pkg/proxy/conntrack/cleanup.go) on each node when a sync ends, after its rules are restored,
 * keeping those whose endpoint the node's programmed view still has, by version:
 * - legacy (kube-proxy ≤ 1.20, whose Endpoints held ready addresses only; ≤ 1.27 kept the rule,
 *   detectStaleConntrackEntries, PR #106163): the ready endpoints, so a flow on a terminating pod
 *   moves when its node programs the termination;
 * - current (≥ 1.28, PR #119394; the 1.32 reconciler checks IsServing): the serving ones (ready or
 *   terminating within its grace), so a flow stays on a terminating pod and, from its exit until
 *   its node's sync that programs the removal ends, its datagrams are lost: the blackhole window.
 * The next datagram is NEW and picks from the view. With instant programming (the test switch)
 * every node programs, and cleans, at the change itself: a current-version flow still stays on its
 * terminating pod to the exit, and only a datagram on the wire at the exit is lost.
 * Known simplifications: the cleanup takes no time (kube-proxy exec'd `conntrack -D` per stale
 * endpoint before 1.32, and the reconciler lists the whole table every sync); IPVS's own connection
 * table is not modelled (kube-proxy deletes a UDP real server at once and, before kernel 5.9, the
 * next datagram on an ip_vs_conn to it is dropped by expire_nodest_conn); the 1.32 reconciler's
 * skip of a Service with no serving endpoint (fixed by PR #139629) is not; an ICMP error from the
 * endpoint's node is not sent (the application would ignore it); the server application's time is
 * not charged; the flows never close (a resolver's socket would be reopened after errors).
 */
import type { Simulation } from '../../sim/index.ts';
import { TraceSource } from '../../sim/index.ts';
import type { Cluster, Segment } from '../datapath/cluster.ts';
import type { ConnectionPackets } from '../services/connection-packets.ts';
import type { ConntrackTable, TimeoutClass } from '../netfilter/conntrack-table.ts';
import type { ServiceCatalogue } from '../services/service-catalogue.ts';
import type { ProgrammedEndpoints } from '../control-plane/programmed-endpoints.ts';
import type { ControlPlane } from '../control-plane/control-plane.ts';
import type { PodChange, RollingUpdate } from '../control-plane/rolling-update.ts';
import type { KubeProxyVersion } from '../services/kube-proxy-ruleset.ts';
import type { BlackholeWindow, Datagram, UdpFlow, UdpFlowsConfig, UdpLossCause } from './udp-flow-records.ts';

/** The endpoints' port (a statsd or DNS server's, for RSS only). */
const serverPort = 8125;
/** nf_conntrack_udp_packet: a replied entry's timeout stays the unreplied one for its first 2 s. */
const streamAfterNs = 2e9;

const datagram = (bytes: number): Segment => ({ payloadBytes: bytes, messageBytes: bytes, first: true, last: true });

export class UdpServiceFlows {
  readonly sent = new TraceSource<Datagram>();
  readonly delivered = new TraceSource<Datagram>();
  readonly lost = new TraceSource<{ datagram: Datagram; cause: UdpLossCause }>();
  readonly windows = new TraceSource<BlackholeWindow>();
  /** Entries kube-proxy deleted, at the time of each deletion (its node). */
  readonly deleted = new TraceSource<number>();
  readonly replies = { sent: 0, received: 0 };
  readonly flows: UdpFlow[] = [];
  private readonly byNode = new Map<number, UdpFlow[]>();
  private readonly service: number;
  /** When each pod exited (Infinity: not yet). */
  private readonly exitNs: number[];
  private readonly gapNs: number;
  private readonly out: Segment;
  private readonly back: Segment;

  constructor(
    private readonly sim: Simulation,
    private readonly cluster: Cluster,
    private readonly catalogue: ServiceCatalogue,
    private readonly packets: ConnectionPackets,
    private readonly conntrack: (node: number) => ConntrackTable,
    /** The client nodes' programmed views of the rolled Service, on the flows' own pick stream. */
    private readonly view: ProgrammedEndpoints,
    cp: ControlPlane,
    private readonly rollout: RollingUpdate,
    private readonly version: KubeProxyVersion,
    instant: boolean,
    clientNodes: readonly number[],
    private readonly config: UdpFlowsConfig,
  ) {
    this.service = rollout.config.service;
    this.exitNs = rollout.state.map(() => Infinity);
    this.gapNs = Math.round(1e9 / config.datagramsPerS);
    this.out = datagram(config.datagramBytes);
    this.back = datagram(config.replyBytes);
    const f = config.flowsPerClient;
    for (const node of clientNodes) {
      const list: UdpFlow[] = [];
      for (let j = 0; j < f; j++) {
        const flow: UdpFlow = {
          id: this.flows.length, node, pod: { name: `client-${node}`, node }, addr: catalogue.addressing.podAddr(node, 0),
          ports: [60999 - j, serverPort], entry: null, expiresNs: 0, createdNs: 0, replied: false, endpoint: -1, server: { name: '', node },
          serverEntry: null, serverNode: -1, serverExpiresNs: 0, blackholeFromNs: -1, blackholeSent: 0,
        };
        this.flows.push(flow);
        list.push(flow);
        sim.at(sim.now + Math.floor((this.gapNs * j) / f), this.send, flow);
      }
      this.byNode.set(node, list);
    }
    // Instantly programmed, a node cleans up at the change itself, before a flow could be seen
    // blackholed by it.
    if (instant) rollout.changed.subscribe(() => { for (const node of this.byNode.keys()) this.cleanUp(node); });
    else cp.syncDone.subscribe((r) => this.cleanUp(r.node));
    rollout.changed.subscribe(this.onChange);
  }

  private readonly onChange = (c: PodChange): void => {
    if (c.state !== 'gone') return;
    const now = this.sim.now;
    this.exitNs[c.pod] = now;
    for (const f of this.flows) {
      if (f.entry !== null && f.expiresNs > now && f.endpoint === c.pod) this.blackhole(f, now);
    }
  };

  private blackhole(f: UdpFlow, now: number): void {
    f.blackholeFromNs = now;
    f.blackholeSent = 0;
  }

  private endWindow(f: UdpFlow, toNs: number, end: BlackholeWindow['end']): void {
    if (f.blackholeFromNs < 0) return;
    if (this.windows.active) this.windows.emit({ flow: f.id, node: f.node, fromNs: f.blackholeFromNs, toNs, sent: f.blackholeSent, end });
    f.blackholeFromNs = -1;
  }

  /** kube-proxy's cleanup on `node` after a sync: entries whose endpoint the view no longer keeps go. */
  private cleanUp(node: number): void {
    const flows = this.byNode.get(node);
    if (!flows) return;
    const now = this.sim.now;
    const v = this.view.programmed(node);
    const keep = this.version === 'legacy' ? v.ready : [...v.ready, ...v.serving];
    const table = this.conntrack(node);
    for (const f of flows) {
      if (f.entry === null || f.expiresNs <= now || keep.includes(f.endpoint)) continue;
      table.remove(f.entry, now);
      f.entry = null;
      if (this.deleted.active) this.deleted.emit(node);
      this.endWindow(f, now, 'deleted');
    }
  }

  /** A timeout class as nf_conntrack_udp_packet picks it for a packet of `f` now. */
  private classOf(f: UdpFlow, now: number): TimeoutClass {
    return f.replied && now - f.createdNs > streamAfterNs ? 'udpStream' : 'udp';
  }

  private refresh(f: UdpFlow, now: number): void {
    const table = this.conntrack(f.node);
    const cls = this.classOf(f, now);
    f.entry = table.transition(f.entry!, now, cls);
    f.expiresNs = now + table.config.timeoutsNs[cls];
  }

  private readonly send = (f: UdpFlow): void => {
    this.sim.schedule(this.gapNs, this.send, f);
    const p = this.cluster.profile;
    const now = this.sim.now;
    const a = f.node;
    const ta = this.conntrack(a);
    const onEntry = f.entry !== null && f.expiresNs > now;
    let senderNs: number;
    if (onEntry) {
      this.refresh(f, now);
      senderNs = ta.lookupNs(true) + this.view.translateNs;
    } else {
      if (f.entry !== null) this.endWindow(f, f.expiresNs, 'expired');
      if (this.view.rejects(a, this.service)) {
        // No endpoint programmed: the no-endpoint verdict drops it on this node with an ICMP port
        // unreachable (programmed-endpoints.ts), its unconfirmed entry with it: the next is NEW.
        f.entry = null;
        const d = this.datagramOf(f, now, false);
        if (this.sent.active) this.sent.emit(d);
        this.cluster.carrier.reject(`node-${a}`, 'no_endpoints', false);
        this.cluster.node(a).cpu.request(ta.lookupNs(false) + p.conntrackInsertNs + this.view.rejectNs + p.routeNs + p.vethNs + p.udpRxNs, () => {});
        if (this.lost.active) this.lost.emit({ datagram: d, cause: 'other' });
        return;
      }
      f.entry = ta.insert(now, 'udp');
      if (f.entry === null) {
        const d = this.datagramOf(f, now, false);
        if (this.sent.active) this.sent.emit(d);
        this.cluster.carrier.reject(`node-${a}`, 'conntrack_full', false);
        if (this.lost.active) this.lost.emit({ datagram: d, cause: 'other' });
        return;
      }
      const sel = this.view.select(a, this.service, f.addr, now);
      const node = this.catalogue.endpointNode(this.service, sel.endpoint);
      f.endpoint = sel.endpoint;
      f.server = { name: `endpoints@node-${node}`, node };
      f.createdNs = now;
      f.expiresNs = now + ta.config.timeoutsNs.udp;
      f.replied = false;
      if (this.rollout.state[sel.endpoint] === 'gone') this.blackhole(f, now);
      senderNs = ta.lookupNs(false) + p.conntrackInsertNs + sel.ns;
    }
    if (f.blackholeFromNs >= 0) f.blackholeSent++;
    const d = this.datagramOf(f, now, onEntry);
    if (this.sent.active) this.sent.emit(d);
    const b = d.node;
    let receiverNs = 0;
    if (b !== a) {
      const fresh = this.serverEntryLive(f, b, now);
      receiverNs = fresh ? this.conntrack(b).lookupNs(true) : this.conntrack(b).lookupNs(false) + p.conntrackInsertNs + this.view.unmatchedNs;
    }
    this.packets.send(f.pod, d.server, this.out, { senderNs, receiverNs }, this.arrived, d, f.ports, this.droppedOnWay);
  };

  private datagramOf(f: UdpFlow, now: number, onEntry: boolean): Datagram {
    return { flow: f, client: f, sentNs: now, endpoint: f.endpoint, node: f.server.node, server: f.server, ports: f.ports, onEntry };
  }

  /** At the endpoint's node: its conntrack (PREROUTING, before routing finds no pod), then the pod. */
  private readonly arrived = (d: Datagram): void => {
    const now = this.sim.now;
    const b = d.node;
    const fate = this.view.synArrives(this.service, d.endpoint);
    if (fate === 'lost') return this.drop(d, 'node_gone', this.causeOf(d));
    const f = d.flow;
    if (b !== f.node) {
      const tb = this.conntrack(b);
      if (this.serverEntryLive(f, b, now)) {
        f.serverEntry = tb.transition(f.serverEntry!, now, 'udp');
      } else {
        f.serverEntry = tb.insert(now, 'udp');
        if (f.serverEntry === null) return this.drop(d, 'conntrack_full', 'other');
        f.serverNode = b;
      }
      f.serverExpiresNs = now + tb.config.timeoutsNs.udp;
    }
    if (fate === 'refused') return this.drop(d, 'pod_gone', this.causeOf(d));
    if (this.delivered.active) this.delivered.emit(d);
    if (this.config.replyBytes === 0) return;
    this.replies.sent++;
    this.packets.send(d.server, f.pod, this.back, this.packets.toClient(d), this.answered, d, d.ports);
  };

  private serverEntryLive(f: UdpFlow, node: number, now: number): boolean {
    return f.serverEntry !== null && f.serverNode === node && f.serverExpiresNs > now;
  }

  private causeOf(d: Datagram): UdpLossCause {
    if (d.sentNs < this.exitNs[d.endpoint]) return 'in_flight';
    return d.onEntry ? 'stale_entry' : 'stale_rules';
  }

  private drop(d: Datagram, reason: string, cause: UdpLossCause): void {
    this.cluster.carrier.reject(`node-${d.node}`, reason, true);
    if (this.lost.active) this.lost.emit({ datagram: d, cause });
  }

  private readonly droppedOnWay = (d: Datagram): void => {
    if (this.lost.active) this.lost.emit({ datagram: d, cause: 'other' });
  };

  /** The answer is back through the client node's table: the entry has seen a reply. */
  private readonly answered = (d: Datagram): void => {
    this.replies.received++;
    const f = d.flow;
    const now = this.sim.now;
    if (f.entry === null || f.expiresNs <= now || f.endpoint !== d.endpoint) return;
    f.replied = true;
    this.refresh(f, now);
  };
}
