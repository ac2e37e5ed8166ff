/**
 * An open-loop load generator (wrk2, k6's constant-arrival-rate, fortio -qps): requests arrive as a
 * Poisson process at a rate, whatever the system does with them, but the generator holds at most
 * `maxOutstanding` at once (its connections or virtual users). An arrival that finds them all
 * taken is shed and counted, as k6 counts `dropped_iterations`, so a saturated system's memory
 * depends on that bound and the kernel's queue limits, never on the offered rate. Below
 * saturation nothing is shed and the arrivals are those of an unbounded Poisson source (the same
 * stream draws). Simplification: a shed request is not retried and costs the generator nothing.
 */
import type { RandomStream, Simulation } from '../../sim/index.ts';
import type { Parameters } from '../parameters.ts';

export const loadGeneratorParameters = {
  maxOutstanding: {
    value: 100_000, unit: 'requests', min: 1, integer: true,
    doc: 'Requests an open-loop load generator holds outstanding at most (per client pod); arrivals beyond are shed and counted.',
    source: 'podpath\'s choice, above what any bundled scenario holds (conntrack-exhaustion\'s SYN retries hold over 10,000 at 250 requests/s): the role of k6\'s maxVUs (constant-arrival-rate executor) or wrk2\'s -c connections',
  },
} as const satisfies Parameters;

export class OpenLoopGenerator {
  /** Requests outstanding now. */
  outstanding = 0;
  /** Arrivals issued and arrivals shed since the start of the run. */
  issued = 0;
  shed = 0;

  /** Arrivals `meanGapNs` apart on average; `issue()` starts a request, and the caller calls
   *  `ended()` when it is over (answered or lost). */
  constructor(
    sim: Simulation,
    meanGapNs: number,
    gaps: RandomStream,
    private readonly maxOutstanding: number,
    private readonly issue: () => void,
  ) {
    const next = (): void => {
      this.arrive();
      sim.schedule(Math.round(gaps.exponential(meanGapNs)), next);
    };
    sim.schedule(Math.round(gaps.exponential(meanGapNs)), next);
  }

  private arrive(): void {
    if (this.outstanding >= this.maxOutstanding) {
      this.shed++;
      return;
    }
    this.outstanding++;
    this.issued++;
    this.issue();
  }

  ended(): void {
    this.outstanding--;
  }
}
