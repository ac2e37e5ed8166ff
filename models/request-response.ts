/**
 * Request/response traffic between a client pod and a server pod (qperf- or wrk-like): clients
 * issue requests open-loop (Poisson at a rate) or closed-loop (a fixed number outstanding, with an
 * optional think time); the server spends an application service time on its node's CPU, then
 * answers. Latency runs from the request's issue to the client application having the whole
 * response. Each message goes as MSS-sized segments, sent back to back.
 */
import { type DistributionSpec, LatencyRecorder, sampler, type Simulation, type Streams } from '../sim/index.ts';
import type { Cluster, Pod } from './cluster.ts';

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

export class RequestResponse {
  readonly latency = new LatencyRecorder();
  completed = 0;
  /** Requests issued before this time are not recorded (warm-up). */
  recordFromNs = 0;
  private readonly serve: () => number;

  constructor(
    private readonly sim: Simulation,
    private readonly cluster: Cluster,
    private readonly client: Pod,
    private readonly server: Pod,
    private readonly config: RequestResponseConfig,
    streams: Streams,
  ) {
    this.serve = sampler(config.serviceTime, streams.get(`service/${server.name}`));
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

  private issue(): void {
    this.sendMessage(this.client, this.server, this.config.requestBytes, this.atServer, {
      issuedNs: this.sim.now,
      pending: 0,
    });
  }

  private readonly atServer = (r: Request): void => {
    this.cluster.node(this.server.node).cpu.request(this.serve(), () =>
      this.sendMessage(this.server, this.client, this.config.responseBytes, this.atClient, r),
    );
  };

  private readonly atClient = (r: Request): void => {
    if (r.issuedNs >= this.recordFromNs) {
      this.latency.record(this.sim.now - r.issuedNs);
      this.completed++;
    }
    const a = this.config.arrival;
    if (a.kind === 'closed') this.sim.schedule(a.thinkNs, () => this.issue());
  };

  /** Sends a message as segments; `done(r)` runs when its last segment has arrived. */
  private sendMessage(from: Pod, to: Pod, bytes: number, done: (r: Request) => void, r: Request): void {
    const mss = this.cluster.mssBytes;
    const segments = Math.max(1, Math.ceil(bytes / mss));
    r.pending = segments;
    const arrived = (): void => {
      if (--r.pending === 0) done(r);
    };
    for (let i = 0; i < segments; i++) {
      const payloadBytes = i < segments - 1 ? mss : bytes - mss * (segments - 1);
      const path = this.cluster.path(from, to, { payloadBytes, messageBytes: bytes, first: i === 0, last: i === segments - 1 });
      this.cluster.carrier.send(path, arrived, undefined);
    }
  }
}
