/**
 * Scenario fields derived from a model's defaults object (models/parameters.ts): one zod number
 * per parameter with its declared range, described by its help line, unit, default and source so
 * the JSON Schema for editors shows them. Nothing about a parameter is written here by hand.
 */
import { z } from 'zod';
import type { OptionalParameter, Parameter, Parameters } from '../models/parameters.ts';
import { messages } from './messages.ts';
import { maxIn, type TimeUnit } from './schema-time.ts';

const timeUnits: readonly string[] = ['ns', 'us', 'ms', 's'] satisfies TimeUnit[];

/** The zod field of one parameter; an optional one says what its absence means. */
export function parameterField(p: Parameter | OptionalParameter): z.ZodNumber {
  // Integer first: a fraction is reported as "must be an integer" before its range.
  let field = p.integer ? z.number().int() : z.number();
  field = p.minExclusive ? field.gt(p.min) : field.min(p.min);
  if (p.max !== undefined) field = field.max(p.max);
  // A time in s, ms, us or ns becomes integer ns on the clock: no more than its exact range.
  else if (timeUnits.includes(p.unit)) field = field.max(maxIn(p.unit as TimeUnit), { error: messages.beyondClock(maxIn(p.unit as TimeUnit), p.unit) });
  const fallback = 'value' in p ? `default ${p.value}` : `absent: ${p.absent}`;
  return field.describe(`${p.doc} Unit: ${p.unit}; ${fallback}. Source: ${p.source}`);
}

/** The zod field of one parameter, defaulting to its value. */
export function defaultedField(p: Parameter): z.ZodDefault<z.ZodNumber> {
  return parameterField(p).default(p.value);
}

/** The zod field of a parameter a scenario may leave out: absent, the model derives it (an
 *  OptionalParameter), or applies a default that depends on other fields. */
export function optionalField(p: Parameter | OptionalParameter): z.ZodOptional<z.ZodNumber> {
  return parameterField(p).optional();
}

/** The zod fields of a defaults object, every one optional: a scenario overrides what it names. */
export function overrideFields<P extends Parameters>(params: P): { [K in keyof P]: z.ZodOptional<z.ZodNumber> } {
  return Object.fromEntries(Object.entries(params).map(([k, p]) => [k, optionalField(p)])) as { [K in keyof P]: z.ZodOptional<z.ZodNumber> };
}

/** The zod field of a parameter whose default is applied after a check of what was written (a
 *  one-size field beside `groups`, schema-service-groups.ts): absent on parse, its default still
 *  shown to editors. */
export function laterDefaultedField(p: Parameter): z.ZodOptional<z.ZodNumber> {
  return parameterField(p).optional().meta({ default: p.value });
}
