/**
 * Merging shard outputs (`podpath merge DIR… --out DIR`) with the run's own steps: every folder's
 * results.json must come from the same run (version, scenario, seed); the scenario they hold is
 * validated and expanded again (step 1), the points are selected with every shard's points as the
 * finished ones (step 2), none may be left to run, and the result is written (step 5): what one
 * machine would have written, byte for byte.
 */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import type { PointResult, Results } from '../reports/results.ts';
import { writeOutputs } from '../reports/write.ts';
import { expand, pointKey } from '../scenarios/expand.ts';
import { validate } from '../scenarios/load.ts';
import { InputError, messages } from '../scenarios/messages.ts';
import { selectPoints } from '../experiments/select-points.ts';
import { checkOutputFolder } from './output-folder.ts';
import { readResults, sameRun } from './read-results.ts';
import { resultsOf } from './results-of.ts';

export async function merge(dirs: string[], outDir: string, opts: { svg?: boolean } = {}): Promise<Results> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  checkOutputFolder(outDir);
  const files = dirs.map((d) => join(d, 'results.json'));
  const shards: Results[] = [];
  for (const file of files) {
    const r = await readResults(file);
    if (!r) throw new InputError(messages.fileNotFound(file));
    if (shards.length > 0 && !sameRun(r, shards[0])) throw new InputError(messages.mergeMismatch(file, files[0]));
    shards.push(r);
  }
  const first = shards[0];
  // 1. Prepare: the scenario the shards ran, expanded.
  const scenario = validate(files[0], first.scenario as Record<string, unknown>);
  const points = expand({ file: files[0], scenario });
  // 2. Select points: all of them, each from whichever shard has it; none may be missing.
  const finished = new Map<string, PointResult>();
  for (const shard of shards) for (const p of shard.points) if (!finished.has(pointKey(p))) finished.set(pointKey(p), p);
  const selection = selectPoints(points, undefined, finished);
  if (selection.todo.length > 0) {
    const m = selection.points[selection.todo[0]];
    throw new InputError(messages.mergeMissing(selection.todo.length, points.length, `variant ${JSON.stringify(m.variant)} at ${JSON.stringify(m.params)}`));
  }
  // 5. Write.
  const results = resultsOf(first.scenario, selection.results as PointResult[], first.overlays);
  await writeOutputs(outDir, results, { wallMs: performance.now() - t0, workers: 0, startedAt }, opts);
  return results;
}
