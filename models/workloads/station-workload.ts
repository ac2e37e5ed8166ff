/**
 * The `station` workload: the scenario's arrivals served by one station of c servers
 * (`cluster.coresPerNode`) with the scenario's service time, and no network at all. With open
 * arrivals and exponential service it is an M/M/c queue, whose closed forms check the experiment
 * machinery (replications, confidence intervals, `plan`) apart from any network model. Arrivals
 * draw from the stream `arrivals/client` and service from `service/server`, as the request/response
 * workload does, so compared variants see the same arrivals.
 */
import { type DistributionSpec, sampler, Simulation, Station, Streams, TraceSource } from '../../sim/index.ts';
import type { Arrival } from './request-response.ts';

export interface StationWorkloadConfig {
  servers: number;
  arrival: Arrival;
  serviceTime: DistributionSpec;
}

export class StationWorkload {
  /** Every arrival, with its time. */
  readonly arrived = new TraceSource<{ atNs: number }>();
  /** Every job served, when it leaves; the value is its arrival time, ns. */
  readonly answered = new TraceSource<number>();
  readonly station: Station;
  private readonly serve: () => number;

  constructor(private readonly sim: Simulation, private readonly config: StationWorkloadConfig, streams: Streams) {
    this.station = new Station(sim, { name: 'station', servers: config.servers });
    this.serve = sampler(config.serviceTime, streams.get('service/server'));
    const a = config.arrival;
    if (a.kind === 'open') {
      const gaps = streams.get('arrivals/client');
      const meanGapNs = 1e9 / a.rateRps;
      const next = (): void => {
        this.arrive();
        sim.schedule(Math.round(gaps.exponential(meanGapNs)), next);
      };
      sim.schedule(Math.round(gaps.exponential(meanGapNs)), next);
    } else {
      for (let i = 0; i < a.concurrency; i++) sim.schedule(0, () => this.arrive());
    }
  }

  private arrive(): void {
    if (this.arrived.active) this.arrived.emit({ atNs: this.sim.now });
    this.station.request(this.serve(), this.depart, this.sim.now);
  }

  private readonly depart = (arrivalNs: number): void => {
    if (this.answered.active) this.answered.emit(arrivalNs);
    const a = this.config.arrival;
    if (a.kind === 'closed') this.sim.schedule(a.thinkNs, () => this.arrive());
  };
}
