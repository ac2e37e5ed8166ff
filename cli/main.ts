/**
 * The podpath command line: a thin layer over the pipeline. Messages go to stderr; bad input
 * exits 2 with one line, an internal failure exits 1.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { basename, extname } from 'node:path';
import { InputError, messages } from '../scenarios/messages.ts';
import { plan, run } from './pipeline.ts';
import { trace } from './trace.ts';
import { version } from './version.ts';

function seedArg(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(messages.badSeed(value));
  return n;
}

const program = new Command('podpath')
  .description('Deterministic discrete-event simulator of Kubernetes pod networking')
  .version(version)
  .exitOverride()
  .configureOutput({ outputError: (str, write) => write(str) });

program
  .command('run')
  .description('run a scenario and write results.json, results.csv and report.html')
  .argument('<file>', 'scenario file (YAML)')
  .option('--out <dir>', 'output folder (default: out/<scenario file name>)')
  .option('--seed <n>', 'seed, overriding the scenario\'s', seedArg)
  .option('--svg', 'also write each chart as an SVG file')
  .action(async (file: string, o: { out?: string; seed?: number; svg?: boolean }) => {
    const outDir = o.out ?? `out/${basename(file, extname(file))}`;
    const results = await run({ file, outDir, seed: o.seed, svg: o.svg });
    console.error(`podpath: ${results.points.length} point(s) written to ${outDir}/ (results.json, results.csv, report.html)`);
  });

program
  .command('validate')
  .description('check a scenario file without running it')
  .argument('<file>', 'scenario file (YAML)')
  .action((file: string) => {
    const { points } = plan(file);
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

try {
  await program.parseAsync();
} catch (e) {
  if (e instanceof InputError) {
    console.error(e.message);
    process.exitCode = 2;
  } else if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? 0 : 2;
  } else {
    console.error(`podpath: internal error: ${e instanceof Error ? e.message : String(e)}`);
    if (process.env.PODPATH_DEBUG) console.error(e);
    process.exitCode = 1;
  }
}
