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
  outputNotDirectory: (dir: string) => `--out: ${dir} is not allowed (exists and is not a folder)`,
};
