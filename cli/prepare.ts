/**
 * Step 1 of a run: load the scenario (with `--set` overrides and `--seed`), validate it, expand
 * it into points and resolve its published overlays. Bad input throws InputError.
 */
import type { Overlay } from '../reports/results.ts';
import { expand, type Point } from '../scenarios/expand.ts';
import { loadScenario, type LoadedScenario, type Override } from '../scenarios/load.ts';
import { resolveOverlays } from './overlays.ts';

/** A scenario ready to run: validated, expanded into points, overlays resolved. */
export interface Prepared {
  loaded: LoadedScenario;
  points: Point[];
  overlays: Overlay[];
}

/** Validates and expands an already-loaded scenario, the seed overridden if given. */
export function prepareLoaded(loaded: LoadedScenario, seed?: number): Prepared {
  if (seed !== undefined) loaded.scenario.seed = seed;
  return { loaded, points: expand(loaded), overlays: resolveOverlays(loaded.file, loaded.scenario) };
}

export function prepare(file: string, sets: Override[] = [], seed?: number): Prepared {
  return prepareLoaded(loadScenario(file, sets), seed);
}
