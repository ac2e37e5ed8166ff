/**
 * Every message a user sees about bad input, as functions of the bad value, so tests can assert
 * them. One line each: the file, the field path, the bad value, and what is allowed.
 */

/** Bad input from the user: the CLI prints `message` alone and exits 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** A value as it appears in a message: JSON, cut short. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const s = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

export const messages = {
  fileNotFound: (file: string) => `${file}: no such file (give the path of a scenario .yaml file)`,
  unreadable: (file: string, reason: string) => `${file}: cannot be read (${reason})`,
  empty: (file: string) => `${file}: the file is empty (a scenario needs at least a name)`,
  yaml: (file: string, line: number, col: number, reason: string) =>
    `${file}:${line}:${col}: invalid YAML: ${reason}`,
  notMapping: (file: string, value: unknown) =>
    `${file}: the top level is ${show(value)}, not allowed (must be a mapping of scenario fields)`,
  field: (file: string, path: string, value: unknown, allowed: string) =>
    `${file}: ${path}: ${show(value)} is not allowed (${allowed})`,
  missing: (file: string, path: string, allowed: string) => `${file}: ${path}: is missing (${allowed})`,
  unknownKey: (file: string, path: string, key: string, allowed: string[]) =>
    `${file}: ${path ? `${path}.` : ''}${key}: unknown field (allowed${path ? ` in ${path}` : ''}: ${allowed.join(', ')})`,
  unknownParameter: (file: string, where: string, path: string) =>
    `${file}: ${where}: ${path} is not a scenario parameter (use a field path such as workload.arrival.rateRps)`,
  badSet: (assignment: string) => `--set: ${show(assignment)} is not allowed (must be PATH=VALUE, e.g. workload.arrival.rateRps=5000)`,
  badSeed: (value: string) => `--seed: ${show(value)} is not allowed (must be an integer >= 0)`,
  badPod: (option: string, value: string, nodes: number, podsPerNode: number) =>
    `${option}: ${show(value)} is not allowed (must be client, server or NODE:POD with NODE < ${nodes} and POD < ${podsPerNode}, e.g. 1:0)`,
  badVariant: (value: string, names: string[]) =>
    `--variant: ${show(value)} is not allowed (must be one of the scenario's variants: ${names.map((n) => show(n)).join(', ')})`,
  badSetValue: (assignment: string) =>
    `--set: ${show(assignment)} is not allowed (VALUE must be one YAML scalar: a number, a string, true or false)`,
  outputNotDirectory: (dir: string) => `--out: ${dir} is not allowed (exists and is not a folder)`,
  badWorkers: (value: string) => `--workers: ${show(value)} is not allowed (must be an integer >= 1)`,
  badShard: (value: string) => `--shard: ${show(value)} is not allowed (must be I/N with integers 0 <= I < N, e.g. 0/4)`,
  badSlo: (value: string) =>
    `--slo: ${show(value)} is not allowed (must be METRIC.STAT OP VALUE with OP one of <, <=, >, >=, e.g. 'request_latency_ms.p99 < 1')`,
  unknownSloMetric: (metric: string, known: string[]) =>
    `--slo: ${show(metric)} is not allowed (must be a metric of this scenario: ${known.join(', ')})`,
  badTolerance: (value: string) => `--tolerance: ${show(value)} is not allowed (must be a number > 0)`,
  badVary: (file: string, path: string, swept: string[]) =>
    swept.length === 0
      ? `${file}: --vary: ${show(path)} is not allowed (the scenario sweeps nothing; give its range as sweep: { ${path}: { from: A, to: B, step: S } })`
      : `${file}: --vary: ${show(path)} is not allowed (must be a parameter the scenario sweeps: ${swept.join(', ')})`,
  notNumericVary: (file: string, path: string, values: unknown[]) =>
    `${file}: --vary: ${show(path)} is not allowed (its sweep values ${show(values)} must all be numbers)`,
  resumeMismatch: (file: string) =>
    `--resume: ${file} is not allowed (it holds another scenario, seed or podpath version; remove it or choose another --out)`,
  notResults: (file: string, reason: string) => `${file}: not a podpath results.json (${reason})`,
  mergeMismatch: (file: string, first: string) =>
    `merge: ${file} is not allowed (it holds another scenario, seed or podpath version than ${first})`,
  mergeMissing: (missing: number, total: number, example: string) =>
    `merge: ${missing} of ${total} point(s) missing, e.g. ${example} (give the folders of every shard)`,
  planInterrupted: () => 'podpath: interrupted; plan stopped before it had an answer',
  interrupted: (kept: number, total: number, file: string) =>
    `podpath: interrupted; ${kept} of ${total} point(s) kept in ${file} (run again with --resume to finish)`,
};
