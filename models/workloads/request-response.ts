/**
 * Request/response traffic between a client pod and a server pod (qperf- or wrk-like): clients
 * issue requests open-loop (Poisson at a rate) or closed-loop (a fixed number outstanding, with an
 * optional think time); the server answers after an application service time. Latency runs from
 * the request's issue to the client application having the whole response. Each message goes as
 * MSS-sized segments, sent back to back.
 *
 * The server thread's work for one request is one job on one core, as on Linux: it returns from
 * recv(), computes, and calls send(), which runs the response's transmit path in its context
 * before the thread gives up the CPU. So the request path's last hop (recv) and the response
 * path's first hop (send and transmit) are merged with the service time.
 *
 * Open-loop arrivals come from a bounded generator (open-loop-generator.ts), which sheds what it
 * cannot hold. A request or response segment dropped at a full kernel queue is sent again by its
 * sender when its retransmission timer expires (retransmission-timer.ts: RTO at least 200 ms,
 * doubled per expiry); the request keeps its place in the generator meanwhile, and after
 * tcp_retries2 (15) retransmissions of a segment it is given up (`timeout`, counted as `lost`).
 * Simplifications: the workload's requests share one RTT estimator (they cross the same path,
 * as the connections of a pool do); a retransmission walks the whole path again, its send() hop
 * included (the kernel's timer skips the system call: a small overestimate).
 */
import { type DistributionSpec, sampler, type Simulation, type Streams, TraceSource } from '../../sim/index.ts';
import type { Cluster, Pod } from '../datapath/cluster.ts';
import type { CompiledPath } from '../datapath/packet-path.ts';
import { loadGeneratorParameters, OpenLoopGenerator } from './open-loop-generator.ts';
import { type LostSegment, RetransmissionTimer, Retransmitter } from '../tcp/retransmission-timer.ts';
import type { Parameters } from '../parameters.ts';

/** The request/response workload's numeric knobs (`workload:`), declared once; the Service
 *  traffic (service-traffic-parameters.ts) sends messages of the same default sizes. */
export const requestResponseParameters = {
  clientNode: {
    value: 0, unit: 'node index', min: 0, integer: true,
    doc: "Node of the client pod (below cluster.nodes).",
    source: 'A choice: the first node.',
  },
  serverNode: {
    value: 1, unit: 'node index', min: 0, integer: true,
    doc: 'Node of the server pod (below cluster.nodes).',
    source: 'A choice: the second node, so that a request crosses the wire.',
  },
  requestBytes: {
    value: 64, unit: 'bytes', min: 1, integer: true,
    doc: 'Application payload of one request.',
    source: 'A choice: a small RPC or HTTP GET request, one segment.',
  },
  responseBytes: {
    value: 1024, unit: 'bytes', min: 1, integer: true,
    doc: 'Application payload of one response.',
    source: 'A choice: a small (1 KiB) RPC or HTTP response, one segment.',
  },
} as const satisfies Parameters;

/** Open: Poisson at `rateRps`, at most `maxOutstanding` at once (its default when absent);
 *  closed: `concurrency` users with a think time. */
export type Arrival = { kind: 'open'; rateRps: number; maxOutstanding?: number } | { kind: 'closed'; concurrency: number; thinkNs: number };

export interface RequestResponseConfig {
  arrival: Arrival;
  requestBytes: number;
  responseBytes: number;
  serviceTime: DistributionSpec;
}

interface Request {
  issuedNs: number;
  pending: number;
  /** Given up after tcp_retries2: its late segments are ignored. */
  failed: boolean;
  /** When the request left, reached the server's socket whole, and its response left, ns. */
  sentNs: number;
  atServerNs: number;
  respondedNs: number;
  /** A segment of it was retransmitted: it gives no RTT sample (Karn's rule). */
  retransmitted: boolean;
}

/** A message's segments: their paths, first to last. */
type Message = CompiledPath[];

export class RequestResponse {
  /** Every request answered, when the client has the whole response; the value is its issue
   *  time, ns. */
  readonly answered = new TraceSource<number>();
  /** Requests given up (`timeout`: a segment of theirs dropped tcp_retries2 + 1 times), since the
   *  start of the run. */
  lost = 0;
  /** The RTT estimator and RTO all the requests share. */
  readonly timer = new RetransmissionTimer();
  /** The open-loop generator; null for closed-loop users. */
  readonly generator: OpenLoopGenerator | null = null;
  private readonly serve: () => number;
  private readonly request: Message;
  private readonly response: Message;
  /** Retransmission of request and response segments, and each segment's first drop callback. */
  private readonly requestTimers: Retransmitter<Request>;
  private readonly responseTimers: Retransmitter<Request>;
  private readonly requestDropped: ((r: Request) => void)[];
  private readonly responseDropped: ((r: Request) => void)[];

