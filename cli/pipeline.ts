/**
 * The whole run as a table of contents: load → validate → expand → pick this shard's points →
 * skip those a resumed run already has → run replications on the worker pool → aggregate each
 * point in a fixed order → write. While it runs, finished points are kept in results.json
 * (atomically, at most once a second); an abort (Ctrl-C) keeps them and stops.
 */
import { performance } from 'node:perf_hooks';
import { basename, extname, join } from 'node:path';
import type { Overlay, PointResult, Results } from '../reports/results.ts';
import { writeOutputs, writeResultsJson } from '../reports/write.ts';
import { expand, pointKey, type Point } from '../scenarios/expand.ts';
import { loadScenario, type LoadedScenario, type Override } from '../scenarios/load.ts';
import { InputError, messages } from '../scenarios/messages.ts';
import type { Scenario } from '../scenarios/schema.ts';
import { aggregate } from '../experiments/aggregate.ts';
import { resolveOverlays } from './overlays.ts';
import { ReplicationPool } from '../experiments/pool.ts';
import { progressBar } from './progress.ts';
import { readResults, sameRun } from './read-results.ts';
import { version } from './version.ts';

export interface Shard {
  index: number;
  count: number;
}

export interface RunRequest {
  file: string;
  outDir: string;
  workers: number;
  seed?: number;
  sets?: Override[];
  svg?: boolean;
  shard?: Shard;
  resume?: boolean;
  progress?: boolean;
  signal?: AbortSignal;
}

/** Where `podpath run FILE` writes without --out: out/<file name without extension>. */
export function defaultOutDir(file: string): string {
  return join('out', basename(file, extname(file)));
}

/** A scenario ready to run: validated, expanded into points, overlays resolved. */
export interface Prepared {
  loaded: LoadedScenario;
  points: Point[];
  overlays: Overlay[];
}

/** How points are run: on how many worker threads, stopped by what, heard by whom. */
export interface Execution {
  workers: number;
  signal?: AbortSignal;
  /** A progress bar on stderr (when it is a terminal). */
  progress?: boolean;
  /** Each point as it finishes (in finishing order, which the worker count changes); `done` of `total`. */
  onPoint?: (point: PointResult, done: number, total: number) => void | Promise<void>;
}

/** A run stopped by its signal; the finished points are in results.json. */
export class Interrupted extends Error {
  override readonly name = 'Interrupted';
}

/** Validates and expands an already-loaded scenario, the seed overridden if given (bad input throws InputError). */
export function prepareLoaded(loaded: LoadedScenario, seed?: number): Prepared {
  if (seed !== undefined) loaded.scenario.seed = seed;
  return { loaded, points: expand(loaded), overlays: resolveOverlays(loaded.file, loaded.scenario) };
}

/** Loads, validates and expands a scenario without running it (bad input throws InputError). */
export function prepare(file: string, sets: Override[] = [], seed?: number): Prepared {
  return prepareLoaded(loadScenario(file, sets), seed);
}

/** results.json's content; one constructor so every path writes the same bytes. */
export function resultsOf(scenario: Results['scenario'], points: PointResult[], overlays: Overlay[] | undefined): Results {
  const results: Results = { podpath: version, scenario, points };
  if (overlays && overlays.length > 0) results.overlays = overlays;
  return results;
}

/**
 * Runs the points whose slot in `results` is empty on a pool of worker threads and fills each
 * slot with the point's aggregate. Returns once all are done, or early when `ex.signal` fires
 * (the slots not reached stay empty); the first failure of a replication stops the rest and is
 * thrown.
 */
export async function execute(points: Point[], results: (PointResult | undefined)[], scenario: Scenario, ex: Execution): Promise<void> {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  ex.signal?.addEventListener('abort', onAbort);
  const todo = points.map((_, i) => i).filter((i) => results[i] === undefined);
  const pool = new ReplicationPool(Math.max(1, Math.min(ex.workers, todo.length * scenario.replications)));
  const bar = progressBar(todo.length * scenario.replications, ex.progress);
  let done = results.length - todo.length;
  let failure: unknown;
  await Promise.allSettled(
    todo.map(async (i) => {
      try {
        const reps = await pool.replicate(points[i].model, scenario.seed, scenario.replications, stop.signal, bar.tick);
        results[i] = aggregate(points[i].variant, points[i].params, reps);
        await ex.onPoint?.(results[i], ++done, results.length);
      } catch (e) {
        if (!stop.signal.aborted) {
          failure = e;
          stop.abort();
        }
      }
    }),
  );
  bar.stop();
  ex.signal?.removeEventListener('abort', onAbort);
  await pool.close();
  if (failure !== undefined) throw failure;
}

/** Runs every point of a prepared scenario and returns the results, writing nothing; an abort
 *  throws the signal's reason. */
export async function simulate({ loaded, points, overlays }: Prepared, ex: Execution): Promise<Results> {
  const results: (PointResult | undefined)[] = points.map(() => undefined);
  await execute(points, results, loaded.scenario, ex);
  ex.signal?.throwIfAborted();
  return resultsOf(loaded.scenario, results as PointResult[], overlays);
}

async function finishedPoints(outDir: string, scenario: Scenario): Promise<Map<string, PointResult>> {
  const file = join(outDir, 'results.json');
  const previous = await readResults(file);
  if (!previous) return new Map();
  if (!sameRun(previous, { podpath: version, scenario })) throw new InputError(messages.resumeMismatch(file));
  return new Map(previous.points.map((p) => [pointKey(p), p]));
}

export async function run(req: RunRequest): Promise<Results> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const { loaded, points, overlays } = prepare(req.file, req.sets, req.seed);
  const s = loaded.scenario;
  const shard = req.shard;
  const mine = shard ? points.filter((_, i) => i % shard.count === shard.index) : points;
  const done = req.resume ? await finishedPoints(req.outDir, s) : new Map<string, PointResult>();
  const results = mine.map((p) => done.get(pointKey(p)));
  const snapshot = () => resultsOf(s, results.filter((r) => r !== undefined), overlays);

  let writing = Promise.resolve();
  let lastWriteMs = -Infinity;
  const checkpoint = (): Promise<void> => {
    lastWriteMs = performance.now();
    writing = writing.then(() => writeResultsJson(req.outDir, snapshot()));
    return writing;
  };

  try {
    await execute(mine, results, s, {
      workers: req.workers,
      signal: req.signal,
      progress: req.progress,
      onPoint: () => (performance.now() - lastWriteMs >= 1000 ? checkpoint() : undefined),
    });
  } finally {
    await writing;
  }
  if (req.signal?.aborted) {
    await checkpoint();
    const kept = results.filter((r) => r !== undefined).length;
    throw new Interrupted(messages.interrupted(kept, mine.length, join(req.outDir, 'results.json')));
  }
  const final = snapshot();
  await writeOutputs(req.outDir, final, { wallMs: performance.now() - t0, workers: req.workers, startedAt }, { svg: req.svg });
  return final;
}
