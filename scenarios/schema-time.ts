/**
 * Time fields of the scenario format. Every duration a scenario gives in s, ms or us (or a cost in
 * ns) becomes integer ns on the simulation clock, which is exact to 2^53 ns (about 104 days;
 * sim/simulation.ts): a larger value would lose the clock's exactness or overflow the schedule,
 * so it is refused at validation, with the limit in the field's own unit.
 */
import { z } from 'zod';
import { messages } from './messages.ts';

/** The clock's exact range, ns. */
export const maxClockNs = Number.MAX_SAFE_INTEGER;

const units = { ns: 1, us: 1e3, ms: 1e6, s: 1e9 } as const;
export type TimeUnit = keyof typeof units;

/** The largest value of a field in `unit` that fits the clock. */
export function maxIn(unit: TimeUnit): number {
  return Math.floor(maxClockNs / units[unit]);
}

/** A duration in `unit`, >= 0 (or > 0 when `positive`), that fits the clock. */
export function time(unit: TimeUnit, opts: { positive?: boolean } = {}) {
  const base = opts.positive ? z.number().positive() : z.number().min(0);
  return base.max(maxIn(unit), { error: messages.beyondClock(maxIn(unit), unit) });
}
