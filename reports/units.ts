/**
 * Names and units for charts and tables. Metric names are snake_case with the unit last
 * (DESIGN.md, "The results contract"), so the unit is read off the suffix rather than declared
 * per metric: a new metric that follows the naming rule gets a correctly labelled axis for free.
 */

const UNIT_SUFFIXES: [suffix: string, unit: string][] = [
  ['_per_s', '/s'],
  ['_mbps', 'Mbit/s'],
  ['_bytes', 'bytes'],
  ['_ms', 'ms'],
  ['_us', 'µs'],
  ['_ns', 'ns'],
  ['_s', 's'],
];

/** The unit a metric or column name ends with, or undefined when it names a count or a ratio. */
export function unitOf(name: string): string | undefined {
  const base = name.split('.')[0]!;
  if (base === 'cpu_cores') return 'cores';
  return UNIT_SUFFIXES.find(([suffix]) => base.endsWith(suffix) && base.length > suffix.length)?.[1];
}

/** `request_latency_ms` → `request latency (ms)`; `crossings_per_packet` → `crossings per packet`. */
export function axisTitle(name: string): string {
  const base = name.split('.')[0]!;
  if (base === 'cpu_cores') return 'CPU (cores)';
  const match = UNIT_SUFFIXES.find(([suffix]) => base.endsWith(suffix) && base.length > suffix.length);
  if (!match) return base.replace(/_/g, ' ');
  if (match[0] === '_per_s') return `${base.slice(0, -match[0].length).replace(/_/g, ' ')}/s`;
  return `${base.slice(0, -match[0].length).replace(/_/g, ' ')} (${match[1]})`;
}

/** A parameter path keeps its full name (`cluster.nodes`); the unit comes from its last segment. */
export function paramTitle(path: string): string {
  const unit = unitOf(path.split('.').at(-1)!);
  return unit ? `${path} (${unit})` : path;
}
