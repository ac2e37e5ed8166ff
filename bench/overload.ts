/**
 * Memory under overload: the quickstart offered 100 M requests/s (`--set
 * workload.arrival.rateRps=100000000`) run from dist/ under /usr/bin/time -v, its peak resident
 * set size and the drops it reports. With bounded queues and a generator that sheds, memory
 * depends on the limits, not on the offered rate; the budget is 1 GiB.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function overloadBench(o: { rateRps: number }): string[] {
  const out = mkdtempSync(join(tmpdir(), 'podpath-overload-'));
  try {
    const args = ['-v', process.execPath, 'bin/podpath.js', 'run', 'scenarios/quickstart.yaml', '--set', `workload.arrival.rateRps=${o.rateRps}`, '--out', out];
    const started = Date.now();
    // time -v reports on stderr, after the command's own; spawnSync keeps it whatever the exit code.
    const run = spawnSync('/usr/bin/time', args, { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    if (run.error) throw run.error;
    if (run.status !== 0) throw new Error(`the overload run failed (exit ${run.status}): ${run.stderr.slice(0, 500)}`);
    return summarise(run.stderr, out, Date.now() - started, o.rateRps);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function summarise(timeReport: string, out: string, wallMs: number, rateRps: number): string[] {
  const kib = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(timeReport)?.[1]);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { points: { metrics: Record<string, unknown> }[] };
  const lines = [`quickstart at ${rateRps} requests/s offered: peak RSS ${(kib / 1024).toFixed(0)} MiB (budget 1024 MiB), wall ${(wallMs / 1000).toFixed(1)} s`];
  for (const p of results.points) {
    const m = p.metrics as Record<string, number & Record<string, number>>;
    lines.push(`  goodput ${m.requests_per_s.toFixed(0)}/s, shed ${m.requests_shed_per_s.toFixed(0)}/s, lost ${m.requests_lost_per_s.toFixed(0)}/s, drops ${JSON.stringify(m.drops_per_s)}`);
  }
  return lines;
}
