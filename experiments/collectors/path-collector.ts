/**
 * The packets of a network point: goodput (payload delivered to bulk streams' sockets, else the
 * bytes of the measured requests and responses), payload per byte on the wire, and kernel/user
 * crossings and copied bytes per packet, from the carrier's counters over the measured period.
 */
import type { Simulation } from '../../sim/index.ts';
import type { PacketCarrier } from '../../models/datapath/packet-path.ts';
import type { BulkTransfer } from '../../models/workloads/bulk-transfer.ts';
import type { Collector, MeasuredPeriod } from '../replication.ts';
import type { ReplicationOutput } from '../replication-output.ts';
import type { RequestCollector } from './request-collector.ts';

export class PathCollector implements Collector {
  private bulkBytes = 0;

  /** `requests`: the request/response workload's collector and its bytes per request and response. */
  constructor(
    private readonly sim: Simulation,
    private readonly period: MeasuredPeriod,
    private readonly carrier: PacketCarrier,
    private readonly requests: { collector: RequestCollector; bytes: number } | null,
    private readonly bulk: Pick<BulkTransfer, 'delivered'> | null,
  ) {
    bulk?.delivered.subscribe(this.onDelivered);
  }

  private readonly onDelivered = (payloadBytes: number): void => {
    if (this.period.includes(this.sim.now)) this.bulkBytes += payloadBytes;
  };

  collect(out: ReplicationOutput): void {
    const c = this.carrier;
    const perPacket = (x: number): number => (c.delivered > 0 ? x / c.delivered : 0);
    const requestBytes = this.requests ? this.requests.collector.answered * this.requests.bytes : 0;
    const payloadBytes = requestBytes + this.bulkBytes;
    out.metric('throughput_mbps', ((this.bulk ? this.bulkBytes : requestBytes) * 8) / this.period.seconds / 1e6);
    out.metric('crossings_per_packet', perPacket(c.crossings));
    out.metric('copied_bytes_per_packet', perPacket(c.copiedBytes));
    out.metric('wire_efficiency', c.wireBytes > 0 ? payloadBytes / c.wireBytes : 0);
  }
}
