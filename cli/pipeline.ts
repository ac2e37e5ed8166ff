/**
 * The whole run as a table of contents: load → validate → expand → pick this shard's points →
 * skip those a resumed run already has → run replications on the worker pool → aggregate each
 * point in a fixed order → write. While it runs, finished points are kept in results.json
 * (atomically, at most once a second); an abort (Ctrl-C) keeps them and stops.
 */
import { totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { CONTRACT_VERSION, type Overlay, type PointResult, type Results } from '../reports/results.ts';
import { writeOutputs, writeResultsJson } from '../reports/write.ts';
import { checkSize } from '../scenarios/estimate.ts';
import { expand, pointKey } from '../scenarios/expand.ts';
import { loadScenario, type Override } from '../scenarios/load.ts';
import { InputError, messages } from '../scenarios/messages.ts';
import type { Scenario } from '../scenarios/schema.ts';
import { aggregate } from '../experiments/aggregate.ts';
import { checkOutputFolder } from './output-folder.ts';
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
  /** Run even when the estimated size is beyond the machine (scenarios/estimate.ts). */
  force?: boolean;
  progress?: boolean;
  signal?: AbortSignal;
}

/** A run stopped by its signal; the finished points are in results.json. */
export class Interrupted extends Error {
  override readonly name = 'Interrupted';
}

/** Loads, validates and expands a scenario without running it (bad input throws InputError). */
export function prepare(file: string, sets: Override[] = [], seed?: number) {
  const loaded = loadScenario(file, sets);
  if (seed !== undefined) loaded.scenario.seed = seed;
  const points = expand(loaded);
  const overlays = resolveOverlays(file, loaded.scenario);
  return { loaded, points, overlays };
}

/** results.json's content; one constructor so every path writes the same bytes. */
export function resultsOf(scenario: Results['scenario'], points: PointResult[], overlays: Overlay[] | undefined): Results {
  const results: Results = { podpath: version, contract: CONTRACT_VERSION, scenario, points };
  if (overlays && overlays.length > 0) results.overlays = overlays;
  return results;
}

async function finishedPoints(outDir: string, scenario: Scenario): Promise<Map<string, PointResult>> {
  const file = join(outDir, 'results.json');
  const previous = await readResults(file);
  if (!previous) return new Map();
  if (!sameRun(previous, { podpath: version, contract: CONTRACT_VERSION, scenario })) throw new InputError(messages.resumeMismatch(file));
  return new Map(previous.points.map((p) => [pointKey(p), p]));
}

export async function run(req: RunRequest): Promise<Results> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const { loaded, points, overlays } = prepare(req.file, req.sets, req.seed);
  checkOutputFolder(req.outDir);
  const s = loaded.scenario;
  const shard = req.shard;
  const mine = shard ? points.filter((_, i) => i % shard.count === shard.index) : points;
  if (!req.force) checkSize(req.file, mine, s.replications, totalmem());
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

  const stop = new AbortController();
  const onAbort = () => stop.abort();
  req.signal?.addEventListener('abort', onAbort);
  const todo = mine.map((_, i) => i).filter((i) => results[i] === undefined);
  const pool = new ReplicationPool(Math.max(1, Math.min(req.workers, todo.length * s.replications)));
  const bar = progressBar(todo.length * s.replications, req.progress);
  let failure: unknown;
  await Promise.allSettled(
    todo.map(async (i) => {
      try {
        const reps = await pool.replicate(mine[i].model, s.seed, s.replications, stop.signal, bar.tick);
        results[i] = aggregate(mine[i].variant, mine[i].params, reps);
        if (performance.now() - lastWriteMs >= 1000) await checkpoint();
      } catch (e) {
        if (!stop.signal.aborted) {
          failure = e;
          stop.abort();
        }
      }
    }),
  );
  bar.stop();
  req.signal?.removeEventListener('abort', onAbort);
  await pool.close();
  await writing;
  if (failure !== undefined) throw failure;
  if (req.signal?.aborted) {
    await checkpoint();
    const kept = results.filter((r) => r !== undefined).length;
    throw new Interrupted(messages.interrupted(kept, mine.length, join(req.outDir, 'results.json')));
  }
  const final = snapshot();
  await writeOutputs(req.outDir, final, { wallMs: performance.now() - t0, workers: req.workers, startedAt }, { svg: req.svg });
  return final;
}
