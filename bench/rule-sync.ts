/**
 * The 5,000-node control-plane benchmark: one point of scenarios/rule-sync.yaml (a variant at a
 * number of Services) run once, timing the whole replication (building 5,000 kube-proxies,
 * churn, syncs, metrics). Prints one RESULT line per variant.
 */
import { join } from 'node:path';
import { prepare } from '../cli/prepare.ts';
import type { Summary } from '../sim/index.ts';
import { runReplication } from '../experiments/experiment.ts';

const scenario = join(import.meta.dirname, '../scenarios/rule-sync.yaml');

export function ruleSync(o: { services: number; variants: string[] }): string[] {
  const { loaded, points } = prepare(scenario);
  return points
    .filter((p) => p.params['controlPlane.services'] === o.services && o.variants.includes(p.variant))
    .map((p) => {
      const t0 = process.hrtime.bigint();
      const r = runReplication(p.model, loaded.scenario.seed, 0);
      const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
      const lat = r.metrics.programming_latency_ms as Summary;
      return (
        `RESULT bench=rule-sync variant=${p.variant} nodes=${p.model.cluster.nodes} services=${o.services} ` +
        `simulated_s=${(p.model.run.durationNs + p.model.run.warmupNs) / 1e9} wall_s=${wallS.toFixed(2)} events=${r.events} ` +
        `programming_p50_ms=${lat.p50?.toFixed(0) ?? '-'} p99_ms=${lat.p99?.toFixed(0) ?? '-'} pairs=${lat.count}`
      );
    });
}
