/**
 * podpath as a library (`import { loadScenario, simulate, runScenario } from 'podpath'`): the
 * command line's pipeline (cli/pipeline.ts) for code. `loadScenario` validates a scenario from a
 * file or from YAML text, `simulate` runs one on the worker pool and returns the results contract
 * (the object `podpath run` writes as results.json, byte for byte once serialised), and
 * `runScenario` is `podpath run`: it writes results.json, results.csv and report.html. Bad input
 * throws an InputError whose message is the command line's one-line message.
 */
import { defaultOutDir, run, simulate as simulatePrepared } from './cli/pipeline.ts';
import { prepareLoaded } from './cli/prepare.ts';
import type { Shard } from './experiments/select-points.ts';
import { defaultWorkers } from './experiments/pool.ts';
import type { PointResult, Results } from './reports/results.ts';
import { loadScenario as loadFile, loadScenarioData, parseScenarioText, type Override, type Scalar } from './scenarios/load.ts';
import type { Scenario } from './scenarios/schema.ts';

export { InputError } from './scenarios/messages.ts';
export type { Distribution, MetricValue, Overlay, PointResult, Results, Series } from './reports/results.ts';
export type { Scenario } from './scenarios/schema.ts';
export type { Scalar } from './scenarios/load.ts';

/** A scenario's YAML text; `name` stands for the file in messages (default "scenario"). */
export interface ScenarioText {
  text: string;
  name?: string;
}

export interface LoadOptions {
  /** Parameter overrides by path, like `--set PATH=VALUE`; a swept parameter set here is fixed. */
  set?: Record<string, Scalar>;
}

export interface SimulateOptions extends LoadOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Worker threads (default: the available cores); the results do not depend on it. */
  workers?: number;
  /** Each point as it finishes, `done` of `total` (finishing order depends on the workers). */
  onPoint?: (point: PointResult, done: number, total: number) => void | Promise<void>;
  /** Stops the run; `simulate` then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Names the scenario in messages (default "scenario"). */
  name?: string;
}

export interface RunOptions extends Omit<SimulateOptions, 'onPoint' | 'name'> {
  /** Output folder (default: out/<file name>). */
  out?: string;
  /** Run only shard `index` (from 0) of `count` of the points. */
  shard?: Shard;
  /** Keep the points already in the output folder's results.json and run the rest. */
  resume?: boolean;
  /** Also write each chart as charts/<name>.svg. */
  svg?: boolean;
  /** A progress bar on stderr (when it is a terminal). */
  progress?: boolean;
}

const overridesOf = (set: Record<string, Scalar> = {}): Override[] =>
  Object.entries(set).map(([path, value]) => ({ path, value, origin: 'set' }));

/** Reads and validates a scenario, defaults filled in: from a file (a path) or from YAML text. */
export function loadScenario(source: string | ScenarioText, opts: LoadOptions = {}): Scenario {
  const sets = overridesOf(opts.set);
  if (typeof source === 'string') return loadFile(source, sets).scenario;
  const name = source.name ?? 'scenario';
  return loadScenarioData(name, parseScenarioText(name, source.text), sets).scenario;
}

/** Runs every point of a scenario (validated again, so a hand-built object gets the same checks)
 *  and returns the results contract; writes nothing. */
export async function simulate(scenario: Scenario | Record<string, unknown>, opts: SimulateOptions = {}): Promise<Results> {
  const loaded = loadScenarioData(opts.name ?? 'scenario', structuredClone(scenario) as Record<string, unknown>, overridesOf(opts.set));
  return simulatePrepared(prepareLoaded(loaded, opts.seed), {
    workers: opts.workers ?? defaultWorkers,
    signal: opts.signal,
    onPoint: opts.onPoint,
  });
}

/** `podpath run FILE`: runs the scenario file and writes its outputs; returns the results. */
export async function runScenario(file: string, opts: RunOptions = {}): Promise<Results> {
  return run({
    file,
    outDir: opts.out ?? defaultOutDir(file),
    workers: opts.workers ?? defaultWorkers,
    seed: opts.seed,
    sets: overridesOf(opts.set),
    shard: opts.shard,
    resume: opts.resume,
    svg: opts.svg,
    progress: opts.progress,
    signal: opts.signal,
  });
}
