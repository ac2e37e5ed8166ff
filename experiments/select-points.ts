/**
 * Step 2 of a run: which points this run computes. A shard I of N takes points I, I+N, I+2N … of
 * the expansion (round-robin, so every shard gets a share of each variant); a point already
 * finished (a resumed run's results.json, or the shards being merged) is taken as it is. Plain data
 * in and out: the points, their finished results where known, and the indices left to run.
 */
import type { PointResult } from '../reports/results.ts';
import { pointKey, type Point } from '../scenarios/expand.ts';

export interface Shard {
  index: number;
  count: number;
}

export interface Selection {
  /** This shard's points, in expansion order. */
  points: Point[];
  /** Per point, its finished result, or undefined when it is still to run. */
  results: (PointResult | undefined)[];
  /** Indices into `points` of those still to run, ascending. */
  todo: number[];
}

export function selectPoints(all: Point[], shard: Shard | undefined, finished: ReadonlyMap<string, PointResult>): Selection {
  const points = shard ? all.filter((_, i) => i % shard.count === shard.index) : all;
  const results = points.map((p) => finished.get(pointKey(p)));
  const todo = points.map((_, i) => i).filter((i) => results[i] === undefined);
  return { points, results, todo };
}
