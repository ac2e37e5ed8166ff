/**
 * The worker pool of a `podpath run`, started by the command's entry (cli/start.ts) before the
 * rest of the command is even loaded: the threads start, and load the model and Vega, on the core
 * the main thread leaves idle while it loads the command, reads and validates the scenario. Only
 * the worker count is read here, from the raw arguments (`--workers N` or `--workers=N`, else the
 * default); commander still reads every option, and a pool whose size the run does not want, or
 * that no run takes (bad input, --help), is closed. The pool's threads cannot change a result:
 * which thread runs a task never does (experiments/pool.ts).
 */
import { defaultWorkers, ReplicationPool } from '../experiments/pool.ts';

let early: ReplicationPool | undefined;

/** The worker count a `podpath run` command line asks for, or undefined for another command or
 *  a --workers value commander will refuse. */
export function runWorkers(args: readonly string[]): number | undefined {
  if (args[0] !== 'run') return undefined;
  let workers = defaultWorkers;
  for (let i = 1; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (a !== '--workers' && !a.startsWith('--workers=')) continue;
    const value = a === '--workers' ? args[++i] : a.slice('--workers='.length);
    const n = Number(value);
    if (value === undefined || !/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) return undefined;
    workers = n;
  }
  return workers;
}

/** Starts the pool a `podpath run` with these arguments will want, and its threads' warm-up. */
export function startEarlyPool(args: readonly string[]): void {
  const workers = runWorkers(args);
  if (workers === undefined || early) return;
  early = new ReplicationPool(workers);
  early.warmUp();
}

/** The early pool if it has `workers` threads (it is then the caller's to close), else undefined. */
export function takeEarlyPool(workers: number): ReplicationPool | undefined {
  const pool = early?.workers === workers ? early : undefined;
  if (pool) early = undefined;
  return pool;
}

/** Closes an early pool no run took. */
export async function closeEarlyPool(): Promise<void> {
  const pool = early;
  early = undefined;
  await pool?.close();
}
