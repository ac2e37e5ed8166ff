/**
 * The whole run as a table of contents: 1. prepare (load, validate, expand) → 2. select this
 * shard's points, less those a resumed run already has → 3. replicate them on the worker pool →
 * 4. aggregate each point as its replications are in → 5. write. While it runs, finished points are
 * kept in results.json (checkpoint.ts); an abort (Ctrl-C) keeps them and stops.
 */
import { performance } from 'node:perf_hooks';
import { totalmem } from 'node:os';
import { basename, extname, join } from 'node:path';
import type { PointResult, Results } from '../reports/results.ts';
import { writeOutputs } from '../reports/write.ts';
import { checkSize } from '../scenarios/estimate.ts';
import type { Override } from '../scenarios/load.ts';
import { messages } from '../scenarios/messages.ts';
import { aggregate } from '../experiments/aggregate.ts';
import { ReplicationPool } from '../experiments/pool.ts';
import { replicatePoints } from '../experiments/replicate-points.ts';
import { selectPoints, type Shard } from '../experiments/select-points.ts';
import { Checkpoint } from './checkpoint.ts';
import { takeEarlyPool } from './early-pool.ts';
import { checkOutputFolder } from './output-folder.ts';
import { type Prepared, prepare } from './prepare.ts';
import { progressBar } from './progress.ts';
import { finishedPoints } from './read-results.ts';
import { resultsOf } from './results-of.ts';

export interface RunRequest {
  file: string;
  outDir: string;
  workers: number;
  seed?: number;
  sets?: Override[];
  svg?: boolean;
  shard?: Shard;
  resume?: boolean;
  /** Run even when the estimated size is beyond the machine (scenarios/estimate.ts). */
  force?: boolean;
  progress?: boolean;
  signal?: AbortSignal;
  /** A pool of `workers` threads the caller owns and closes (e.g. one for many runs); absent: the
   *  run starts its own and closes it. */
  pool?: ReplicationPool;
}

/** A run stopped by its signal; the finished points are in results.json. */
export class Interrupted extends Error {
  override readonly name = 'Interrupted';
}

/** Where `podpath run FILE` writes without --out: out/<file name without extension>. */
export function defaultOutDir(file: string): string {
  return join('out', basename(file, extname(file)));
}

/** How a library caller's points are run: on how many worker threads, stopped by what, heard by whom. */
export interface Execution {
  workers: number;
  signal?: AbortSignal;
  /** Each point as it finishes (in finishing order, which the worker count changes); `done` of `total`. */
  onPoint?: (point: PointResult, done: number, total: number) => void | Promise<void>;
}

const finished = (r: PointResult | undefined): r is PointResult => r !== undefined;

/** Steps 3 and 4 for every point of a prepared scenario, writing nothing: the results contract,
 *  or the signal's reason thrown on an abort. */
export async function simulate({ loaded, points, overlays }: Prepared, ex: Execution): Promise<Results> {
  const s = loaded.scenario;
  const results: (PointResult | undefined)[] = points.map(() => undefined);
  let done = 0;
  const outcome = await replicatePoints(points.map((p) => p.model), { seed: s.seed, replications: s.replications, workers: ex.workers, signal: ex.signal }, (i, reps) => {
    results[i] = aggregate(points[i].variant, points[i].params, reps);
    return ex.onPoint?.(results[i]!, ++done, points.length);
  });
  if (outcome === 'aborted') ex.signal?.throwIfAborted();
  return resultsOf(s, results.filter(finished), overlays);
}

export async function run(req: RunRequest): Promise<Results> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  // The pool first (or the one the command's entry started, cli/early-pool.ts): its threads start
  // while this one loads and validates the scenario. A run has as many threads as asked, fewer
  // replications than threads included: the threads then render the report's charts (5.).
  if (req.pool) {
    if (req.pool.workers !== req.workers) throw new RangeError(`run: the pool has ${req.pool.workers} threads, the run asks for ${req.workers}`);
    return runOn(req.pool, req, startedAt, t0);
  }
  const pool = takeEarlyPool(req.workers) ?? new ReplicationPool(req.workers);
  try {
    return await runOn(pool, req, startedAt, t0);
  } finally {
    await pool.close();
  }
}

async function runOn(pool: ReplicationPool, req: RunRequest, startedAt: string, t0: number): Promise<Results> {
  // 1. Prepare.
  const { loaded, points, overlays } = prepare(req.file, req.sets, req.seed);
  checkOutputFolder(req.outDir);
  const s = loaded.scenario;
  // 2. Select points (refusing a run far beyond the machine unless forced).
  const selection = selectPoints(points, req.shard, req.resume ? await finishedPoints(req.outDir, s) : new Map());
  const { todo } = selection;
  if (!req.force) checkSize(req.file, todo.map((i) => selection.points[i]), s.replications, totalmem());
  const results = [...selection.results];
  const snapshot = (): Results => resultsOf(s, results.filter(finished), overlays);
  const checkpoint = new Checkpoint(req.outDir, snapshot);
  // 3. Replicate, and 4. aggregate each point as it is done, on the pool that then renders the
  // report's charts (5.), one a task, in parallel.
  const bar = progressBar(todo.length * s.replications, req.progress);
  let outcome: 'done' | 'aborted';
  try {
    const models = todo.map((i) => selection.points[i].model);
    const o = { seed: s.seed, replications: s.replications, workers: req.workers, signal: req.signal, tick: bar.tick, pool, warmRenderer: true };
    outcome = await replicatePoints(models, o, (k, reps) => {
      const p = selection.points[todo[k]];
      results[todo[k]] = aggregate(p.variant, p.params, reps);
      return checkpoint.soon();
    });
  } finally {
    bar.stop();
    await checkpoint.settled();
  }
  if (outcome === 'aborted') {
    await checkpoint.now();
    throw new Interrupted(messages.interrupted(results.filter(finished).length, results.length, join(req.outDir, 'results.json')));
  }
  // 5. Write.
  const final = snapshot();
  const render = (spec: Parameters<typeof pool.renderSvg>[0]) => pool.renderSvg(spec);
  await writeOutputs(req.outDir, final, { wallMs: performance.now() - t0, workers: req.workers, startedAt }, { svg: req.svg, render });
  return final;
}
