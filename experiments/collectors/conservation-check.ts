/**
 * Packet conservation, checked once the measured period has run: every packet sent was delivered,
 * dropped with a reason, or is still in flight. A violation means the model lost a packet, so it
 * throws (an internal error, exit 1) instead of writing a figure. It writes no metric.
 */
import type { PacketCarrier } from '../../models/datapath/packet-path.ts';
import type { Collector } from '../replication.ts';

export class ConservationCheck implements Collector {
  constructor(private readonly carrier: PacketCarrier) {}

  collect(): void {
    this.carrier.checkConservation();
  }
}
