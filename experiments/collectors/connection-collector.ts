/**
 * A Service point's connections, from the client traffic's traces: first-packet latency (a SYN
 * from its sending to its leaving the client's node, every attempt), connect latency, the rules the
 * proxy walked per selection, and the connections opened and given up; beside them the proxy
 * mode's rule count. A connection counts when the request that opened it was issued after the
 * warm-up; connections opened and failed are counted over the whole run, warm-up included.
 */
import { LatencyRecorder, type Simulation } from '../../sim/index.ts';
import type { ServiceProxy } from '../../models/services/proxier.ts';
import type { Connection, ServiceTraffic } from '../../models/workloads/service-traffic.ts';
import type { Collector, MeasuredPeriod } from '../replication.ts';
import type { ReplicationOutput } from '../replication-output.ts';

export class ConnectionCollector implements Collector {
  private readonly firstPacket = new LatencyRecorder();
  private readonly connect = new LatencyRecorder();
  private rulesWalked = 0;
  private selections = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly period: MeasuredPeriod,
    private readonly traffic: ServiceTraffic,
    private readonly proxy: ServiceProxy,
  ) {
    traffic.selected.subscribe(this.onSelected);
    traffic.synLeft.subscribe(this.onSynLeft);
    traffic.established.subscribe(this.onEstablished);
  }

  private readonly onSelected = (conn: Connection): void => {
    if (!this.period.includes(conn.waiting.issuedNs)) return;
    this.rulesWalked += conn.rulesWalked;
    this.selections++;
  };

  private readonly onSynLeft = (conn: Connection): void => {
    if (this.period.includes(conn.waiting.issuedNs)) this.firstPacket.record(this.sim.now - conn.synSentNs);
  };

  private readonly onEstablished = (conn: Connection): void => {
    if (this.period.includes(conn.waiting.issuedNs)) this.connect.record(this.sim.now - conn.connectNs);
  };

  collect(out: ReplicationOutput): void {
    out.metric('first_packet_latency_ms', this.firstPacket.summary(1e6));
    out.metric('connect_latency_ms', this.connect.summary(1e6));
    out.metric('rules', this.proxy.rules);
    const byNode = this.proxy.rulesByNode;
    if (byNode) out.metric('rules_by_node', Object.fromEntries(byNode.map((r, i) => [`node-${i}`, r])));
    out.metric('rules_evaluated_per_connection', this.selections > 0 ? this.rulesWalked / this.selections : 0);
    out.metric('connections_opened', this.traffic.connections);
    out.metric('connections_failed', this.traffic.failed);
  }
}
