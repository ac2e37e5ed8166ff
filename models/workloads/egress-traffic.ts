/**
 * Pods calling one address outside the cluster over TCP, one connection per request, SNATed to
 * their node's address by MASQUERADE: the egress of xing-2017. Each client node runs `podsPerNode`
 * pods; each pod issues requests open-loop (Poisson) or closed-loop, each on a new connection:
 * connect() with the port its node's kernel gives (ephemeral-ports.ts) → SYN → SYN-ACK after the
 * destination's round trip → request → response (after the destination's service time) → close()
 * (FIN; the entry goes to TIME_WAIT). The SYN's netfilter work on the node (egress-path.ts) is a
 * conntrack miss, kube-proxy's nat rules matching no Service, the filter rules, MASQUERADE's port
 * choice (masquerade-ports.ts) and the confirm (confirm-stage.ts). The port is chosen against the
 * entries confirmed when MASQUERADE runs; the entry is confirmed `conntrackInsertNs` later, both
 * dated from the end of the SYN's netfilter stages on the core that ran them. A SYN whose tuple a
 * SYN on another core confirmed in between fails its confirm (insert_failed) and is dropped; as a
 * SYN that found no free port (exhausted) or a full table, it is retransmitted after 1 s, 2 s,
 * 4 s … (tcp_syn_retries 6). A SYN retransmitted after its entry was confirmed (its SYN-ACK was
 * lost) is an established packet. Later packets hit in conntrack and are un-SNATed from it.
 * Simplifications: one destination (so a port names a node's tuple); messages go as MSS
 * segments without ACKs; a dropped data segment loses its request (no RTO); the FIN's answer is
 * not modelled; a retransmitted SYN runs in task context like the first.
 */
import { type DistributionSpec, sampler, type Simulation, type Streams, TraceSource } from '../../sim/index.ts';
import type { Cluster } from '../datapath/cluster.ts';
import { EphemeralPorts } from '../datapath/ephemeral-ports.ts';
import { egressStages, ingressStages } from '../datapath/egress-path.ts';
import { bindPath, compileTemplate, type PathTemplate } from '../datapath/packet-path.ts';
import { fnv1a } from '../datapath/rss.ts';
import { ConfirmStage, confirmWindow } from '../netfilter/confirm-stage.ts';
import type { ConntrackEntry, ConntrackTable } from '../netfilter/conntrack-table.ts';
import { type MasqueradeConfig, MasqueradePorts } from '../netfilter/masquerade-ports.ts';
import type { Parameters } from '../parameters.ts';
import type { ServiceProxy } from '../services/proxier.ts';
import { ClosedLoopClient } from './closed-loop-client.ts';
import { loadGeneratorParameters, OpenLoopGenerator } from './open-loop-generator.ts';
import type { Arrival } from './request-response.ts';
import { synGivesUp, synTimerNs } from '../tcp/syn-timer.ts';

export const egressTrafficParameters = {
  podsPerNode: {
    value: 4, unit: 'pods', min: 1, integer: true,
    doc: 'Client pods per client node calling the outside address.',
    source: 'A choice: a few replicas of a client sharing a node, as in xing-2017 (several containers per host).',
  },
  rttUs: {
    value: 500, unit: 'us', min: 0,
    doc: "Round trip from the node's NIC to the outside destination and back, beyond the node's own link (the network and the destination's stack).",
    source: 'A choice: a destination in the same region (~0.5 ms), not a measurement.',
  },
} as const satisfies Parameters;

export interface EgressTrafficConfig {
  clientNodes: number[];
  podsPerNode: number;
  /** Open: requests per second over all pods; closed: users per pod. */
  arrival: Arrival;
  requestBytes: number;
  responseBytes: number;
  /** The destination's time to answer a request. */
  serviceTime: DistributionSpec;
  rttNs: number;
  masquerade: MasqueradeConfig;
  /** net.ipv4.ip_local_port_range of the pods. */
  localPorts: { first: number; last: number };
  /** Conntrack's TIME_WAIT timeout, ns: how long a closed connection's port stays in use. */
  timeWaitNs: number;
}


interface Pod {
  name: string;
  node: number;
  users: ClosedLoopClient | null;
  generator: OpenLoopGenerator | null;
}

/** A connection as trace sinks see it. */
export interface EgressConnection {
  pod: Pod;
  issuedNs: number;
  user: number;
  connectNs: number;
  attempts: number;
  original: number;
  /** The SNAT port, once the SYN's entry was confirmed (-1 before). */
  port: number;
  ct: ConntrackEntry | null;
  serveNs: number;
  lost: boolean;
}

