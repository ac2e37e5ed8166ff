/**
 * For tests: a distribution summary that must have samples, with its statistics as numbers (an
 * empty one's are null, sim/stats.ts).
 */
import assert from 'node:assert/strict';
import type { Summary } from '../../sim/index.ts';

export type Recorded = { [K in keyof Summary]: number };

export function recorded(value: unknown): Recorded {
  const s = value as Summary;
  assert.ok(s.count > 0, `expected a distribution with samples, got ${JSON.stringify(s)}`);
  return s as Recorded;
}
