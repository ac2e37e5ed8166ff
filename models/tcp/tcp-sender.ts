/**
 * A TCP sender with an unbounded supply of data (a bulk writer) driven by the NewReno window and
 * RFC 6298 timer of reno-window.ts: it sends what min(cwnd, receive window) allows, in units of at
 * most `sendUnitSegments` (a TSO/GSO super-segment, as tcp_write_xmit builds one); a third
 * duplicate ACK or a NewReno partial ACK retransmits the hole's one segment; the retransmission
 * timer (tcp-timer.ts) is armed when data goes out with none outstanding, re-armed by every ACK of
 * new data and stopped when everything is acknowledged (RFC 6298 5.1-5.3); at its expiry the window
 * falls to one segment and sending starts again from the oldest unacknowledged (go-back-N: without
 * SACK the sender cannot tell what the receiver holds). RTT is sampled on one segment at a time,
 * never on a retransmitted one (Karn's rule, as BSD's t_rtttime; Linux samples every ACK with
 * timestamps). Simplifications: no tail loss probe or RACK (Linux ≥ 4.10 has them), so a loss with
 * too few segments behind it waits for the timeout; no pacing. Memory: a few numbers per stream.
 */
import type { Simulation } from '../../sim/index.ts';
import { type RenoConfig, RenoWindow, renoParameters } from './reno-window.ts';
import { valuesOf } from '../parameters.ts';
import type { RetransmitCounter } from './retransmit-counter.ts';
import { TcpTimer } from './tcp-timer.ts';

/** NewReno's configuration with reno-window.ts's defaults and the given receive window. */
export function defaultRenoConfig(receiveWindowSegments: number): RenoConfig {
  const p = valuesOf(renoParameters);
  return {
    initialWindowSegments: p.initialWindowSegments, dupAckThreshold: p.dupAckThreshold,
    rtoMinNs: p.rtoMinMs * 1e6, rtoMaxNs: p.rtoMaxMs * 1e6, initialRtoNs: p.initialRtoMs * 1e6,
    receiveWindowSegments,
  };
}

export class TcpSender {
  readonly window: RenoWindow;
  /** One past the highest segment ever sent: a segment below it goes out again. */
  private high = 0;
  /** The segment whose ACK is timed (-1: none) and when it was sent. */
  private timed = -1;
  private timedAtNs = 0;
  private readonly rto: TcpTimer;

  constructor(
    private readonly sim: Simulation,
    private readonly config: RenoConfig,
    private readonly sendUnitSegments: number,
    /** Puts segments [first, first + count) on the wire as one unit. */
    private readonly transmit: (first: number, count: number, retransmit: boolean) => void,
    private readonly retransmits: RetransmitCounter,
  ) {
    this.window = new RenoWindow(config);
    this.rto = new TcpTimer(sim, this.onTimeout);
  }

  /** Events the retransmission timer holds in the simulation. */
  get timerEvents(): number {
    return this.rto.events;
  }

  /** Sends the initial window. */
  start(): void {
    this.push();
  }

  /** A cumulative ACK of every segment below `ack` arrived. */
  onAck(ack: number): void {
    const w = this.window;
    const before = w.una;
    const hole = w.onAck(ack);
    // The window grows only while it is what limits the sender (Linux tcp_is_cwnd_limited): never
    // past the receive window outside recovery.
    if (!w.inRecovery && w.cwnd > this.config.receiveWindowSegments) w.cwnd = this.config.receiveWindowSegments;
    // After a timeout's go-back-N the receiver may hold more than was sent again.
    if (w.next < w.una) w.next = w.una;
    if (ack > before) {
      if (this.timed >= 0 && ack > this.timed) {
        w.sampleRtt(this.sim.now - this.timedAtNs);
        this.timed = -1;
      }
      if (w.una === w.next) this.rto.stop();
      else this.rto.arm(w.rtoNs);
    }
    if (hole >= 0) {
      this.retransmits.fast++;
      if (this.timed >= hole) this.timed = -1;
      this.transmit(hole, 1, true);
    }
    this.push();
  }

  /** Sends what the window allows: new segments, or after a timeout those sent before. */
  private push(): void {
    const w = this.window;
    for (let room = w.sendable; room > 0; room = w.sendable) {
      const first = w.next;
      const again = first < this.high;
      const count = Math.min(room, this.sendUnitSegments, again ? this.high - first : Infinity);
      w.next += count;
      if (again) this.retransmits.rto += count;
      else {
        this.high = w.next;
        if (this.timed < 0) {
          this.timed = w.next - 1;
          this.timedAtNs = this.sim.now;
        }
      }
      if (!this.rto.armed) this.rto.arm(w.rtoNs);
      this.transmit(first, count, again);
    }
  }

  private readonly onTimeout = (): void => {
    const w = this.window;
    this.retransmits.timeouts++;
    this.timed = -1;
    w.onTimeout();
    this.rto.arm(w.rtoNs);
    this.push();
  };
}
