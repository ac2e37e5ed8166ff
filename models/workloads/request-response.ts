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
 */
import { type DistributionSpec, sampler, type Simulation, type Streams, TraceSource } from '../../sim/index.ts';
import type { Cluster, Pod } from '../datapath/cluster.ts';
import type { CompiledPath } from '../datapath/packet-path.ts';
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

export type Arrival = { kind: 'open'; rateRps: number } | { kind: 'closed'; concurrency: number; thinkNs: number };

export interface RequestResponseConfig {
  arrival: Arrival;
  requestBytes: number;
  responseBytes: number;
  serviceTime: DistributionSpec;
}

interface Request {
  issuedNs: number;
  pending: number;
}

/** A message's segments: their paths, first to last. */
type Message = CompiledPath[];

export class RequestResponse {
  /** Every request answered, when the client has the whole response; the value is its issue
   *  time, ns. */
  readonly answered = new TraceSource<number>();
  private readonly serve: () => number;
  private readonly request: Message;
  private readonly response: Message;

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
    const a = config.arrival;
    if (a.kind === 'open') {
      const gaps = streams.get(`arrivals/${client.name}`);
      const meanGapNs = 1e9 / a.rateRps;
      const next = (): void => {
        this.issue();
        sim.schedule(Math.round(gaps.exponential(meanGapNs)), next);
      };
      sim.schedule(Math.round(gaps.exponential(meanGapNs)), next);
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
    const r: Request = { issuedNs: this.sim.now, pending: this.request.length };
    const carrier = this.cluster.carrier;
    this.request.forEach((path, i) => {
      const last = i === this.request.length - 1;
      carrier.send(path, this.atServerSocket, r, undefined, 0, last ? path.hops.length - 1 : path.hops.length);
    });
  }

  /** A request segment is in the server's socket; the last one wakes the server thread. */
  private readonly atServerSocket = (r: Request): void => {
    if (--r.pending > 0) return;
    const recv = this.request[this.request.length - 1].hops.at(-1)!;
    const send = this.response[0].hops[0];
    const workNs = recv.ns + this.serve() + send.ns;
    this.cluster.node(this.server.node).cpu.request(workNs, this.respond, r);
  };

  private readonly respond = (r: Request): void => {
    r.pending = this.response.length;
    const carrier = this.cluster.carrier;
    this.response.forEach((path, i) => carrier.send(path, this.atClient, r, undefined, i === 0 ? 1 : 0));
  };

  private readonly atClient = (r: Request): void => {
    if (--r.pending > 0) return;
    if (this.answered.active) this.answered.emit(r.issuedNs);
    const a = this.config.arrival;
    if (a.kind === 'closed') this.sim.schedule(a.thinkNs, () => this.issue());
  };
}
