import { Piscina } from 'piscina';
import { expand } from './scenarios/expand.ts';
import { validate } from './scenarios/load.ts';
const s = validate('x', { name: 'x', cluster: { coresPerNode: 2 }, workload: { arrival: { kind: 'open', rateRps: 20000 }, serviceTime: { dist: 'exponential', meanUs: 50 } }, run: { durationMs: 3000, warmupMs: 10 } });
const [p] = expand({ file: 'x', scenario: s });
for (const w of [1, 2, 1, 2]) {
  const pool = new Piscina({ filename: new URL('./cli/replication-worker.mjs', import.meta.url).href, minThreads: w, maxThreads: w });
  await Promise.all(Array.from({ length: w }, (_, i) => pool.run({ model: { ...p.model, run: { durationNs: 1e6, warmupNs: 0 } }, seed: 1, replication: i })));
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 4 }, (_, i) => pool.run({ model: p.model, seed: 1, replication: i })));
  console.log(w, 'workers: 4 tasks', (performance.now() - t0).toFixed(0));
  await pool.destroy();
}
