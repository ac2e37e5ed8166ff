/**
 * A TCP sender's loss reaction, counted in segments: NewReno congestion control (RFC 5681 slow
 * start and congestion avoidance, RFC 6582 fast retransmit on three duplicate ACKs and fast
 * recovery with partial ACKs) and the retransmission timer of RFC 6298 with Linux's floor: as
 * __tcp_set_rto in net/ipv4/tcp_input.c, the variance term is at least TCP_RTO_MIN (200 ms), so
 * RTO = SRTT + max(4·RTTVAR, 200 ms), doubled at each expiry (exponential backoff) up to
 * TCP_RTO_MAX (120 s). Initial window 10 segments (RFC 6928, Linux TCP_INIT_CWND); slow start
 * grows by the segments acknowledged (Linux tcp_slow_start, so one ACK per two segments still
 * doubles the window per RTT), congestion avoidance by one segment per window acknowledged (Linux
 * tcp_cong_avoid_ai). The receive window caps what is in flight. Simplifications: no SACK (Linux
 * with net.ipv4.tcp_sack = 0), no PRR (RFC 6937: Linux's recovery paces the window down where
 * NewReno inflates it), no Linux mdev_max smoothing of RTTVAR. Plain state, no events: the caller
 * (a workload) sends what `sendable` allows and arms the timer at `rtoNs`.
 */
import type { Parameters } from '../parameters.ts';

export const renoParameters = {
  initialWindowSegments: {
    value: 10, unit: 'segments', min: 1, integer: true,
    doc: 'Congestion window of a new connection.',
    source: 'RFC 6928; Linux TCP_INIT_CWND = 10 (include/net/tcp.h).',
  },
  dupAckThreshold: {
    value: 3, unit: 'ACKs', min: 1, integer: true,
    doc: 'Duplicate ACKs that trigger a fast retransmit.',
    source: 'RFC 5681 3.2; Linux net.ipv4.tcp_reordering = 3.',
  },
  rtoMinMs: {
    value: 200, unit: 'ms', min: 0, minExclusive: true,
    doc: 'Floor of the retransmission timeout’s variance term.',
    source: 'Linux TCP_RTO_MIN = HZ/5 (include/net/tcp.h); RFC 6298 suggests 1 s.',
  },
  rtoMaxMs: {
    value: 120_000, unit: 'ms', min: 0, minExclusive: true,
    doc: 'Ceiling of the backed-off retransmission timeout.',
    source: 'Linux TCP_RTO_MAX = 120*HZ (include/net/tcp.h).',
  },
  initialRtoMs: {
    value: 1000, unit: 'ms', min: 0, minExclusive: true,
    doc: 'Retransmission timeout before any RTT sample (a SYN’s first timeout).',
    source: 'RFC 6298 2.1; Linux TCP_TIMEOUT_INIT = 1*HZ (include/net/tcp.h).',
  },
} as const satisfies Parameters;

export interface RenoConfig {
  initialWindowSegments: number;
  dupAckThreshold: number;
  rtoMinNs: number;
  rtoMaxNs: number;
  initialRtoNs: number;
  /** Receive window, segments. */
  receiveWindowSegments: number;
}

export class RenoWindow {
  /** Oldest unacknowledged segment and next new one to send. */
  una = 0;
  next = 0;
  cwnd: number;
  ssthresh = Infinity;
  /** Acknowledged segments not yet counted into a congestion-avoidance increase. */
  private cwndCount = 0;
  dupAcks = 0;
  /** In fast recovery until `recover` (the highest segment sent when it began) is acknowledged. */
  inRecovery = false;
  recover = -1;
  srttNs = 0;
  rttvarNs = 0;
  backoff = 0;

  constructor(private readonly c: RenoConfig) {
    this.cwnd = c.initialWindowSegments;
  }

  /** Segments the window lets be sent now. */
  get sendable(): number {
    return Math.max(0, this.una + Math.min(this.cwnd, this.c.receiveWindowSegments) - this.next);
  }

  /** The retransmission timeout now, ns. */
  get rtoNs(): number {
    const base = this.srttNs === 0 ? this.c.initialRtoNs : this.srttNs + Math.max(4 * this.rttvarNs, this.c.rtoMinNs);
    return Math.min(this.c.rtoMaxNs, base * 2 ** this.backoff);
  }

  /** An RTT sample of a segment sent once (Karn's rule is the caller's), RFC 6298 2.2-2.3. */
  sampleRtt(rttNs: number): void {
    if (this.srttNs === 0) {
      this.srttNs = rttNs;
      this.rttvarNs = rttNs / 2;
    } else {
      this.rttvarNs = 0.75 * this.rttvarNs + 0.25 * Math.abs(this.srttNs - rttNs);
      this.srttNs = 0.875 * this.srttNs + 0.125 * rttNs;
    }
  }

  /** A cumulative ACK of every segment below `ack`. Returns the segment to retransmit now (fast
   *  retransmit, or a NewReno partial ACK's next hole), or -1. */
  onAck(ack: number): number {
    if (ack > this.una) {
      const acked = ack - this.una;
      this.una = ack;
      this.dupAcks = 0;
      this.backoff = 0;
      if (this.inRecovery) {
        if (ack > this.recover) {
          this.inRecovery = false;
          this.cwnd = this.ssthresh;
          return -1;
        }
        this.cwnd = Math.max(1, this.cwnd - acked + 1);
        return ack;
      }
      this.grow(acked);
      return -1;
    }
    if (ack < this.una || this.next === this.una) return -1;
    this.dupAcks++;
    if (this.inRecovery) {
      this.cwnd++;
      return -1;
    }
    if (this.dupAcks === this.c.dupAckThreshold && this.una > this.recover) {
      this.ssthresh = Math.max(Math.floor((this.next - this.una) / 2), 2);
      this.cwnd = this.ssthresh + this.c.dupAckThreshold;
      this.inRecovery = true;
      this.recover = this.next - 1;
      return this.una;
    }
    return -1;
  }

  /** The retransmission timer expired: one segment from `una` again, the timeout doubled. */
  onTimeout(): void {
    this.ssthresh = Math.max(Math.floor((this.next - this.una) / 2), 2);
    this.cwnd = 1;
    this.cwndCount = 0;
    this.inRecovery = false;
    this.recover = this.next - 1;
    this.dupAcks = 0;
    this.next = this.una;
    this.backoff++;
  }

  private grow(acked: number): void {
    if (this.cwnd < this.ssthresh) {
      const room = Math.min(acked, this.ssthresh - this.cwnd);
      this.cwnd += room;
      acked -= room;
    }
    if (acked === 0) return;
    this.cwndCount += acked;
    if (this.cwndCount >= this.cwnd) {
      const inc = Math.floor(this.cwndCount / this.cwnd);
      this.cwndCount -= inc * this.cwnd;
      this.cwnd += inc;
    }
  }
}
