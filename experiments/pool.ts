/**
 * The worker-thread pool (`piscina`) that runs replications on every core. A task is one
 * replication of one point — (model configuration, seed, replication) — and gives back its
 * ReplicationResult; a replication depends on nothing else, so the worker that runs it and the
 * order tasks finish in cannot change a result. Callers aggregate in a fixed order. The same
 * threads then render the report's static SVGs, one chart a task (a chart's SVG depends on its
 * spec alone, so which thread renders it cannot change a byte).
 */
import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { TopLevelSpec } from 'vega-lite';
import type { ModelConfig } from '../models/model-config.ts';
import type { ReplicationResult } from './replication-result.ts';

export interface ReplicationTask {
  model: ModelConfig;
  seed: number;
  replication: number;
}

export const defaultWorkers = availableParallelism();

/** The worker's module beside this one: plain JavaScript in dist/, or (this file being the
 *  TypeScript source) the shim that registers tsx in the thread first. */
const workerFile = import.meta.url.endsWith('.ts') ? './replication-worker-source.mjs' : './replication-worker.js';

export class ReplicationPool {
  private readonly piscina: Piscina;

  /** `worker`: the thread's module, by default the one beside this file (benchmarks pass the
   *  bundled dist/bundle/replication-worker.js to time the built code from the sources). */
  constructor(readonly workers: number, worker: URL = new URL(workerFile, import.meta.url)) {
    this.piscina = new Piscina({
      filename: worker.href,
      minThreads: workers,
      maxThreads: workers,
      idleTimeout: Infinity,
    });
  }

  /** Runs one replication; rejects with an AbortError when `signal` fires first. */
  run(task: ReplicationTask, signal?: AbortSignal): Promise<ReplicationResult> {
    return this.piscina.run(task, { signal });
  }

  /** Runs every replication of a point, in replication order. */
  replicate(model: ModelConfig, seed: number, replications: number, signal?: AbortSignal, each?: () => void): Promise<ReplicationResult[]> {
    // Every queued task listens to the one signal: many listeners are expected, not a leak.
    if (signal) setMaxListeners(0, signal);
    return Promise.all(
      Array.from({ length: replications }, (_, replication) =>
        this.run({ model, seed, replication }, signal).then((r) => {
          each?.();
          return r;
        }),
      ),
    );
  }

  /** The static SVG of one chart, rendered on a worker thread. */
  renderSvg(spec: TopLevelSpec): Promise<string> {
    return this.piscina.run(spec, { name: 'renderSvg' });
  }

  /**
   * Queues one task per thread that loads Vega, behind every task already queued: a thread that
   * runs out of replications loads it while the others finish theirs. Failures (a pool closed
   * first) are ignored: the first rendering loads Vega anyway.
   */
  warmRenderer(): void {
    for (let i = 0; i < this.workers; i++) this.piscina.run(undefined, { name: 'warmRenderer' }).catch(() => {});
  }

  /**
   * Queues one task per thread, ahead of any other, that loads the model and Vega: a pool started
   * before its caller has anything to run (cli/early-pool.ts) spends the wait on them. A thread
   * that starts late may leave its warm-up to another (each part loads once per thread, on its
   * first use anyway). Failures (a pool closed first) are ignored.
   */
  warmUp(): void {
    for (let i = 0; i < this.workers; i++) this.piscina.run(undefined, { name: 'warmUp' }).catch(() => {});
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}
