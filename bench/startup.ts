/**
 * The start-up benchmark: what the main process and a pool worker cost before they do any work,
 * run from the TypeScript sources through tsx (how every process and worker thread started before
 * dist/) and from the built JavaScript in dist/, each in a fresh child process; then the bundled
 * quickstart end to end on the built command with 1 and with 2 workers, alternating. Wall time is
 * the parent's clock around the child; CPU is the child's own count (all its threads), printed by
 * a preloaded exit hook. Needs a current dist/ (`npm run build`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');
const quickstart = join(root, 'scenarios/quickstart.yaml');
const tsx = ['--import', import.meta.resolve('tsx')];
const cpuHook = ['--import', 'data:text/javascript,process.on("exit",()=>{const u=process.cpuUsage();process.stderr.write(`\\ncpu_ms=${(u.user+u.system)/1000}\\n`)})'];

const builds = {
  tsx: { node: tsx, cli: join(root, 'cli/main.ts'), dir: root, ext: 'ts' },
  dist: { node: [], cli: join(root, 'dist/cli/main.js'), dir: join(root, 'dist'), ext: 'js' },
} as const;
type Build = keyof typeof builds;

interface Timed {
  wallMs: number;
  cpuMs: number;
  stdout: string;
}

function timed(args: string[]): Timed {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...cpuHook, ...args], { encoding: 'utf8', cwd: root });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`bench startup: node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const cpu = /cpu_ms=([\d.]+)\s*$/.exec(r.stderr);
  return { wallMs, cpuMs: Number(cpu?.[1]), stdout: r.stdout };
}

/** A child that creates a one-thread pool and runs one replication of a 1 ms M/M/1 point. */
function workerProbe(build: Build): string {
  const { dir, ext } = builds[build];
  const url = (path: string) => JSON.stringify(pathToFileURL(`${join(dir, path)}.${ext}`).href);
  return `
    const { ReplicationPool } = await import(${url('experiments/pool')});
    const { expand } = await import(${url('scenarios/expand')});
    const { validate } = await import(${url('scenarios/load')});
    const scenario = validate('probe', { name: 'probe', workload: { kind: 'station', arrival: { kind: 'open', rateRps: 50000 }, serviceTime: { dist: 'exponential', meanUs: 10 } }, run: { durationMs: 1, warmupMs: 0 } });
    const [point] = expand({ file: 'probe', scenario });
    const c0 = process.cpuUsage(), t0 = performance.now();
    const pool = new ReplicationPool(1);
    await pool.run({ model: point.model, seed: 1, replication: 0 });
    const c = process.cpuUsage(c0);
    console.log(JSON.stringify({ firstTaskMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 }));
    await pool.close();`;
}

/** A child that runs the quickstart's phases one after the other on the built modules, timing each. */
function phasesProbe(out: string, workers: number): string {
  const url = (path: string) => JSON.stringify(pathToFileURL(join(root, 'dist', path)).href);
  return `
    const t0 = performance.now();
    const { prepare, simulate } = await import(${url('cli/pipeline.js')});
    const { writeOutputs } = await import(${url('reports/write.js')});
    const t1 = performance.now();
    const prepared = prepare(${JSON.stringify(quickstart)});
    const t2 = performance.now();
    const results = await simulate(prepared, { workers: ${workers} });
    const t3 = performance.now();
    await writeOutputs(${JSON.stringify(out)}, results, { wallMs: 0, workers: ${workers}, startedAt: '' });
    const t4 = performance.now();
    console.log(JSON.stringify({ load: t1 - t0, prepare: t2 - t1, simulate: t3 - t2, report: t4 - t3 }));`;
}

const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function startupBench(o: { runs: number }): string[] {
  const lines: string[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'podpath-bench-startup-'));
  try {
    for (const build of ['tsx', 'dist'] as Build[]) {
      const b = builds[build];
      const validate = Array.from({ length: o.runs }, () => timed([...b.node, b.cli, 'validate', quickstart]));
      const wall = validate.map((t) => t.wallMs);
      lines.push(`main ${build}: podpath validate quickstart wall ms ${fmt(wall)} (median ${median(wall).toFixed(0)}), cpu ms ${fmt(validate.map((t) => t.cpuMs))}`);
      const probe = join(tmp, `worker-probe-${build}.mjs`);
      writeFileSync(probe, workerProbe(build));
      const probes = Array.from({ length: o.runs }, () => JSON.parse(timed([...b.node, probe]).stdout));
      const first = probes.map((p) => p.firstTaskMs);
      lines.push(`worker ${build}: pool created to first task done ms ${fmt(first)} (median ${median(first).toFixed(0)}), cpu ms ${fmt(probes.map((p) => p.cpuMs))}`);
    }
    const runs: Record<number, Timed[]> = { 1: [], 2: [] };
    for (let i = 0; i < o.runs; i++) {
      for (const workers of [1, 2]) runs[workers].push(timed([builds.dist.cli, 'run', quickstart, '--out', join(tmp, 'q'), '--workers', String(workers)]));
    }
    for (const workers of [1, 2]) {
      const wall = runs[workers].map((t) => t.wallMs);
      lines.push(`quickstart dist, ${workers} worker(s): wall ms ${fmt(wall)} (median ${median(wall).toFixed(0)}), cpu ms ${fmt(runs[workers].map((t) => t.cpuMs))}`);
    }
    for (const workers of [1, 2]) {
      const probe = join(tmp, `phases-${workers}.mjs`);
      writeFileSync(probe, phasesProbe(join(tmp, 'phases'), workers));
      const phases = Array.from({ length: o.runs }, () => JSON.parse(timed([probe]).stdout) as Record<string, number>);
      const each = Object.keys(phases[0]).map((k) => `${k} ${median(phases.map((p) => p[k])).toFixed(0)}`);
      lines.push(`quickstart dist phases, ${workers} worker(s), median ms: ${each.join(', ')} (module load, validate+expand, pool start+replications, report)`);
    }
    lines.push(`quickstart 2 workers / 1 worker, per round: ${runs[2].map((t, i) => (t.wallMs / runs[1][i].wallMs).toFixed(2)).join(', ')}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return lines;
}
