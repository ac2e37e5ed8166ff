/**
 * Distributions of durations, sampled as integer nanoseconds from a named stream. The spec is
 * plain data (what a scenario file holds, converted to ns by the caller).
 */
import type { RandomStream } from './random.ts';

export type DistributionSpec =
  | { kind: 'constant'; valueNs: number }
  | { kind: 'exponential'; meanNs: number }
  | { kind: 'uniform'; minNs: number; maxNs: number }
  | { kind: 'lognormal'; meanNs: number; cv: number };

/** Returns a sampler of integer ns >= 0 for `spec` drawing from `stream`. */
export function sampler(spec: DistributionSpec, stream: RandomStream): () => number {
  switch (spec.kind) {
    case 'constant': {
      const v = Math.round(spec.valueNs);
      return () => v;
    }
    case 'exponential':
      return () => Math.round(stream.exponential(spec.meanNs));
    case 'uniform':
      return () => Math.round(stream.uniform(spec.minNs, spec.maxNs));
    case 'lognormal':
      return () => Math.round(stream.lognormal(spec.meanNs, spec.cv));
  }
}

/** The mean of `spec`, ns. */
export function meanNs(spec: DistributionSpec): number {
  switch (spec.kind) {
    case 'constant':
      return spec.valueNs;
    case 'exponential':
    case 'lognormal':
      return spec.meanNs;
    case 'uniform':
      return (spec.minNs + spec.maxNs) / 2;
  }
}
