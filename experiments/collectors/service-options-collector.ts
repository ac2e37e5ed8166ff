/**
 * What the Service options do to a point's connections, from the client traffic's traces: the
 * fraction masqueraded, sent on a second hop (endpoint on another node than the entry node) or to
 * a remembered endpoint (session affinity), how the first Service's connections spread over its
 * endpoints, and, with zones, the fraction of connections and the payload bytes per second that
 * cross zones. A connection counts when the request that opened it was issued after the warm-up;
 * bytes count per answered measured request. Written only when the scenario gives a Service
 * option or zones, so other results keep their metrics.
 */
import type { Cluster } from '../../models/datapath/cluster.ts';
import type { Connection, ServiceTraffic } from '../../models/workloads/service-traffic.ts';
import type { Collector, MeasuredPeriod } from '../replication.ts';
import type { ReplicationOutput } from '../replication-output.ts';

export interface ServiceOptionsShape {
  endpointsPerService: number;
  requestBytes: number;
  responseBytes: number;
  /** Whether the proxy remembers clients (session affinity). */
  affinity: boolean;
  /** Whether the cluster has more than one zone. */
  zoned: boolean;
}

/** Endpoints per Service up to which each one's share is written. */
const maxSharesListed = 64;

export class ServiceOptionsCollector implements Collector {
  private selections = 0;
  private masqueraded = 0;
  private secondHops = 0;
  private sticky = 0;
  private crossZone = 0;
  private crossZoneBytes = 0;
  private readonly perEndpoint: number[];
  private firstService = 0;

  constructor(
    private readonly period: MeasuredPeriod,
    traffic: ServiceTraffic,
    private readonly cluster: Cluster,
    private readonly shape: ServiceOptionsShape,
  ) {
    this.perEndpoint = new Array<number>(shape.endpointsPerService).fill(0);
    traffic.selected.subscribe(this.onSelected);
    if (shape.zoned) traffic.served.subscribe(this.onServed);
  }

  private readonly onSelected = (conn: Connection): void => {
    if (!this.period.includes(conn.waiting.issuedNs)) return;
    this.selections++;
    const sel = conn.selection!;
    if (sel.masquerade) this.masqueraded++;
    if (sel.sticky) this.sticky++;
    if (conn.node !== conn.client.node) this.secondHops++;
    if (this.cluster.crossesZones(conn.client.node, conn.node)) this.crossZone++;
    if (conn.service === 0) {
      this.firstService++;
      this.perEndpoint[conn.endpoint]++;
    }
  };

  private readonly onServed = (conn: Connection): void => {
    if (this.period.includes(conn.waiting.issuedNs) && this.cluster.crossesZones(conn.client.node, conn.node)) {
      this.crossZoneBytes += this.shape.requestBytes + this.shape.responseBytes;
    }
  };

  collect(out: ReplicationOutput): void {
    const n = this.selections;
    const f = (k: number) => (n > 0 ? k / n : 0);
    out.metric('masqueraded_fraction', f(this.masqueraded));
    out.metric('second_hop_fraction', f(this.secondHops));
    if (this.shape.affinity) out.metric('sticky_fraction', f(this.sticky));
    const shares = this.perEndpoint.map((c) => (this.firstService > 0 ? c / this.firstService : 0));
    if (shares.length <= maxSharesListed) out.metric('endpoint_share', Object.fromEntries(shares.map((x, j) => [`endpoint-${j}`, x])));
    out.metric('endpoint_imbalance', this.firstService > 0 ? Math.max(...shares) * shares.length : 0);
    if (this.shape.zoned) {
      out.metric('cross_zone_fraction', f(this.crossZone));
      out.metric('cross_zone_bytes_per_s', this.crossZoneBytes / this.period.seconds);
    }
  }
}
