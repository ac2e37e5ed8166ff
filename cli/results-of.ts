/**
 * Step 5's content: results.json as one constructor (version, contract version, scenario as run, points in order,
 * overlays when there are any), so a run, a resumed run and a merge of shards write the same bytes.
 */
import { CONTRACT_VERSION, type Overlay, type PointResult, type Results } from '../reports/results.ts';
import { scenarioAsRun } from '../scenarios/wire.ts';
import type { Scenario } from '../scenarios/schema.ts';
import { version } from './version.ts';

/** The scenario as results.json shows it: the wire it ran on resolved (scenarios/wire.ts). */
export function asRun(scenario: Results['scenario']): Results['scenario'] {
  return 'cluster' in scenario && 'profile' in scenario ? scenarioAsRun(scenario as unknown as Scenario) as unknown as Results['scenario'] : scenario;
}

export function resultsOf(scenario: Results['scenario'], points: PointResult[], overlays: Overlay[] | undefined): Results {
  const results: Results = { podpath: version, contract: CONTRACT_VERSION, scenario: asRun(scenario), points };
  if (overlays && overlays.length > 0) results.overlays = overlays;
  return results;
}
