/**
 * One TCP timer (the retransmission timer, the delayed-ACK timer) as simulation events, as the
 * kernel's sk_reset_timer / sk_stop_timer drive one timer_list: armed to a deadline, re-armed to
 * another, stopped. The engine cannot cancel an event, so the timer lets an event that is no
 * longer wanted fire as a no-op. Re-arming to a later deadline than an event already scheduled
 * moves only the deadline (that event, when it fires early, schedules one for the deadline), so a
 * retransmission timer re-armed at every ACK costs about one event per timeout period, not one per
 * ACK; only a deadline moved before every scheduled event schedules another. Every scheduled event
 * fires at or before the latest deadline ever set, so none outlives the timer's longest timeout.
 */
import type { Simulation } from '../../sim/index.ts';

export class TcpTimer {
  /** When the timer expires; Infinity when stopped. */
  private deadline = Infinity;
  /** Times of this timer's events scheduled and not yet fired, earliest first. */
  private readonly scheduled: number[] = [];

  constructor(private readonly sim: Simulation, private readonly expire: () => void) {}

  get armed(): boolean {
    return this.deadline !== Infinity;
  }

  /** Events of this timer waiting in the simulation (stale ones included). */
  get events(): number {
    return this.scheduled.length;
  }

  /** Expires `delayNs` from now (rounded up to a whole ns), whatever it was armed to before. */
  arm(delayNs: number): void {
    this.deadline = this.sim.now + Math.ceil(delayNs);
    this.cover();
  }

  stop(): void {
    this.deadline = Infinity;
  }

  /** Schedules an event at the deadline unless one already fires at or before it. */
  private cover(): void {
    if (this.scheduled.length > 0 && this.scheduled[0]! <= this.deadline) return;
    this.scheduled.unshift(this.deadline);
    this.sim.at(this.deadline, this.fire);
  }

  private readonly fire = (): void => {
    // Events fire in time order, so this one is the earliest scheduled.
    this.scheduled.shift();
    if (this.deadline <= this.sim.now) {
      this.deadline = Infinity;
      this.expire();
    } else if (this.deadline !== Infinity) this.cover();
  };
}
