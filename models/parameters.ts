/**
 * Model parameters declared once, as ns-3 declares attributes: each field of a model's defaults
 * object carries its value, unit, valid range, source and a help line. The model reads the values
 * (`valuesOf`), the scenario schema derives its overridable fields and their ranges from the same
 * object (scenarios/parameter-schema.ts), and the JSON Schema for editors shows the help line, unit
 * and default. A new constant is one more field in one defaults object.
 */

/** What every parameter declares besides its default. */
interface Declared {
  readonly unit: string;
  /** Valid range, inclusive. */
  readonly min: number;
  /** The range excludes `min` itself (a timeout must be > 0). */
  readonly minExclusive?: boolean;
  readonly max?: number;
  /** Whole numbers only. */
  readonly integer?: boolean;
  /** What the parameter is, in one line. */
  readonly doc: string;
  /** Where the value comes from: a publication, a kernel or kube-proxy source, or how it is
   *  derived; for a default that is a choice rather than a measurement, the choice and why. */
  readonly source: string;
}

export interface Parameter extends Declared {
  /** The default value, in `unit`. */
  readonly value: number;
}

/** A parameter with no default value: when a scenario leaves it out the model derives it from
 *  others (a NIC's queues from its cores) or does without it. */
export interface OptionalParameter extends Declared {
  /** What the model does when the scenario leaves it out, e.g. "one per core". */
  readonly absent: string;
}

export type Parameters = Readonly<Record<string, Parameter | OptionalParameter>>;

/** The plain values of a defaults object, field by field (those with a default). */
export type ValuesOf<P extends Parameters> = { [K in keyof P as P[K] extends Parameter ? K : never]: number };

export function valuesOf<P extends Parameters>(params: P): ValuesOf<P> {
  return Object.fromEntries(Object.entries(params).flatMap(([k, p]) => ('value' in p ? [[k, p.value]] : []))) as ValuesOf<P>;
}
