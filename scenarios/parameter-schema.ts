/**
 * Scenario fields derived from a model's defaults object (models/parameters.ts): one zod number
 * per parameter with its declared range, described by its help line, unit, default and source so
 * the JSON Schema for editors shows them. Nothing about a parameter is written here by hand.
 */
import { z } from 'zod';
import type { Parameter, Parameters } from '../models/parameters.ts';
import { messages } from './messages.ts';
import { maxIn, type TimeUnit } from './schema-time.ts';

const timeUnits: readonly string[] = ['ns', 'us', 'ms', 's'] satisfies TimeUnit[];

/** The zod field of one parameter. */
export function parameterField(p: Parameter): z.ZodNumber {
  let field = p.minExclusive ? z.number().gt(p.min) : z.number().min(p.min);
  if (p.max !== undefined) field = field.max(p.max);
  // A time in s, ms, us or ns becomes integer ns on the clock: no more than its exact range.
  else if (timeUnits.includes(p.unit)) field = field.max(maxIn(p.unit as TimeUnit), { error: messages.beyondClock(maxIn(p.unit as TimeUnit), p.unit) });
  if (p.integer) field = field.int();
  return field.describe(`${p.doc} Unit: ${p.unit}; default ${p.value}. Source: ${p.source}`);
}

/** The zod field of one parameter, defaulting to its value. */
export function defaultedField(p: Parameter): z.ZodDefault<z.ZodNumber> {
  return parameterField(p).default(p.value);
}

/** The zod fields of a defaults object, every one optional: a scenario overrides what it names. */
export function overrideFields<P extends Parameters>(params: P): { [K in keyof P]: z.ZodOptional<z.ZodNumber> } {
  return Object.fromEntries(Object.entries(params).map(([k, p]) => [k, parameterField(p).optional()])) as { [K in keyof P]: z.ZodOptional<z.ZodNumber> };
}
