/**
 * A TCP receiver without SACK, counted in segments: it delivers data to the socket in order, holds
 * segments that arrive above a hole (the out-of-order queue, tcp_data_queue_ofo) and acknowledges
 * cumulatively. ACKs are delayed to every `ackEverySegments` in-order segments (Linux ACKs every
 * second full-sized segment, __tcp_ack_snd_check), sent at once for an out-of-order or a duplicate
 * segment (a duplicate ACK, tcp_send_dupack) and for one that fills all or part of a hole
 * (RFC 5681 4.2), and in quickack mode: after an out-of-order or duplicate segment, or after a
 * silence longer than the retransmission timeout (tcp_event_data_recv: the sender failed to
 * restart its window), the next `quickAcks` segments are acknowledged at once. Data held
 * unacknowledged is acknowledged by the delayed-ACK timer (the caller's, `delayedAckMs`).
 * Simplifications: the delayed-ACK timeout is the fixed minimum (Linux adapts ato between 40 ms
 * and 200 ms); the quickack budget is the full TCP_MAX_QUICKACKS, not bounded by the window.
 * Memory: the out-of-order queue holds disjoint ranges inside the receive window, so at most
 * half a window of ranges.
 */
import { type Parameters, valuesOf } from '../parameters.ts';

export const tcpReceiverParameters = {
  delayedAckMs: {
    value: 40, unit: 'ms', min: 0, minExclusive: true,
    doc: 'Longest an in-order segment waits for its ACK (the delayed-ACK timer).',
    source: 'Linux TCP_DELACK_MIN = HZ/25 (include/net/tcp.h), the initial ato; RFC 1122 4.2.3.2 allows up to 500 ms.',
  },
  quickAcks: {
    value: 16, unit: 'segments', min: 0, integer: true,
    doc: 'Segments acknowledged at once in quickack mode.',
    source: 'Linux TCP_MAX_QUICKACKS = 16 (include/net/tcp.h), tcp_enter_quickack_mode.',
  },
} as const satisfies Parameters;

export const defaultTcpReceiver = valuesOf(tcpReceiverParameters);

export interface TcpReceiverConfig {
  ackEverySegments: number;
  quickAcks: number;
  /** A silence longer than this puts the receiver in quickack mode, ns. */
  idleNs: number;
}

export interface Arrival {
  /** Segments newly delivered to the socket in order. */
  delivered: number;
  /** Whether to send an ACK (of `next`) now. */
  ackNow: boolean;
}

export class TcpReceiver {
  /** Next segment expected: every segment below it is delivered. */
  next = 0;
  /** In-order segments delivered and not yet acknowledged. */
  unacked = 0;
  /** Out-of-order ranges [start, end) above `next`, sorted, disjoint and not adjacent. */
  private readonly held: [number, number][] = [];
  private quick = 0;
  private lastArrivalNs = -Infinity;

  constructor(private readonly c: TcpReceiverConfig) {}

  /** Ranges held out of order now. */
  get heldRanges(): number {
    return this.held.length;
  }

  /** Segments [first, first + count) arrive at `nowNs`. */
  receive(first: number, count: number, nowNs: number): Arrival {
    const end = first + count;
    if (nowNs - this.lastArrivalNs > this.c.idleNs) this.quick = this.c.quickAcks;
    this.lastArrivalNs = nowNs;
    if (end <= this.next || first > this.next) {
      if (first > this.next) this.hold(first, end);
      this.quick = this.c.quickAcks;
      return this.ack(0);
    }
    const hadHoles = this.held.length > 0;
    const before = this.next;
    this.next = end;
    while (this.held.length > 0 && this.held[0]![0] <= this.next) this.next = Math.max(this.next, this.held.shift()![1]);
    const delivered = this.next - before;
    this.unacked += delivered;
    if (hadHoles || this.quick > 0 || this.unacked >= this.c.ackEverySegments) return this.ack(delivered);
    return { delivered, ackNow: false };
  }

  /** The delayed-ACK timer expired: whether there is anything to acknowledge. */
  delayedAck(): boolean {
    if (this.unacked === 0) return false;
    this.ack(0);
    return true;
  }

  private ack(delivered: number): Arrival {
    this.quick -= Math.min(this.quick, Math.max(1, this.unacked));
    this.unacked = 0;
    return { delivered, ackNow: true };
  }

  /** Adds [first, end) to the out-of-order ranges, merging what it overlaps or touches. */
  private hold(first: number, end: number): void {
    const h = this.held;
    let i = 0;
    while (i < h.length && h[i]![1] < first) i++;
    let j = i;
    while (j < h.length && h[j]![0] <= end) {
      first = Math.min(first, h[j]![0]);
      end = Math.max(end, h[j]![1]);
      j++;
    }
    h.splice(i, j - i, [first, end]);
  }
}
