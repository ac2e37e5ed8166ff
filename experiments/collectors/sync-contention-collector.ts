/**
 * Service traffic beside the control plane: request latency split by whether the request's client
 * node was running a kube-proxy sync when the request was issued (from the moment the sync asked
 * for a core until it ended, waits for the core included) or not. Both sides count the requests
 * issued in the measured period and answered, like request_latency_ms; a request issued just before
 * a sync starts counts outside, though the sync may slow it.
 */
import { LatencyRecorder, type Simulation } from '../../sim/index.ts';
import type { ControlPlane } from '../../models/control-plane/control-plane.ts';
import type { Request, ServiceTraffic } from '../../models/workloads/service-traffic.ts';
import type { Collector, MeasuredPeriod } from '../replication.ts';
import type { ReplicationOutput } from '../replication-output.ts';

export class SyncContentionCollector implements Collector {
  private readonly duringSync = new WeakSet<Request>();
  private readonly during = new LatencyRecorder();
  private readonly outside = new LatencyRecorder();

  constructor(
    private readonly sim: Simulation,
    private readonly period: MeasuredPeriod,
    traffic: ServiceTraffic,
    private readonly cp: ControlPlane,
  ) {
    traffic.issued.subscribe(this.onIssued);
    traffic.served.subscribe((conn) => this.onAnswered(conn.waiting));
  }

  private readonly onIssued = (r: Request): void => {
    if (this.period.includes(r.issuedNs) && this.cp.proxies[r.clientNode].inFlight !== null) this.duringSync.add(r);
  };

  private onAnswered(r: Request): void {
    if (!this.period.includes(r.issuedNs)) return;
    (this.duringSync.has(r) ? this.during : this.outside).record(this.sim.now - r.issuedNs);
  }

  collect(out: ReplicationOutput): void {
    out.metric('request_latency_during_sync_ms', this.during.summary(1e6));
    out.metric('request_latency_outside_sync_ms', this.outside.summary(1e6));
  }
}
