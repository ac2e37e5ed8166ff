/**
 * A point's Ingress results (with an `ingress:` section): requests the controller replicas
 * forwarded per second, their workers' busy cores and CPU per request, the throughput ceiling
 * that CPU gives (replicas' workers / CPU per request), upstream connections opened (per request:
 * 1 without keepalive), TLS handshakes per second, upstream failures, and the kernel/user
 * crossings per answered request (so a point straight to the Service, `enabled: false`, shows
 * the same count without the L7 hop, with the ingress figures 0).
 */
import type { Simulation } from '../../sim/index.ts';
import type { PacketCarrier } from '../../models/datapath/packet-path.ts';
import type { IngressController } from '../../models/services/ingress-controller.ts';
import type { Collector, MeasuredPeriod } from '../replication.ts';
import type { ReplicationOutput } from '../replication-output.ts';

export class IngressCollector implements Collector {
  private forwarded = 0;
  private opened = 0;
  private handshakes = 0;
  private answered = 0;
  private failedAtReset = 0;
  private workAtReset = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly period: MeasuredPeriod,
    private readonly carrier: PacketCarrier,
    answered: { subscribe(sink: (issuedNs: number) => void): unknown },
    private readonly ingress: IngressController | null,
  ) {
    answered.subscribe(() => this.count('answered'));
    ingress?.forwarded.subscribe(() => this.count('forwarded'));
    ingress?.upstream.opened.subscribe(() => this.count('opened'));
    ingress?.handshake.subscribe(() => this.count('handshakes'));
  }

  private count(what: 'answered' | 'forwarded' | 'opened' | 'handshakes'): void {
    if (this.period.includes(this.sim.now)) this[what]++;
  }

  reset(): void {
    this.failedAtReset = this.ingress?.upstream.failed ?? 0;
    this.workAtReset = this.ingress?.workNs ?? 0;
  }

  collect(out: ReplicationOutput): void {
    const g = this.ingress;
    const busyNs = g ? g.workNs - this.workAtReset : 0;
    const servers = g?.workerCount ?? 0;
    const perRequestNs = this.forwarded > 0 ? busyNs / this.forwarded : 0;
    out.metric('ingress_requests_per_s', this.forwarded / this.period.seconds);
    out.metric('ingress_worker_cores', busyNs / this.period.durationNs);
    out.metric('ingress_cpu_per_request_us', perRequestNs / 1e3);
    out.metric('ingress_ceiling_requests_per_s', perRequestNs > 0 ? (servers * 1e9) / perRequestNs : 0);
    out.metric('ingress_upstream_connections_per_request', this.forwarded > 0 ? this.opened / this.forwarded : 0);
    out.metric('ingress_tls_handshakes_per_s', this.handshakes / this.period.seconds);
    out.metric('ingress_upstream_failures', (g?.upstream.failed ?? 0) - this.failedAtReset);
    out.metric('crossings_per_request', this.answered > 0 ? this.carrier.crossings / this.answered : 0);
  }
}
