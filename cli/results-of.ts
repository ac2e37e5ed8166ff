/**
 * Step 5's content: results.json as one constructor (version, contract version, scenario as run, points in order,
 * overlays when there are any), so a run, a resumed run and a merge of shards write the same bytes.
 */
import { CONTRACT_VERSION, type Overlay, type PointResult, type Results } from '../reports/results.ts';
import { version } from './version.ts';

export function resultsOf(scenario: Results['scenario'], points: PointResult[], overlays: Overlay[] | undefined): Results {
  const results: Results = { podpath: version, contract: CONTRACT_VERSION, scenario, points };
  if (overlays && overlays.length > 0) results.overlays = overlays;
  return results;
}