export class EgressTraffic {
  readonly issued = new TraceSource<EgressConnection>();
  /** Every request answered; the value is its issue time, ns. */
  readonly answered = new TraceSource<number>();
  readonly established = new TraceSource<EgressConnection>();
  connections = 0;
  failed = 0;
  lost = 0;
  /** SYNs that found every port of MASQUERADE's range in use, since the start of the run. */
  exhausted = 0;
  readonly generators: OpenLoopGenerator[] = [];
  readonly confirm = new ConfirmStage('4.x');
  private readonly ports = new Map<number, { local: EphemeralPorts; masquerade: MasqueradePorts }>();
  private readonly templates = new Map<string, PathTemplate>();
  private readonly serve: () => number;

  constructor(
    private readonly sim: Simulation,
    private readonly cluster: Cluster,
    private readonly proxy: ServiceProxy,
    private readonly conntrack: (node: number) => ConntrackTable,
    private readonly config: EgressTrafficConfig,
    private readonly streams: Streams,
  ) {
    this.serve = sampler(config.serviceTime, streams.get('service-time/egress'));
    const a = config.arrival;
    const pods = config.clientNodes.length * config.podsPerNode;
    for (const node of config.clientNodes) {
      for (let i = 0; i < config.podsPerNode; i++) {
        const pod: Pod = { name: `client-${node}-${i}`, node, users: null, generator: null };
        if (a.kind === 'closed') {
          pod.users = new ClosedLoopClient(sim, a.concurrency, a.thinkNs, (user) => this.issue(pod, user));
          continue;
        }
        const max = a.maxOutstanding ?? loadGeneratorParameters.maxOutstanding.value;
        pod.generator = new OpenLoopGenerator(sim, (1e9 * pods) / a.rateRps, streams.get(`arrivals/${pod.name}`), max, () => this.issue(pod, -1));
        this.generators.push(pod.generator);
      }
    }
  }

  /** The window from MASQUERADE's port choice to the confirm, ns. */
  get windowNs(): number {
    return this.cluster.profile.masqueradeNs + this.cluster.profile.conntrackInsertNs;
  }

  private portsOf(node: number) {
    let p = this.ports.get(node);
    if (!p) {
      const l = this.config.localPorts;
      p = {
        local: new EphemeralPorts(l.first, l.last, this.streams.get(`ephemeral-ports/node-${node}`)),
        masquerade: new MasqueradePorts(this.config.masquerade, this.streams.get(`masquerade/node-${node}`)),
      };
      this.ports.set(node, p);
    }
    return p;
  }

  private issue(pod: Pod, user: number): void {
    this.connections++;
    const conn: EgressConnection = {
      pod, issuedNs: this.sim.now, user, connectNs: this.sim.now, attempts: 0,
      original: this.portsOf(pod.node).local.next(pod.name), port: -1, ct: null, serveNs: this.serve(), lost: false,
    };
    if (this.issued.active) this.issued.emit(conn);
    this.sendSyn(conn);
  }

  private readonly sendSyn = (conn: EgressConnection): void => {
    const p = this.cluster.profile;
    const ct = this.conntrack(conn.pod.node);
    const confirmed = conn.port >= 0;
    const firstNs = conn.attempts === 0 ? p.syscallNs + p.tcpConnectNs : 0;
    const natNs = confirmed ? ct.lookupNs(true) + this.proxy.translateNs : ct.lookupNs(false) + this.proxy.unmatchedNs + this.windowNs;
    this.out(conn, 0, true, firstNs + natNs + this.proxy.filterNs, this.synLeft, this.synOut, this.retransmit);
  };

  /** The SYN's netfilter stages ended at `hookEndNs`: MASQUERADE chose its port `windowNs`
   *  before, against the entries confirmed then; now its entry is confirmed, or not. */
  private readonly synLeft = (conn: EgressConnection, hookEndNs: number): string | void => {
    if (conn.port >= 0) return;
    const verdict = this.confirmSyn(conn, hookEndNs);
    // The carrier drops a refused SYN; its timer resends it.
    if (verdict !== undefined) this.retransmit(conn);
    return verdict;
  };

  private confirmSyn(conn: EgressConnection, hookEndNs: number): string | undefined {
    const node = conn.pod.node;
    const w = confirmWindow(hookEndNs, this.windowNs);
    const choice = this.portsOf(node).masquerade.choose(conn.original, (port) => this.confirm.visible(node, `${port}`, w.createdNs));
    if (choice.exhausted) {
      this.exhausted++;
      return 'insert_failed';
    }
    const ct = this.conntrack(node).insert(this.sim.now, 'established');
    if (ct === null) return 'conntrack_full';
    if (this.confirm.confirm(node, `${choice.port}`, false, choice.port, w, Infinity) === 'insert_failed') {
      this.conntrack(node).transition(ct, this.sim.now, 'timeWait');
      return 'insert_failed';
    }
    conn.port = choice.port;
    conn.ct = ct;
    return undefined;
  }

