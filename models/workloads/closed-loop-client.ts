/**
 * The users of a closed-loop load generator (`ab -c N`, `wrk -c N`, `fortio -c N`): N users, each
 * with one request outstanding, issue their first request at once and each following one
 * `thinkNs` after the previous ended (answered, or failed for good). Concurrency 1 is a
 * sequential client. Throughput is then what the system gives, not what is offered, and latency
 * holds the queueing a saturated path makes. Simplification: a user's think time is constant
 * (the tools have none, or a fixed pacing).
 */
import type { Simulation } from '../../sim/index.ts';

export class ClosedLoopClient {
  constructor(
    private readonly sim: Simulation,
    concurrency: number,
    private readonly thinkNs: number,
    private readonly issue: (user: number) => void,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be an integer >= 1, got ${concurrency}`);
    for (let user = 0; user < concurrency; user++) sim.schedule(0, issue, user);
  }

  /** User `user`'s request has ended: it thinks, then issues the next. */
  ended(user: number): void {
    this.sim.schedule(this.thinkNs, this.issue, user);
  }
}
