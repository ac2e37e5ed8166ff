/**
 * Step 3 of a run: every replication of the given points on one worker pool, handing each point's
 * replications (in replication order) to `each` as soon as they are all in. The first failure
 * stops the rest and is thrown once the pool is closed (a pool the caller passed stays open); the caller's signal stops everything too,
 * and then the points handed over so far are all there is ('aborted').
 */
import type { ModelConfig } from '../models/model-config.ts';
import { ReplicationPool } from './pool.ts';
import type { ReplicationResult } from './replication-result.ts';

export interface ReplicateOptions {
  seed: number;
  replications: number;
  workers: number;
  signal?: AbortSignal;
  /** Called after every replication (a progress bar). */
  tick?: () => void;
  /** Run on this pool, left open for the caller (to render the report); else on a pool of its own. */
  pool?: ReplicationPool;
  /** Queue the loading of Vega behind the replications (the caller renders on the pool next). */
  warmRenderer?: boolean;
}

/** A pool of `workers` threads, no more than there are replications to run. */
export function poolFor(workers: number, tasks: number): ReplicationPool {
  return new ReplicationPool(Math.max(1, Math.min(workers, tasks)));
}

export async function replicatePoints(
  models: ModelConfig[],
  o: ReplicateOptions,
  each: (index: number, reps: ReplicationResult[]) => void | Promise<void>,
): Promise<'done' | 'aborted'> {
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  o.signal?.addEventListener('abort', onAbort);
  const pool = o.pool ?? poolFor(o.workers, models.length * o.replications);
  let failure: unknown;
  const jobs = models.map(async (model, i) => {
    try {
      await each(i, await pool.replicate(model, o.seed, o.replications, stop.signal, o.tick));
    } catch (e) {
      if (!stop.signal.aborted) {
        failure = e;
        stop.abort();
      }
    }
  });
  // Every replication is queued by now (each job queues its point's before its first await).
  if (o.warmRenderer) pool.warmRenderer();
  await Promise.allSettled(jobs);
  o.signal?.removeEventListener('abort', onAbort);
  if (!o.pool) await pool.close();
  if (failure !== undefined) throw failure;
  return o.signal?.aborted ? 'aborted' : 'done';
}
