/**
 * The sweep benchmark: an 8-point sweep of the request/response model (equal work per point: the
 * same offered load, a varying request size), run on the worker pool with 1 and with N workers,
 * pool start-up included, the fastest of a few alternating rounds. The threads run the built
 * worker, dist/bundle/replication-worker.js, as `podpath run` does (`--source` for the
 * TypeScript worker through tsx); a missing bundle is an error, not a silent fallback. Targets
 * (issues 6 and 21): with 2 workers on 2 cores, at most 0.6, then 0.55, of the 1-worker time.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { aggregate } from '../experiments/aggregate.ts';
import { ReplicationPool } from '../experiments/pool.ts';
import { expand } from '../scenarios/expand.ts';
import { validate } from '../scenarios/load.ts';

export interface SweepBench {
  points: number;
  durationMs: number;
  workers: number;
  /** Rounds of (1 worker, N workers), alternating; the fastest of each counts (shared machines). */
  rounds: number;
  /** Run the TypeScript worker through tsx instead of the bundle. */
  source?: boolean;
}

const bundledWorker = new URL('../dist/bundle/replication-worker.js', import.meta.url);

function workerOf(o: SweepBench): URL | undefined {
  if (o.source) return undefined;
  if (!existsSync(bundledWorker)) throw new Error('bench sweep: dist/bundle/ is not built: run `npm run build` (or pass --source)');
  return bundledWorker;
}

function sweepPoints(o: SweepBench) {
  const scenario = validate('bench-sweep', {
    name: 'bench-sweep',
    cluster: { coresPerNode: 2 },
    workload: { arrival: { kind: 'open', rateRps: 20_000 }, serviceTime: { dist: 'exponential', meanUs: 50 } },
    run: { durationMs: o.durationMs, warmupMs: 10 },
    sweep: { 'workload.requestBytes': { from: 64, to: 64 * o.points, step: 64 } },
  });
  return { scenario, points: expand({ file: 'bench-sweep', scenario }) };
}

/** Wall time of the whole sweep on `workers` threads and the process's CPU meanwhile (every
 *  thread: the workers, V8's compiler and GC threads), ms, and a digest of its results. */
async function timeSweep(o: SweepBench, workers: number): Promise<{ ms: number; cpuMs: number; digest: string }> {
  const { scenario, points } = sweepPoints(o);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const pool = new ReplicationPool(workers, workerOf(o));
  const results = await Promise.all(points.map(async (p) => aggregate(p.variant, p.params, await pool.replicate(p.model, scenario.seed, 1))));
  await pool.close();
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, digest: JSON.stringify(results) };
}

const s = (ms: number) => (ms / 1000).toFixed(2);

export async function sweepBench(o: SweepBench): Promise<string> {
  const rounds: { one: number; many: number; oneCpu: number; manyCpu: number }[] = [];
  const load0 = loadavg()[0]!;
  for (let r = 0; r < o.rounds; r++) {
    const a = await timeSweep(o, 1);
    const b = await timeSweep(o, o.workers);
    if (a.digest !== b.digest) throw new Error('results differ between 1 and N workers');
    rounds.push({ one: a.ms, many: b.ms, oneCpu: a.cpuMs, manyCpu: b.cpuMs });
  }
  const one = Math.min(...rounds.map((r) => r.one));
  const many = Math.min(...rounds.map((r) => r.many));
  return [
    `sweep: ${o.points} points x ${o.durationMs} ms simulated, request/response model, ${o.source ? 'TypeScript worker (tsx)' : 'bundled worker'}, best of ${o.rounds}`,
    `rounds (wall / CPU of all threads, s): ${rounds.map((r) => `1: ${s(r.one)}/${s(r.oneCpu)} ${o.workers}: ${s(r.many)}/${s(r.manyCpu)}`).join(', ')}; load average ${load0.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)}`,
    `1 worker:   ${s(one)} s`,
    `${o.workers} workers:  ${s(many)} s`,
    `ratio: ${(many / one).toFixed(2)} (target <= 0.55 with 2 workers); results identical`,
  ].join('\n');
}
