/**
 * A request/response connection's retransmission timer for its data segments (RFC 6298 as Linux
 * runs it): the RTT estimator and RTO of reno-window.ts (SRTT + max(4·RTTVAR, 200 ms), 1 s before
 * any sample, doubled per expiry up to 120 s), and the give-up of tcp_retries2. A segment a kernel
 * queue dropped is sent again when its timer, armed when it was sent, expires; after
 * `tcpRetries2` retransmissions the next expiry gives the connection up (tcp_write_timeout →
 * ETIMEDOUT), which with a 200 ms RTO is Linux's 924.6 s bound (retransmits_timed_out).
 *
 * RTT samples follow Karn's rule (segments sent once only) and see what Linux's ACKs see: the
 * request's ACK rides on the response, unless the server holds the request longer than the
 * delayed-ACK timeout, when a pure ACK leaves at that timeout; so a sample is the two paths plus
 * the server's hold, capped at 40 ms.
 *
 * Simplifications: only the RTO is modelled, not the Tail Loss Probe. tcp_schedule_loss_probe
 * (net/ipv4/tcp_output.c) arms a probe only on SACK connections (`tcp_is_sack`), and this model's
 * connections run without SACK as reno-window.ts does; and with one segment in flight (a small
 * request or response) the probe timeout is 2·SRTT + TCP_RTO_MIN, capped at the time left to the
 * RTO, so the first retransmission lands at the RTO either way. What a probe would change is the
 * next one: Linux re-arms an un-doubled RTO after the probe. Fast retransmit on duplicate ACKs is
 * not modelled either: a message of several segments has each lost one resent at its own timer.
 * The two directions of a connection share one estimator (the paths are the same).
 */
import type { Simulation } from '../../sim/index.ts';
import { valuesOf, type Parameters } from '../parameters.ts';
import { RenoWindow, renoParameters } from './reno-window.ts';

export const retransmissionParameters = {
  tcpRetries2: {
    value: 15, unit: 'retransmissions', min: 0, integer: true,
    doc: 'RTO retransmissions of a data segment before its connection is given up (net.ipv4.tcp_retries2).',
    source: 'Documentation/networking/ip-sysctl.rst: tcp_retries2, default 15 (about 924.6 s with a 200 ms RTO, net/ipv4/tcp_timer.c retransmits_timed_out)',
  },
  delayedAckMs: {
    value: 40, unit: 'ms', min: 0, minExclusive: true,
    doc: 'Longest a receiver holds the ACK of a segment it has not answered (the delayed-ACK timeout).',
    source: 'Linux TCP_DELACK_MIN = TCP_ATO_MIN = HZ/25 (include/net/tcp.h), the first delayed-ACK timeout of a connection',
  },
} as const satisfies Parameters;

const reno = valuesOf(renoParameters);
const retransmission = valuesOf(retransmissionParameters);
const rtoMaxNs = reno.rtoMaxMs * 1e6;
/** The longest a sample counts the server's hold, ns. */
export const delayedAckNs = retransmission.delayedAckMs * 1e6;
export const tcpRetries2 = retransmission.tcpRetries2;

/** The kinds of retransmission counted (`retransmits_per_s`): a SYN after its timeout, a data
 *  segment after its RTO, and a fast retransmit on duplicate ACKs (bulk streams). */
export const retransmitKinds = ['syn', 'rto', 'fast'] as const;
export type RetransmitKind = (typeof retransmitKinds)[number];

export class RetransmissionTimer {
  /** Only its estimator is used (no window: one message at a time). */
  private readonly estimator = new RenoWindow({
    initialWindowSegments: reno.initialWindowSegments, dupAckThreshold: reno.dupAckThreshold,
    rtoMinNs: reno.rtoMinMs * 1e6, rtoMaxNs, initialRtoNs: reno.initialRtoMs * 1e6,
    receiveWindowSegments: Infinity,
  });

  /** The timeout of a segment sent now that has been retransmitted `retransmissions` times, ns. */
  timeoutNs(retransmissions: number): number {
    return Math.round(Math.min(rtoMaxNs, this.estimator.rtoNs * 2 ** retransmissions));
  }

  /** An RTT sample of a message sent once: out to the receiver, held there `holdNs` until its
   *  answer left, and back; the hold counts up to the delayed-ACK timeout. */
  sample(outNs: number, holdNs: number, backNs: number): void {
    this.estimator.sampleRtt(outNs + Math.min(holdNs, delayedAckNs) + backNs);
  }

  /** An RTT sample of a handshake (SYN to SYN-ACK), ns. */
  sampleRtt(rttNs: number): void {
    this.estimator.sampleRtt(rttNs);
  }

  get srttNs(): number {
    return this.estimator.srttNs;
  }
}

/** A dropped data segment awaiting its timer: what it belongs to, which segment of its message,
 *  when it was last sent and how often it has been retransmitted. */
export interface LostSegment<A> {
  arg: A;
  index: number;
  sentNs: number;
  retransmissions: number;
}

/** What a sender does at a timer's expiry. */
export interface RetransmitActions<A> {
  /** The segment's connection's timer. */
  timer(arg: A): RetransmissionTimer;
  /** Whether what the segment belongs to still waits for it (not given up meanwhile). */
  waiting(arg: A): boolean;
  /** Sends the segment again. */
  resend(lost: LostSegment<A>): void;
  /** tcp_retries2 retransmissions expired too: the connection is given up (`timeout`). */
  giveUp(arg: A): void;
}

/** Arms a dropped segment's timer where its sender armed it (when it was sent, RTO backed off
 *  by its retransmissions) and, at its expiry, retransmits it (counted as `rto`) or gives up. */
export class Retransmitter<A> {
  constructor(
    private readonly sim: Simulation,
    private readonly count: (kind: RetransmitKind) => void,
    private readonly actions: RetransmitActions<A>,
  ) {}

  dropped(lost: LostSegment<A>): void {
    const at = lost.sentNs + this.actions.timer(lost.arg).timeoutNs(lost.retransmissions);
    this.sim.at(Math.max(this.sim.now, at), this.expire, lost);
  }

  private readonly expire = (lost: LostSegment<A>): void => {
    if (!this.actions.waiting(lost.arg)) return;
    if (lost.retransmissions >= tcpRetries2) {
      this.actions.giveUp(lost.arg);
      return;
    }
    lost.retransmissions++;
    lost.sentNs = this.sim.now;
    this.count('rto');
    this.actions.resend(lost);
  };
}
