/**
 * Benchmarks (`npm run bench -- NAME [options]`). Speed and memory targets live here, not in
 * tests: a benchmark prints figures; the README records them with the machine they came from.
 */
import { Command, InvalidArgumentError } from 'commander';
import { overloadBench } from './overload.ts';
import { phold } from './phold.ts';
import { ruleSync } from './rule-sync.ts';
import { scaleBench, servicesSweep } from './scale.ts';
import { startupBench } from './startup.ts';
import { sweepBench } from './sweep.ts';
import { queueKinds, type QueueKind } from '../sim/index.ts';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`${value} is not an integer >= 1`);
  return n;
}

/** A comma-separated list of integers >= 1; '' is the empty list. */
const intList = (value: string): number[] => (value === '' ? [] : value.split(',').map(positiveInt));

const program = new Command('bench').description('podpath benchmarks');

program
  .command('phold')
  .description('PHOLD on the engine, printing the peers\' RESULT line')
  .option('--pending <P>', 'logical processes and pending events', positiveInt, 1000)
  .option('--events <E>', 'events to fire', positiveInt, 2_000_000)
  .option('--seed <S>', 'seed', positiveInt, 1)
  .option('--queue <kind>', `event queue: ${Object.keys(queueKinds).join(', ')}`, 'ladder')
  .action((o: { pending: number; events: number; seed: number; queue: string }) => {
    if (!(o.queue in queueKinds)) {
      console.error(`bench phold: --queue: ${o.queue} is not allowed (one of ${Object.keys(queueKinds).join(', ')})`);
      process.exit(2);
    }
    console.log(phold({ ...o, queue: o.queue as QueueKind }));
  });

program
  .command('rule-sync')
  .description('one point of scenarios/rule-sync.yaml (5,000 nodes) per variant, timed')
  .option('--services <S>', 'the swept number of Services to run', positiveInt, 10000)
  .option('--variants <list>', 'comma-separated variants', 'iptables,iptables-partial,ipvs,nftables')
  .action((o: { services: number; variants: string }) => {
    for (const line of ruleSync({ services: o.services, variants: o.variants.split(',') })) console.log(line);
  });

program
  .command('sweep')
  .description('an 8-point sweep on the worker pool with 1 and with N workers (default 2)')
  .option('--points <n>', 'sweep points', positiveInt, 8)
  .option('--duration-ms <ms>', 'simulated time per point', positiveInt, 15000)
  .option('--workers <n>', 'workers to compare with 1', positiveInt, 2)
  .option('--rounds <n>', 'alternating rounds; the fastest of each counts', positiveInt, 3)
  .option('--source', 'run the TypeScript worker through tsx, not dist/bundle/ (needs no build)')
  .action(async (o: { points: number; durationMs: number; workers: number; rounds: number; source?: boolean }) => {
    console.log(await sweepBench(o));
  });

program
  .command('scale')
  .description('scenarios/scale.yaml per mode (each in its own process), then time per request against Services')
  .option('--variants <list>', 'comma-separated variants', 'iptables,ipvs')
  .option('--requests <n>', 'requests per mode (default: the scenario\'s 1,000,000)', positiveInt)
  .option('--services-sweep <list>', 'Services for the time-per-request sweep (iptables); \'\' for none', intList, [100, 1000, 10_000, 50_000])
  .option('--sweep-requests <n>', 'requests per point of the sweep', positiveInt, 200_000)
  .option('--rounds <n>', 'runs of each mode, and interleaved rounds of the sweep', positiveInt, 3)
  .option('--source', 'run the TypeScript sources through tsx, not dist/ (needs no build)')
  .action((o: { variants: string; requests?: number; servicesSweep: number[]; sweepRequests: number; rounds: number; source?: boolean }) => {
    const variants = o.variants.split(',').filter(Boolean);
    for (let round = 1; round <= o.rounds; round++) {
      for (const variant of variants) console.log(`round=${round}`, ...scaleBench([{ variant, requests: o.requests, source: o.source }]));
    }
    if (o.servicesSweep.length === 0) return;
    servicesSweep(o.servicesSweep, o.rounds, o.sweepRequests, o.source, (line) => console.log(line));
  });

program
  .command('startup')
  .description('start-up of the main process and of a pool worker: tsx, dist/ and dist/bundle/; the quickstart on 1 and 2 workers')
  .option('--runs <n>', 'runs of each', positiveInt, 5)
  .action((o: { runs: number }) => {
    for (const line of startupBench(o)) console.log(line);
  });

program
  .command('overload')
  .description('peak RSS (/usr/bin/time -v) of the quickstart offered 100 M requests/s from dist/, and its drops; budget 1 GiB')
  .option('--rate <n>', 'offered requests/s', positiveInt, 100_000_000)
  .action((o: { rate: number }) => {
    for (const line of overloadBench({ rateRps: o.rate })) console.log(line);
  });

program
  .command('scale-point')
  .description('one point of scenarios/scale.yaml in a child process (what `scale` runs per point)')
  .requiredOption('--variant <name>', 'iptables or ipvs')
  .option('--services <n>', 'services.count', positiveInt)
  .option('--requests <n>', 'requests to simulate', positiveInt)
  .option('--source', 'run the TypeScript sources through tsx, not dist/ (needs no build)')
  .action((o: { variant: string; services?: number; requests?: number; source?: boolean }) => {
    console.log(...scaleBench([o]));
  });

await program.parseAsync();
