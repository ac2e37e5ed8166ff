/**
 * The podpath command line: a thin layer over the pipeline. Messages go to stderr; bad input
 * exits 2 with one line, an internal failure exits 1, a run stopped by Ctrl-C exits 130 after
 * keeping its finished points.
 */
import { Command, CommanderError } from 'commander';
import { InputError, messages } from '../scenarios/messages.ts';
import type { Override } from '../scenarios/load.ts';
import { closeEarlyPool } from './early-pool.ts';
import { merge } from './merge.ts';
import { seedArg, setArg, shardArg, toleranceArg, workersArg } from './options.ts';
import type { Shard } from '../experiments/select-points.ts';
import { defaultOutDir, Interrupted, run } from './pipeline.ts';
import { prepare } from './prepare.ts';
import { formatPlan, planLimits } from './plan.ts';
import { parseSlo } from './slo.ts';
import { trace } from './trace.ts';
import { listProfiles } from './profiles.ts';
import { defaultWorkers } from '../experiments/pool.ts';
import { version } from './version.ts';

/** Aborted on the first Ctrl-C; a second one ends the process at once. */
const interrupt = new AbortController();
process.once('SIGINT', () => interrupt.abort());

const program = new Command('podpath')
  .description('Deterministic discrete-event simulator of Kubernetes pod networking')
  .version(version)
  .exitOverride()
  .configureOutput({ outputError: (str, write) => write(str) });

const setHelp = 'override a parameter (repeatable); VALUE is read as YAML, e.g. workload.arrival.rateRps=5000';
const forceHelp = 'run even when the estimated events or memory are far beyond the machine';
const workersHelp = `worker threads (default: ${defaultWorkers}, the available cores)`;

program
  .command('run')
  .description('run a scenario and write results.json, results.csv and report.html')
  .argument('<file>', 'scenario file (YAML)')
  .option('--out <dir>', 'output folder (default: out/<scenario file name>)')
  .option('--seed <n>', 'seed, overriding the scenario\'s', seedArg)
  .option('--set <PATH=VALUE>', setHelp, setArg, [])
  .option('--workers <n>', workersHelp, workersArg, defaultWorkers)
  .option('--shard <I/N>', 'run only shard I (from 0) of N of the points; merge the shards with podpath merge', shardArg)
  .option('--resume', 'keep the points already in the output folder\'s results.json and run the rest')
  .option('--svg', 'also write each chart as an SVG file')
  .option('--force', forceHelp)
  .action(async (file: string, o: { out?: string; seed?: number; set: Override[]; workers: number; shard?: Shard; resume?: boolean; svg?: boolean; force?: boolean }) => {
    const outDir = o.out ?? defaultOutDir(file);
    const results = await run({
      file, outDir, seed: o.seed, sets: o.set, workers: o.workers, shard: o.shard, resume: o.resume, svg: o.svg, force: o.force,
      signal: interrupt.signal,
    });
    const shard = o.shard ? ` (shard ${o.shard.index}/${o.shard.count})` : '';
    console.error(`podpath: ${results.points.length} point(s)${shard} written to ${outDir}/ (results.json, results.csv, report.html)`);
  });

program
  .command('plan')
  .description('find the largest value of a swept parameter that meets an SLO, by bisection, per variant')
  .argument('<file>', 'scenario file (YAML); its sweep of the --vary parameter gives the range')
  .requiredOption('--vary <path>', 'the swept parameter to search, e.g. workload.arrival.rateRps')
  .requiredOption('--slo <objective>', 'METRIC.STAT OP VALUE, e.g. \'request_latency_ms.p99 < 1\'', parseSlo)
  .option('--tolerance <x>', 'stop when the limit is bracketed this tightly (default: 1/100 of the range)', toleranceArg)
  .option('--seed <n>', 'seed, overriding the scenario\'s', seedArg)
  .option('--set <PATH=VALUE>', setHelp, setArg, [])
  .option('--workers <n>', workersHelp, workersArg, defaultWorkers)
  .option('--force', forceHelp)
  .action(async (file: string, o: { vary: string; slo: ReturnType<typeof parseSlo>; tolerance?: number; seed?: number; set: Override[]; workers: number; force?: boolean }) => {
    const result = await planLimits({ file, ...o, sets: o.set, signal: interrupt.signal });
    console.log(formatPlan(result));
  });

program
  .command('merge')
  .description('combine the output folders of shards into one result and report')
  .argument('<dirs...>', 'output folders of podpath run --shard')
  .requiredOption('--out <dir>', 'output folder of the merged result')
  .option('--svg', 'also write each chart as an SVG file')
  .action(async (dirs: string[], o: { out: string; svg?: boolean }) => {
    const results = await merge(dirs, o.out, { svg: o.svg });
    console.error(`podpath: ${results.points.length} point(s) from ${dirs.length} folder(s) merged into ${o.out}/`);
  });

program
  .command('validate')
  .description('check a scenario file without running it')
  .argument('<file>', 'scenario file (YAML)')
  .option('--set <PATH=VALUE>', setHelp, setArg, [])
  .action((file: string, o: { set: Override[] }) => {
    const { points } = prepare(file, o.set);
    console.error(`${file}: valid (${points.length} point(s))`);
  });

program
  .command('trace')
  .description('print one packet\'s path hop by hop (stage, node, netns, side, wire bytes, cost, crossings)')
  .argument('<file>', 'scenario file (YAML)')
  .option('--from <pod>', 'sending pod: client, server or NODE:POD', 'client')
  .option('--to <pod>', 'receiving pod: client, server or NODE:POD', 'server')
  .option('--variant <name>', 'the compared variant to trace (default: the first)')
  .action((file: string, o: { from: string; to: string; variant?: string }) => {
    console.log(trace({ file, from: o.from, to: o.to, variant: o.variant }));
  });

program
  .command('profiles')
  .description('list the cost profiles: host, wire, offloads, sources, and each constant that differs from the defaults')
  .action(() => {
    console.log(listProfiles());
  });

try {
  await program.parseAsync();
} catch (e) {
  if (e instanceof InputError) {
    console.error(e.message);
    process.exitCode = 2;
  } else if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? 0 : 2;
  } else if (e instanceof Interrupted || interrupt.signal.aborted) {
    console.error(e instanceof Interrupted ? e.message : messages.planInterrupted());
    process.exitCode = 130;
  } else {
    console.error(`podpath: internal error: ${e instanceof Error ? e.message : String(e)}`);
    if (process.env.PODPATH_DEBUG) console.error(e);
    process.exitCode = 1;
  }
} finally {
  // The pool cli/start.ts started for a run that never took it (bad input, --help).
  await closeEarlyPool();
}
