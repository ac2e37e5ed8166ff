/**
 * Reading a scenario: the file, its YAML, `--set` overrides, and validation against the schema.
 * Every failure is an `InputError` of one line (messages.ts); nothing here writes anything.
 * Hostile files are refused before they cost much: a size limit before reading, yaml's own
 * limit on alias expansion ("billion laughs"), and limits on nesting and string length after.
 */
import { readFileSync, statSync } from 'node:fs';
import { parse, YAMLParseError } from 'yaml';
import { describeIssue, formatPath } from './issues.ts';
import { InputError, messages } from './messages.ts';
import { type Scenario, scenarioSchema } from './schema.ts';

export type Scalar = number | string | boolean;

/** A parameter override and where it came from, for messages ("sweep", "compare[1].set", "--set"). */
export interface Override {
  path: string;
  value: Scalar;
  origin: string;
}

export interface LoadedScenario {
  file: string;
  scenario: Scenario;
}

/** Limits on a scenario file: the bundled ones are a few KB, nest 5 levels, hold strings of < 1,000 characters. */
export const limits = {
  fileBytes: 1024 * 1024,
  /** yaml's maxAliasCount: the nodes aliases may copy, in all. */
  aliases: 100,
  depth: 32,
  stringChars: 10_000,
};

/** The first string too long or value nested too deep, in document order. */
function checkShape(file: string, data: unknown): void {
  const stack: [unknown, PropertyKey[]][] = [[data, []]];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string' && value.length > limits.stringChars) {
      throw new InputError(messages.tooLong(file, formatPath(path), value.length, limits.stringChars));
    }
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= limits.depth) throw new InputError(messages.tooDeep(file, formatPath(path), limits.depth));
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i][1], [...path, entries[i][0]]]);
  }
}

export function readScenarioData(file: string): Record<string, unknown> {
  let text: string;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new InputError(messages.unreadable(file, 'not a file'));
    if (stat.size > limits.fileBytes) throw new InputError(messages.tooLarge(file, stat.size, limits.fileBytes));
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? messages.fileNotFound(file) : messages.unreadable(file, code ?? String(e)));
  }
  return parseScenarioText(file, text);
}

/** Parses a scenario's YAML text; `file` names it in messages. */
export function parseScenarioText(file: string, text: string): Record<string, unknown> {
  if (text.trim() === '') throw new InputError(messages.empty(file));
  let data: unknown;
  try {
    data = parse(text, { prettyErrors: false, uniqueKeys: true, maxAliasCount: limits.aliases });
  } catch (e) {
    // yaml turns a stack overflow (a thousand levels of [[[...) into a parse error at its position.
    if (e instanceof YAMLParseError && e.message.startsWith('Maximum call stack size exceeded')) {
      throw new InputError(messages.tooDeep(file, '', limits.depth));
    }
    if (e instanceof ReferenceError && e.message.startsWith('Excessive alias count')) throw new InputError(messages.aliasBomb(file, limits.aliases));
    if (e instanceof YAMLParseError) {
      const pos = e.linePos?.[0] ?? { line: 0, col: 0 };
      throw new InputError(messages.yaml(file, pos.line, pos.col, e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')));
    }
    throw e;
  }
  if (data === null || data === undefined) throw new InputError(messages.empty(file));
  if (typeof data !== 'object' || Array.isArray(data)) throw new InputError(messages.notMapping(file, data));
  checkShape(file, data);
  return data as Record<string, unknown>;
}

/** Sets `path` (dot-separated) in `data`, creating mappings on the way; a key that is an index
 *  (`services.groups.0.count`) steps into an existing list item, never past the list's end. */
export function setPath(file: string, data: Record<string, unknown>, o: Override): void {
  const keys = o.path.split('.');
  if (keys.some((k) => k === '')) throw new InputError(messages.unknownParameter(file, o.origin, o.path));
  let at: Record<string, unknown> | unknown[] = data;
  const step = (k: string): string | number => {
    if (!Array.isArray(at)) return k;
    const i = /^\d+$/.test(k) ? Number(k) : -1;
    if (i < 0 || i >= at.length) throw new InputError(messages.noListItem(file, o.origin, o.path, k, at.length));
    return i;
  };
  for (const k of keys.slice(0, -1)) {
    const key = step(k);
    const holder = at as Record<string | number, unknown>;
    const next = holder[key];
    if (next === undefined) holder[key] = {};
    else if (next === null || typeof next !== 'object') {
      throw new InputError(messages.unknownParameter(file, o.origin, o.path));
    }
    at = holder[key] as Record<string, unknown> | unknown[];
  }
  const last = keys[keys.length - 1];
  if (Array.isArray(at)) throw new InputError(messages.unknownParameter(file, o.origin, o.path));
  at[last] = o.value;
}

/** Validates `data` (with `overrides` already applied); an issue on an override names its origin. */
export function validate(file: string, data: Record<string, unknown>, overrides: Override[] = []): Scenario {
  const result = scenarioSchema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const issuePath = issue.path.map(String).join('.');
  const full = issue.code === 'unrecognized_keys' ? [issuePath, issue.keys[0]].filter(Boolean).join('.') : issuePath;
  const o = overrides.find((x) => x.path === full || full.startsWith(`${x.path}.`) || x.path.startsWith(`${full}.`));
  if (o && issue.code === 'unrecognized_keys') throw new InputError(messages.unknownParameter(file, o.origin, o.path));
  throw new InputError(describeIssue(file, scenarioSchema, data, issue, o ? `${o.origin}: ${full}` : undefined));
}

/** Applies `overrides` to a copy of a validated scenario (defaults filled, so a path into a
 *  defaulted mapping exists) and validates the result. */
export function override(file: string, scenario: Scenario, overrides: Override[]): Scenario {
  if (overrides.length === 0) return scenario;
  const data = structuredClone(scenario) as Record<string, unknown>;
  for (const o of overrides) setPath(file, data, o);
  return validate(file, data, overrides);
}

/** `PATH=VALUE` from the command line (`--set`), the value read as one YAML scalar. */
export function parseSet(assignment: string): Override {
  const at = assignment.indexOf('=');
  const path = assignment.slice(0, at).trim();
  if (at < 0 || path === '' || /\s/.test(path)) throw new InputError(messages.badSet(assignment));
  let value: unknown;
  try {
    value = parse(assignment.slice(at + 1));
  } catch {
    throw new InputError(messages.badSetValue(assignment));
  }
  if (typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'boolean') {
    throw new InputError(messages.badSetValue(assignment));
  }
  if (typeof value === 'string' && value.length > limits.stringChars) {
    throw new InputError(messages.tooLong('--set', path, value.length, limits.stringChars));
  }
  return { path, value, origin: '--set' };
}

/** Reads and validates `file`, then applies `sets`; a set parameter that the file sweeps is fixed
 *  (its axis dropped), so `--set` asks "what if it were just this?". */
export function loadScenario(file: string, sets: Override[] = []): LoadedScenario {
  return loadScenarioData(file, readScenarioData(file), sets);
}

/** As loadScenario, from data already read (a scenario's YAML text, an object built in code);
 *  `file` names it in messages. */
export function loadScenarioData(file: string, data: Record<string, unknown>, sets: Override[] = []): LoadedScenario {
  const scenario = override(file, validate(file, data), sets);
  const fixed = new Set(sets.map((o) => o.path));
  const sweep = Object.fromEntries(Object.entries(scenario.sweep).filter(([path]) => !fixed.has(path)));
  return { file, scenario: { ...scenario, sweep } };
}
