/**
 * Turns a zod validation issue into one line of `messages`: the field path, the bad value and what
 * is allowed, with the allowed keys or choices read from the schema itself.
 */
import type { z } from 'zod';
import { messages, show } from './messages.ts';

type Path = readonly PropertyKey[];

export function formatPath(path: Path): string {
  let s = '';
  for (const k of path) s += typeof k === 'number' ? `[${k}]` : s ? `.${String(k)}` : String(k);
  return s;
}

export function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

interface Def {
  type: string;
  shape?: Record<string, { _zod: { def: Def } }>;
  innerType?: { _zod: { def: Def } };
  in?: { _zod: { def: Def } };
  options?: { _zod: { def: Def } }[];
  valueType?: { _zod: { def: Def } };
  element?: { _zod: { def: Def } };
  values?: unknown[];
  discriminator?: string;
}

function unwrap(def: Def): Def {
  while (def.innerType || def.in) def = (def.innerType ?? def.in)!._zod.def;
  return def;
}

/** The object definitions a value at `path` may be checked against (several for a union). */
function defsAt(schema: z.ZodType, path: Path, data: unknown): Def[] {
  let defs = [unwrap((schema as unknown as { _zod: { def: Def } })._zod.def)];
  const pick = (d: Def, at: Path): Def[] => {
    if (d.type !== 'union') return [d];
    const opts = d.options!.map((o) => unwrap(o._zod.def));
    const disc = valueAt(data, [...at, d.discriminator ?? 'kind']);
    const matching = opts.filter((o) => literalOf(o, d.discriminator) === disc);
    return matching.length > 0 ? matching : opts;
  };
  defs = defs.flatMap((d) => pick(d, []));
  for (let i = 0; i < path.length; i++) {
    const k = path[i];
    defs = defs.flatMap((d) => {
      const next = d.type === 'object' ? d.shape?.[String(k)]?._zod.def
        : d.type === 'record' ? d.valueType?._zod.def
        : d.type === 'array' ? d.element?._zod.def : undefined;
      return next ? pick(unwrap(next), path.slice(0, i + 1)) : [];
    });
  }
  return defs;
}

function literalOf(objectDef: Def, key: string | undefined): unknown {
  const f = key && objectDef.shape?.[key] ? unwrap(objectDef.shape[key]._zod.def) : undefined;
  return f?.values?.[0];
}

function keysAt(schema: z.ZodType, path: Path, data: unknown): string[] {
  return [...new Set(defsAt(schema, path, data).flatMap((d) => Object.keys(d.shape ?? {})))];
}

function allowed(issue: z.core.$ZodIssue): string {
  // A rule the schema spelled out for the user (schema-time.ts) says it best.
  if (issue.message.startsWith('must ')) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? 'must be an integer' : `must be ${article(issue.expected)}`;
    case 'too_small':
      if (issue.origin === 'array') return `must have at least ${issue.minimum} item(s)`;
      if (issue.origin === 'string') return `must have at least ${issue.minimum} character(s)`;
      return `must be ${issue.inclusive ? '>=' : '>'} ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array') return `must have at most ${issue.maximum} item(s)`;
      return `must be ${issue.inclusive ? '<=' : '<'} ${issue.maximum}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => show(v)).join(', ')}`;
    default:
      return issue.message;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** In a union no option accepted, the first issue of the one option whose type matched (its
 *  failure is deeper than its root), if exactly one did. */
function closestBranch(errors: z.core.$ZodIssue[][]): z.core.$ZodIssue | undefined {
  const typed = errors.filter((es) => es.length > 0 && !(es[0].code === 'invalid_type' && es[0].path.length === 0));
  return typed.length === 1 ? typed[0][0] : undefined;
}

/** One line for the first issue; `where` relabels the path (e.g. "sweep.workload.arrival.rateRps"). */
export function describeIssue(file: string, schema: z.ZodType, data: unknown, issue: z.core.$ZodIssue, where?: string): string {
  const path = where ?? formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return messages.unknownKey(file, where ?? formatPath(issue.path), issue.keys[0], keysAt(schema, issue.path, data));
  }
  const branch = issue.code === 'invalid_union' ? closestBranch(issue.errors) : undefined;
  if (branch) return describeIssue(file, schema, data, { ...branch, path: [...issue.path, ...branch.path] }, where);
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    const disc = issue.discriminator as string;
    const at = issue.path.at(-1) === disc ? issue.path : [...issue.path, disc];
    const choices = defsAt(schema, at.slice(0, -1), {}).map((d) => literalOf(d, disc)).filter((v) => v !== undefined);
    const value = valueAt(data, at);
    const label = where ?? formatPath(at);
    const rule = `must be one of ${choices.map((c) => show(c)).join(', ')}`;
    return value === undefined ? messages.missing(file, label, rule) : messages.field(file, label, value, rule);
  }
  if (issue.code === 'custom' && issue.params?.['section']) return messages.section(file, path, issue.message);
  const value = valueAt(data, issue.path);
  if (value === undefined && issue.code === 'invalid_type') return messages.missing(file, path, allowed(issue));
  // YAML reads .nan and .inf as numbers no field accepts; "100" in quotes is a string.
  if (typeof value === 'number' && !Number.isFinite(value)) return messages.field(file, path, value, 'must be a finite number');
  if (issue.code === 'invalid_type' && issue.expected === 'number' && typeof value === 'string' && Number.isFinite(Number(value)) && value.trim() !== '') {
    return messages.field(file, path, value, `must be a number, not a string: write ${value.trim()} without quotes`);
  }
  return messages.field(file, path, value, allowed(issue));
}
