/**
 * The users of a closed-loop load generator (`ab -c N`, `wrk -c N`, `fortio -c N`): N users, each
 * with one request outstanding, issue their first request at once and each following one
 * `thinkNs` after the previous ended (answered, or failed for good). Concurrency 1 is a
 * sequential client. Throughput is then what the system gives, not what is offered, and latency
 * holds the queueing a saturated path makes. Simplification: a user's think time is constant
 * (the tools have none, or a fixed pacing).
 */
import type { Simulation } from '../../sim/index.ts';
import type { Parameters } from '../parameters.ts';

/** The closed loop's think time (`arrival: { kind: closed }`), declared once. */
export const closedLoopParameters = {
  thinkUs: {
    value: 0, unit: 'us', min: 0,
    doc: "A user's pause between the end of one request and the issue of its next.",
    source: 'ab -c, wrk -c and fortio -qps 0 issue the next request as soon as the previous one ends.',
  },
} as const satisfies Parameters;

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
