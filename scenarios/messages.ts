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
  // YAML's spellings: JSON would show NaN and Infinity as null.
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  const s = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toLocaleString('en-US', { maximumFractionDigits: 1 })} GiB`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

export const messages = {
  /** A one-size field beside `groups`: the two ways to size a catalogue exclude each other. */
  groupsAndSize: (groupsPath: string) =>
    `cannot be given with ${groupsPath} (each group gives its own count and endpointsPerService: size the Services one way)`,
  /** With Service traffic the control plane programs the traffic's catalogue, sized once. */
  controlPlaneSizeWithTraffic: () =>
    'cannot be given with traffic (the control plane programs the Services the traffic calls: size them once, under services:)',
  /** The proxy the traffic's packets meet must be the one the control plane's syncs program. */
  proxyModeWithControlPlane: (syncMode: string, proxyMode: string) =>
    `must be the mode controlPlane.mode ${syncMode} programs, ${proxyMode} (with controlPlane, one kube-proxy serves the traffic)`,
  proxyVersionWithControlPlane: (syncVersion: string) => `must match controlPlane.version ${syncVersion} (with controlPlane, one ruleset serves the traffic)`,
  rolloutStalls: () => 'must be >= 1 (or above "0%") when maxSurge is 0 (a rolling update with neither could never replace a pod, and Kubernetes refuses it)',
  /** A Deployment's maxSurge / maxUnavailable: a count or a percentage (intstr.IntOrString). */
  intOrPercent: (maxPercent?: number) =>
    `must be a count of pods (an integer >= 0) or a percentage of the replicas such as "25%"${maxPercent === undefined ? '' : ` up to "${maxPercent}%"`}`,
  percentAbove: (maxPercent: number) => `must be at most "${maxPercent}%" (a Deployment cannot leave more than all its replicas unavailable)`,
  restartNodes: (nodes: number) => `must be <= cluster.nodes = ${nodes.toLocaleString('en-US')} (kube-proxy restarts on the first restart.nodes nodes)`,
  rolloutService: (services: number, of: string) => `must be a Service index below the ${services.toLocaleString('en-US')} Services of ${of} (the rolled Deployment backs one of them)`,
  rolloutWithOption: () => 'cannot be combined with controlPlane.rollout yet (the rolled Service\'s endpoints are chosen from each node\'s programmed view, without Service options)',
  udpFlowsNeedRollout: () => 'needs controlPlane.rollout: the UDP flows call the rolled Service\'s ClusterIP',
  udpFlowsViaNodePort: () => 'must be clusterIP with traffic.udpFlows: the UDP flows call the rolled Service\'s ClusterIP',
  /** Whole sections that exclude each other: the section is named, its fields are not printed. */
  section: (file: string, path: string, why: string) => `${file}: ${path}: ${why}`,
  controlPlaneWithIngress: () =>
    'cannot be given with ingress: the Ingress controller\'s balancer picks the upstream pod itself and connects to its pod IP, bypassing the endpoints each node\'s kube-proxy has programmed, the only endpoints the control plane updates (remove controlPlane or ingress)',
  controlPlaneWithEgress: () => 'cannot be combined with traffic.egress (the control plane runs with the Service traffic, not egress)',
  duplicateGroup: () => 'must be unique among the groups (traffic.target.group names a group)',
  /** `costProfile:` is `profile:` by another name; two different ones cannot both hold. */
  udpOnly: (field: string, why = 'it applies to workload.bulk.protocol udp only') => `${field} cannot be used here: ${why}`,
  twoProfiles: (profile: string) => `names a different profile than profile: ${profile} (costProfile is another name for profile: give one)`,
  /** What a time field allows; zod reports it as the field's rule. */
  runBeyondClock: (warmupMs: number, maxMs: number) =>
    `must be <= ${count(maxMs)} ms minus run.warmupMs (${count(warmupMs)}): warm-up and run together must fit the integer-nanosecond clock, exact to 2^53 ns, about 104 days`,
  beyondClock: (max: number, unit: string) =>
    `must be <= ${count(max)} ${unit}: the integer-nanosecond clock is exact to 2^53 ns, about 104 days`,
  fileNotFound: (file: string) => `${file}: no such file (give the path of a scenario .yaml file)`,
  unreadable: (file: string, reason: string) => `${file}: cannot be read (${reason})`,
  empty: (file: string) => `${file}: the file is empty (a scenario needs at least a name)`,
  yaml: (file: string, line: number, col: number, reason: string) =>
    `${file}:${line}:${col}: invalid YAML: ${reason}`,
  tooLarge: (file: string, bytes: number, maxBytes: number) =>
    `${file}: ${count(bytes)} bytes is too large for a scenario (at most ${count(maxBytes)} bytes)`,
  aliasBomb: (file: string, maxAliases: number) =>
    `${file}: its YAML aliases (*name) expand too far, as in a "billion laughs" file (aliases may copy at most ${maxAliases} nodes in all)`,
  tooDeep: (file: string, path: string, maxDepth: number) =>
    `${file}: ${path ? `${path}: ` : ''}nested too deeply (mappings and lists may nest at most ${maxDepth} levels)`,
  tooLong: (file: string, path: string, length: number, maxLength: number) =>
    `${file}: ${path}: a string of ${count(length)} characters is not allowed (at most ${count(maxLength)})`,
  tooManyEvents: (file: string, events: number, points: number, replications: number, max: number) =>
    `${file}: about ${events.toExponential(1)} events (${count(points)} point(s) x ${count(replications)} replication(s)) is too big to run (at most ${max.toExponential(0)} without --force: shorten run.durationMs, lower the rate, sweep fewer values, or give --force)`,
  tooMuchMemory: (file: string, bytes: number, machine: number) =>
    `${file}: about ${gib(bytes)} of memory for one replication is too big to run (this machine has ${gib(machine)}: fewer nodes or connections, or give --force)`,
  notMapping: (file: string, value: unknown) =>
    `${file}: the top level is ${show(value)}, not allowed (must be a mapping of scenario fields)`,
  field: (file: string, path: string, value: unknown, allowed: string) =>
    `${file}: ${path}: ${show(value)} is not allowed (${allowed})`,
  missing: (file: string, path: string, allowed: string) => `${file}: ${path}: is missing (${allowed})`,
  unknownKey: (file: string, path: string, key: string, allowed: string[]) =>
    `${file}: ${path ? `${path}.` : ''}${key}: unknown field (allowed${path ? ` in ${path}` : ''}: ${allowed.join(', ')})`,
  unknownParameter: (file: string, where: string, path: string) =>
    `${file}: ${where}: ${path} is not a scenario parameter (use a field path such as workload.arrival.rateRps)`,
  noListItem: (file: string, where: string, path: string, key: string, items: number) =>
    `${file}: ${where}: ${path} is not a scenario parameter (${show(key)} must index the list's ${items} item(s), from 0, e.g. services.groups.0.count)`,
  badSet: (assignment: string) => `--set: ${show(assignment)} is not allowed (must be PATH=VALUE, e.g. workload.arrival.rateRps=5000)`,
  badSeed: (value: string) => `--seed: ${show(value)} is not allowed (must be an integer >= 0)`,
  badPod: (option: string, value: string, nodes: number, podsPerNode: number) =>
    `${option}: ${show(value)} is not allowed (must be client, server or NODE:POD with NODE < ${nodes} and POD < ${podsPerNode}, e.g. 1:0)`,
  badVariant: (value: string, names: string[]) =>
    `--variant: ${show(value)} is not allowed (must be one of the scenario's variants: ${names.map((n) => show(n)).join(', ')})`,
  badSetValue: (assignment: string) =>
    `--set: ${show(assignment)} is not allowed (VALUE must be one YAML scalar: a number, a string, true or false)`,
  outputNotDirectory: (dir: string) => `--out: ${dir} is not allowed (it exists and is not a folder; give a folder, new or existing)`,
  outputUnderFile: (dir: string, file: string) =>
    `--out: ${dir} is not allowed (${file} is a file, so no folder can be made below it; give a folder, new or existing)`,
  outputUnwritable: (dir: string, folder: string, code: string) =>
    `--out: ${dir} is not allowed (cannot create anything in ${folder}: ${code}; give a folder this user can write)`,
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
