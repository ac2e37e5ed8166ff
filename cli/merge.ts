/**
 * Merging shard outputs (`podpath merge DIR… --out DIR`): every folder's results.json must come
 * from the same run (version, scenario, seed); the scenario they hold is expanded again to give
 * the points' order, and each point is taken from whichever shard has it. The result is what one
 * machine would have written, byte for byte.
 */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import type { PointResult, Results } from '../reports/results.ts';
import { writeOutputs } from '../reports/write.ts';
import { expand, pointKey } from '../scenarios/expand.ts';
import { validate } from '../scenarios/load.ts';
import { InputError, messages } from '../scenarios/messages.ts';
import { checkOutputFolder } from './output-folder.ts';
import { resultsOf } from './pipeline.ts';
import { readResults, sameRun } from './read-results.ts';

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
  const scenario = validate(files[0], first.scenario as Record<string, unknown>);
  const byKey = new Map<string, PointResult>();
  for (const shard of shards) for (const p of shard.points) if (!byKey.has(pointKey(p))) byKey.set(pointKey(p), p);
  const order = expand({ file: files[0], scenario });
  const missing = order.filter((p) => !byKey.has(pointKey(p)));
  if (missing.length > 0) {
    const m = missing[0];
    throw new InputError(messages.mergeMissing(missing.length, order.length, `variant ${JSON.stringify(m.variant)} at ${JSON.stringify(m.params)}`));
  }
  const results = resultsOf(first.scenario, order.map((p) => byKey.get(pointKey(p))!), first.overlays);
  await writeOutputs(outDir, results, { wallMs: performance.now() - t0, workers: 0, startedAt }, opts);
  return results;
}
