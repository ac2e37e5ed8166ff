/**
 * A worker thread of the pool. Its default export answers one task (point model, seed,
 * replication) with its ReplicationResult; `renderSvg` renders one chart of the report, and
 * `warmRenderer` loads Vega ahead of the first chart (queued behind the replications, so a worker
 * with nothing left to simulate spends its idle time on it), and `warmUp` the model and Vega in a
 * pool started before there is anything to run (cli/early-pool.ts). Each part's modules load on its first
 * task: a thread that only renders never loads the model, one that only simulates never loads
 * Vega. Built into dist/ it loads as plain JavaScript; run from the sources, the thread first goes
 * through replication-worker-source.mjs, which registers tsx.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ReplicationTask } from './pool.ts';
import type { ReplicationResult } from './replication-result.ts';

let experiment: Promise<typeof import('./experiment.ts')> | undefined;
let svg: Promise<typeof import('../reports/svg.ts')> | undefined;

export default async function replicate({ model, seed, replication }: ReplicationTask): Promise<ReplicationResult> {
  experiment ??= import('./experiment.ts');
  return (await experiment).runReplication(model, seed, replication);
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  svg ??= import('../reports/svg.ts');
  return (await svg).renderSvg(spec);
}

export async function warmUp(): Promise<void> {
  experiment ??= import('./experiment.ts');
  await experiment;
  await warmRenderer();
}

export async function warmRenderer(): Promise<void> {
  svg ??= import('../reports/svg.ts');
  await (await svg).loadRenderer();
}