  private readonly retransmit = (conn: EgressConnection): void => {
    if (synGivesUp(conn.attempts)) {
      // The last SYN's timer still runs: connect() fails when it fires, 127 s after the first.
      this.sim.schedule(synTimerNs(conn.attempts), this.timedOut, conn);
      return;
    }
    this.sim.schedule(synTimerNs(conn.attempts++), this.sendSyn, conn);
  };

  private readonly timedOut = (conn: EgressConnection): void => {
    this.failed++;
    this.close(conn);
    this.ended(conn);
  };

  /** The SYN is on the wire: the destination answers after the round trip. */
  private readonly synOut = (conn: EgressConnection): void => {
    this.sim.schedule(this.config.rttNs, () => this.in(conn, 0, true, this.synAckIn, this.retransmit));
  };

  private readonly synAckIn = (conn: EgressConnection): void => {
    const p = this.cluster.profile;
    this.cluster.node(conn.pod.node).cpu.request(p.wakeupNs + p.syscallNs, this.connected, conn);
  };

  private readonly connected = (conn: EgressConnection): void => {
    if (this.established.active) this.established.emit(conn);
    this.message(conn, this.config.requestBytes, true, () => {
      this.sim.schedule(this.config.rttNs + conn.serveNs, () => this.message(conn, this.config.responseBytes, false, this.answeredIn));
    });
  };

  private readonly answeredIn = (conn: EgressConnection): void => {
    if (this.answered.active) this.answered.emit(conn.issuedNs);
    const p = this.cluster.profile;
    this.out(conn, 0, true, p.syscallNs + p.tcpCloseNs + this.hitNs(conn), undefined, noop, noop);
    this.close(conn);
    this.ended(conn);
  };

  /** The connection is over: its entry, if confirmed, now times out as TIME_WAIT's. */
  private close(conn: EgressConnection): void {
    if (conn.port < 0) return;
    const node = conn.pod.node, now = this.sim.now;
    if (conn.ct !== null) this.conntrack(node).transition(conn.ct, now, 'timeWait');
    this.confirm.reschedule(node, `${conn.port}`, now + this.config.timeWaitNs);
  }

  private ended(conn: EgressConnection): void {
    if (conn.user >= 0) conn.pod.users!.ended(conn.user);
    else conn.pod.generator!.ended();
  }

  private hitNs(conn: EgressConnection): number {
    return this.conntrack(conn.pod.node).lookupNs(true) + this.proxy.translateNs + this.proxy.filterNs;
  }

  /** Sends a message as MSS segments out (`toDestination`) or in; `done` when all are through; a
   *  dropped segment loses the request once. */
  private message(conn: EgressConnection, bytes: number, toDestination: boolean, done: (c: EgressConnection) => void): void {
    const mss = this.cluster.mssBytes;
    const n = Math.max(1, Math.ceil(bytes / mss));
    let pending = n;
    const arrived = (c: EgressConnection): void => {
      if (--pending === 0 && !c.lost) done(c);
    };
    for (let i = 0; i < n; i++) {
      const payload = i < n - 1 ? mss : bytes - mss * (n - 1);
      if (toDestination) this.out(conn, payload, i === 0, this.hitNs(conn), undefined, arrived, this.messageLost);
      else this.in(conn, payload, i === n - 1, arrived, this.messageLost);
    }
  }

  private readonly messageLost = (conn: EgressConnection): void => {
    if (conn.lost) return;
    conn.lost = true;
    this.lost++;
    this.close(conn);
    this.ended(conn);
  };

  private out(
    conn: EgressConnection, payload: number, first: boolean, senderNs: number,
    left: ((c: EgressConnection, hookEndNs: number) => string | void) | undefined, done: (c: EgressConnection) => void, dropped: (c: EgressConnection) => void,
  ): void {
    const key = `out:${payload}:${+first}`;
    let t = this.templates.get(key);
    if (!t) {
      t = compileTemplate(egressStages(this.cluster.profile, 0, 'client', payload, first, this.cluster.config.linkGbps), 0, this.cluster.queues);
      this.templates.set(key, t);
    }
    const node = this.cluster.node(conn.pod.node);
    this.cluster.carrier.sendThroughHooks(bindPath(t, node, node, 0), senderNs, 0, left, done, conn, dropped);
  }

  private in(conn: EgressConnection, payload: number, last: boolean, done: (c: EgressConnection) => void, dropped: (c: EgressConnection) => void): void {
    const key = `in:${payload}:${+last}`;
    let t = this.templates.get(key);
    if (!t) {
      t = compileTemplate(ingressStages(this.cluster.profile, 0, 'client', payload, last), -1, this.cluster.queues);
      this.templates.set(key, t);
    }
    const node = this.cluster.node(conn.pod.node);
    const q = fnv1a([conn.port]) % node.softirq.length;
    this.cluster.carrier.sendThroughHooks(bindPath(t, node, node, q), 0, this.hitNs(conn), undefined, done, conn, dropped);
  }
}

function noop(): void {}
