/**
 * The experiment fields of the scenario format: `sweep` (a grid of parameter paths, each axis a
 * list of values or a numeric range), `compare` (named variants, each a set of overrides) and
 * `replications`. The warm-up excluded from statistics is `run.warmupMs` (schema.ts).
 */
import { z } from 'zod';
import { defaultedField } from './parameter-schema.ts';
import { runParameters } from './run-parameters.ts';

export const scalar = z.union([z.number(), z.string(), z.boolean()], { error: 'must be a number, a string or a boolean' });

/** Most values one range may generate: a guard against a step far too small. */
export const maxRangeValues = 10_000;

/** `{from, to, step}` (linear steps) or `{from, to, points, scale}` (evenly spaced, linearly or
 *  logarithmically); integer ranges give integers (scenarios/expand.ts, axisValues). */
export const sweepRange = z
  .strictObject({
    from: z.number(),
    to: z.number(),
    step: z.number().positive().optional(),
    points: z.number().int().min(2).max(maxRangeValues).optional(),
    scale: z.enum(['linear', 'log']).default('linear'),
  })
  .superRefine((r, ctx) => {
    const issue = (path: string, input: unknown, message: string) => ctx.addIssue({ code: 'custom', path: [path], input, message });
    if (r.to < r.from) issue('to', r.to, `must be >= from = ${r.from}`);
    if ((r.step === undefined) === (r.points === undefined)) issue('step', r.step, 'give exactly one of step and points');
    if (r.scale === 'log' && r.step !== undefined) issue('scale', r.scale, 'log needs points, not step');
    if (r.scale === 'log' && r.from <= 0) issue('from', r.from, 'must be > 0 on a log scale');
    if (r.step !== undefined && (r.to - r.from) / r.step >= maxRangeValues) {
      issue('step', r.step, `makes more than ${maxRangeValues} values from ${r.from} to ${r.to}`);
    }
  });

export type SweepRange = z.output<typeof sweepRange>;

export const sweepAxis = z.union([z.array(scalar).min(1), sweepRange], {
  error: 'must be a list of values, or a range {from, to, step} or {from, to, points, scale: linear|log}',
});

export type SweepAxis = z.output<typeof sweepAxis>;

export const experimentFields = {
  replications: defaultedField(runParameters.replications),
  /** Parameter path → values; every combination is a point, the first axis varying slowest. */
  sweep: z.record(z.string(), sweepAxis).default({}),
  /** Named variants compared at every point, each a set of parameter overrides. */
  compare: z.array(z.strictObject({ name: z.string().min(1), set: z.record(z.string(), scalar).default({}) })).default([]),
};
