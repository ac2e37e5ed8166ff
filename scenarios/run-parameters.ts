/**
 * The scenario's own numeric knobs, which no model uses: how long and how often a point runs
 * (`run:`, `seed`, `replications`), how often the Service experiment samples conntrack, and the
 * scale of a report overlay. Declared once, as the models' parameters are (models/parameters.ts),
 * so their fields, ranges and JSON Schema help come from one place. They live in scenarios/ because
 * experiments/ and reports/, which read them, sit where scenarios/ may not import.
 */
import type { Parameters } from '../models/parameters.ts';

export const runParameters = {
  seed: {
    value: 1, unit: 'seed', min: 0, integer: true,
    doc: "Seed of the scenario's named random streams; the same seed gives the same results.",
    source: 'A choice: any fixed seed; 1 by convention.',
  },
  replications: {
    value: 1, unit: 'runs', min: 1, integer: true,
    doc: 'Independent runs per point (different random streams); mean and 95% CI across them.',
    source: 'A choice: one run, the quickest; give more for confidence intervals.',
  },
  durationMs: {
    value: 1000, unit: 'ms', min: 0, minExclusive: true,
    doc: 'Simulated time measured at each point, after the warm-up.',
    source: 'A choice: 1 s of simulated time, thousands of requests at the default rates.',
  },
  warmupMs: {
    value: 100, unit: 'ms', min: 0,
    doc: 'Simulated time run before measuring, excluded from statistics.',
    source: 'A choice: a tenth of the default duration, long enough for queues to fill at the default rates.',
  },
  conntrackSampleMs: {
    value: 1000, unit: 'ms', min: 0, minExclusive: true,
    doc: "Interval between two samples of the first client node's conntrack table (Service scenarios).",
    source: 'A choice: once a second, as a monitoring scrape of nf_conntrack_count.',
  },
} as const satisfies Parameters;

/** A report overlay's knob (`report.overlays[]`). */
export const overlayParameters = {
  scale: {
    value: 1, unit: 'factor', min: 0, minExclusive: true,
    doc: "Factor converting the reference's y values to the metric's unit.",
    source: 'A choice: none, the reference is in the metric\'s unit.',
  },
} as const satisfies Parameters;
