/**
 * Step 1 of a run: load the scenario (with `--set` overrides and `--seed`), validate it, expand
 * it into points and resolve its published overlays. Bad input throws InputError.
 */
import { expand } from '../scenarios/expand.ts';
import { loadScenario, type Override } from '../scenarios/load.ts';
import { resolveOverlays } from './overlays.ts';

export function prepare(file: string, sets: Override[] = [], seed?: number) {
  const loaded = loadScenario(file, sets);
  if (seed !== undefined) loaded.scenario.seed = seed;
  const points = expand(loaded);
  const overlays = resolveOverlays(file, loaded.scenario);
  return { loaded, points, overlays };
}
