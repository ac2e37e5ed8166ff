/**
 * Model parameters declared once, as ns-3 declares attributes: each field of a model's defaults
 * object carries its value, unit, valid range, source and a help line. The model reads the values
 * (`valuesOf`), the scenario schema derives its overridable fields and their ranges from the same
 * object (scenarios/parameter-schema.ts), and the JSON Schema for editors shows the help line, unit
 * and default. A new constant is one more field in one defaults object.
 */

export interface Parameter {
  /** The default value, in `unit`. */
  readonly value: number;
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
  /** Where the value comes from: a publication, a kernel or kube-proxy source, or how it is derived. */
  readonly source: string;
}

export type Parameters = Readonly<Record<string, Parameter>>;

/** The plain values of a defaults object, field by field. */
export type ValuesOf<P extends Parameters> = { [K in keyof P]: number };

export function valuesOf<P extends Parameters>(params: P): ValuesOf<P> {
  return Object.fromEntries(Object.entries(params).map(([k, p]) => [k, p.value])) as ValuesOf<P>;
}
