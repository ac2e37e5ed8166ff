/**
 * The start-up benchmark: what the main process and a pool worker cost before they do any work,
 * run from the TypeScript sources through tsx (how every process and worker thread started before
 * dist/), from the built JavaScript in dist/, and from the bundle in dist/bundle/ (what
 * bin/podpath.js runs), each in a fresh child process; then the bundled quickstart end to end on
 * the command with 1 and with 2 workers, alternating. Wall time is the parent's clock around the
 * child; CPU is the child's own count (all its threads), printed by a preloaded exit hook, and for
 * the quickstart each thread's CPU (bench/thread-cpu.mjs): the main thread, each worker, and V8's
 * compiler and GC threads. On a shared machine only the CPU figures are worth reading. Needs a
 * current build (`npm run build`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');
const quickstart = join(root, 'scenarios/quickstart.yaml');
const tsx = ['--import', import.meta.resolve('tsx')];
const cpuHook = ['--import', 'data:text/javascript,process.on("exit",()=>{const u=process.cpuUsage();process.stderr.write(`\\ncpu_ms=${(u.user+u.system)/1000}\\n`)})'];
const threadHook = ['--import', pathToFileURL(join(import.meta.dirname, 'thread-cpu.mjs')).href];

/** Where each build's command and pool live; `worker` is the pool's thread module when not its default. */
const builds = {
  tsx: { node: tsx, cli: join(root, 'cli/main.ts'), pool: join(root, 'experiments/pool.ts'), worker: undefined },
  dist: { node: [], cli: join(root, 'dist/cli/main.js'), pool: join(root, 'dist/experiments/pool.js'), worker: undefined },
  bundle: { node: [], cli: join(root, 'bin/podpath.js'), pool: join(root, 'dist/experiments/pool.js'), worker: join(root, 'dist/bundle/replication-worker.js') },
} as const;
type Build = keyof typeof builds;

interface Timed {
  wallMs: number;
  cpuMs: number;
  stdout: string;
  threads?: { main: number; workers: number[]; other: number };
}

function timed(args: string[], hooks = cpuHook): Timed {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...hooks, ...args], { encoding: 'utf8', cwd: root });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`bench startup: node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const cpu = /cpu_ms=([\d.]+)\s*$/m.exec(r.stderr);
  const threads = /threads=(\{.*\})\s*$/m.exec(r.stderr);
  return { wallMs, cpuMs: Number(cpu?.[1]), stdout: r.stdout, threads: threads ? JSON.parse(threads[1]!) : undefined };
}

/** A child that creates a one-thread pool and runs one replication of a 1 ms M/M/1 point. */
function workerProbe(build: Build): string {
  const b = builds[build];
  const url = (path: string) => JSON.stringify(pathToFileURL(path).href);
  const src = (path: string) => url(join(build === 'tsx' ? root : join(root, 'dist'), `${path}.${build === 'tsx' ? 'ts' : 'js'}`));
  return `
    const { ReplicationPool } = await import(${url(b.pool)});
    const { expand } = await import(${src('scenarios/expand')});
    const { validate } = await import(${src('scenarios/load')});
    const scenario = validate('probe', { name: 'probe', workload: { kind: 'station', arrival: { kind: 'open', rateRps: 50000 }, serviceTime: { dist: 'exponential', meanUs: 10 } }, run: { durationMs: 1, warmupMs: 0 } });
    const [point] = expand({ file: 'probe', scenario });
    const c0 = process.cpuUsage(), t0 = performance.now();
    const pool = new ReplicationPool(1${b.worker ? `, new URL(${url(b.worker)})` : ''});
    await pool.run({ model: point.model, seed: 1, replication: 0 });
    const c = process.cpuUsage(c0);
    console.log(JSON.stringify({ firstTaskMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 }));
    await pool.close();`;
}

const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function startupBench(o: { runs: number }): string[] {
  const lines: string[] = [`load average at start ${loadavg()[0]!.toFixed(1)}`];
  const tmp = mkdtempSync(join(tmpdir(), 'podpath-bench-startup-'));
  try {
    for (const build of ['tsx', 'dist', 'bundle'] as Build[]) {
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
      for (const workers of [1, 2]) runs[workers]!.push(timed([builds.bundle.cli, 'run', quickstart, '--out', join(tmp, 'q'), '--workers', String(workers)], [...cpuHook, ...threadHook]));
    }
    for (const workers of [1, 2]) {
      const rs = runs[workers]!;
      const wall = rs.map((t) => t.wallMs);
      lines.push(`quickstart bundle, ${workers} worker(s): wall ms ${fmt(wall)} (median ${median(wall).toFixed(0)}), cpu ms ${fmt(rs.map((t) => t.cpuMs))}`);
      const threads = rs.map((t) => t.threads!);
      lines.push(`  cpu ms by thread: main ${fmt(threads.map((t) => t.main))}; workers ${threads.map((t) => t.workers.join('+')).join(', ')}; V8/libuv threads ${fmt(threads.map((t) => t.other))}`);
    }
    lines.push(`quickstart 2 workers / 1 worker, wall per round: ${runs[2]!.map((t, i) => (t.wallMs / runs[1]![i]!.wallMs).toFixed(2)).join(', ')}; load average at end ${loadavg()[0]!.toFixed(1)}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return lines;
}
