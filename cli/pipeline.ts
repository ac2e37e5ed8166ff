/**
 * The whole run as a table of contents: load → validate → expand → run → aggregate → report.
 * Each step is its own module with plain data in and out.
 */
import { performance } from 'node:perf_hooks';
import { runReplication } from '../models/experiment.ts';
import type { Results } from '../reports/results.ts';
import { writeOutputs } from '../reports/write.ts';
import { expand } from '../scenarios/expand.ts';
import { loadScenario, type Override } from '../scenarios/load.ts';
import { aggregate } from './aggregate.ts';
import { resolveOverlays } from './overlays.ts';
import { version } from './version.ts';

export interface RunRequest {
  file: string;
  outDir: string;
  seed?: number;
  sets?: Override[];
  svg?: boolean;
}

/** Loads, validates and expands a scenario without running it (bad input throws InputError). */
export function plan(file: string, sets: Override[] = [], seed?: number) {
  const loaded = loadScenario(file, sets);
  if (seed !== undefined) loaded.scenario.seed = seed;
  const points = expand(loaded);
  const overlays = resolveOverlays(file, loaded.scenario);
  return { loaded, points, overlays };
}

export function simulate(file: string, sets: Override[] = [], seed?: number): Results {
  const { loaded, points, overlays } = plan(file, sets, seed);
  const s = loaded.scenario;
  const results: Results = {
    podpath: version,
    scenario: s,
    points: points.map((p) => {
      const reps = Array.from({ length: s.replications }, (_, r) => runReplication(p.model, s.seed, r));
      return aggregate(p.variant, p.params, reps);
    }),
  };
  if (overlays.length > 0) results.overlays = overlays;
  return results;
}

export async function run(req: RunRequest): Promise<Results> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const results = simulate(req.file, req.sets, req.seed);
  await writeOutputs(req.outDir, results, { wallMs: performance.now() - t0, workers: 1, startedAt }, { svg: req.svg });
  return results;
}