  constructor(
    private readonly sim: Simulation,
    private readonly cluster: Cluster,
    client: Pod,
    private readonly server: Pod,
    private readonly config: RequestResponseConfig,
    streams: Streams,
  ) {
    this.serve = sampler(config.serviceTime, streams.get(`service/${server.name}`));
    this.request = this.message(client, server, config.requestBytes);
    this.response = this.message(server, client, config.responseBytes);
    const count = cluster.carrier.retransmitted.bind(cluster.carrier);
    const common = { timer: () => this.timer, waiting: (r: Request) => !r.failed, giveUp: this.giveUp };
    this.requestTimers = new Retransmitter(sim, count, { ...common, resend: this.resendRequest });
    this.responseTimers = new Retransmitter(sim, count, { ...common, resend: this.resendResponse });
    this.requestDropped = this.request.map((_, index) => (r: Request) => this.requestTimers.dropped({ arg: r, index, sentNs: r.sentNs, retransmissions: 0 }));
    this.responseDropped = this.response.map((_, index) => (r: Request) => this.responseTimers.dropped({ arg: r, index, sentNs: r.respondedNs, retransmissions: 0 }));
    const a = config.arrival;
    if (a.kind === 'open') {
      const max = a.maxOutstanding ?? loadGeneratorParameters.maxOutstanding.value;
      this.generator = new OpenLoopGenerator(sim, 1e9 / a.rateRps, streams.get(`arrivals/${client.name}`), max, () => this.issue());
    } else {
      for (let i = 0; i < a.concurrency; i++) sim.schedule(0, () => this.issue());
    }
  }

  private message(from: Pod, to: Pod, bytes: number): Message {
    const mss = this.cluster.mssBytes;
    const n = Math.max(1, Math.ceil(bytes / mss));
    return Array.from({ length: n }, (_, i) =>
      this.cluster.path(from, to, { payloadBytes: i < n - 1 ? mss : bytes - mss * (n - 1), messageBytes: bytes, first: i === 0, last: i === n - 1 }),
    );
  }

  private issue(): void {
    const now = this.sim.now;
    const r: Request = { issuedNs: now, pending: this.request.length, failed: false, sentNs: now, atServerNs: 0, respondedNs: 0, retransmitted: false };
    for (let i = 0; i < this.request.length; i++) this.sendRequestSegment(i, this.atServerSocket, r, this.requestDropped[i]);
  }

  /** Request segment `i`, up to the server's socket (the last one's recv() is the server's job). */
  private sendRequestSegment<A>(i: number, done: (a: A) => void, arg: A, dropped: (a: A) => void): void {
    const path = this.request[i];
    this.cluster.carrier.send(path, done, arg, dropped, 0, i === this.request.length - 1 ? path.hops.length - 1 : path.hops.length);
  }

  private readonly resendRequest = (lost: LostSegment<Request>): void => {
    lost.arg.retransmitted = true;
    this.sendRequestSegment(lost.index, this.resentAtServer, lost, this.requestDroppedAgain);
  };

  private readonly resentAtServer = (lost: LostSegment<Request>): void => this.atServerSocket(lost.arg);
  private readonly requestDroppedAgain = (lost: LostSegment<Request>): void => this.requestTimers.dropped(lost);

  /** A request segment is in the server's socket; the last one wakes the server thread. */
  private readonly atServerSocket = (r: Request): void => {
    if (r.failed || --r.pending > 0) return;
    r.atServerNs = this.sim.now;
    const recv = this.request[this.request.length - 1].hops.at(-1)!;
    const send = this.response[0].hops[0];
    const workNs = recv.ns + this.serve() + send.ns;
    this.cluster.node(this.server.node).cpu.request(workNs, this.respond, r);
  };

  private readonly respond = (r: Request): void => {
    r.respondedNs = this.sim.now;
    r.pending = this.response.length;
    const carrier = this.cluster.carrier;
    this.response.forEach((path, i) => carrier.send(path, this.atClient, r, this.responseDropped[i], i === 0 ? 1 : 0));
  };

  private readonly resendResponse = (lost: LostSegment<Request>): void => {
    lost.arg.retransmitted = true;
    this.cluster.carrier.send(this.response[lost.index], this.resentAtClient, lost, this.responseDroppedAgain);
  };

  private readonly resentAtClient = (lost: LostSegment<Request>): void => this.atClient(lost.arg);
  private readonly responseDroppedAgain = (lost: LostSegment<Request>): void => this.responseTimers.dropped(lost);

  private readonly atClient = (r: Request): void => {
    if (r.failed || --r.pending > 0) return;
    const now = this.sim.now;
    if (!r.retransmitted) this.timer.sample(r.atServerNs - r.sentNs, r.respondedNs - r.atServerNs, now - r.respondedNs);
    if (this.answered.active) this.answered.emit(r.issuedNs);
    this.ended();
  };

  /** A segment of `r` was not acknowledged after tcp_retries2 retransmissions: `timeout`. */
  private readonly giveUp = (r: Request): void => {
    r.failed = true;
    this.lost++;
    this.ended();
  };

  /** A request is over: the generator has one more free, or its closed-loop user goes on. */
  private ended(): void {
    const a = this.config.arrival;
    if (a.kind === 'closed') this.sim.schedule(a.thinkNs, () => this.issue());
    else this.generator!.ended();
  }
}
