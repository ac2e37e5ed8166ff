/**
 * Keeping a run's finished points in results.json while it goes: `soon()` writes the current
 * snapshot when the last write is a second old or more, `now()` at once; writes are chained, so
 * the file always ends as the last snapshot asked for, each write atomic (reports/write.ts).
 */
import { performance } from 'node:perf_hooks';
import type { Results } from '../reports/results.ts';
import { writeResultsJson } from '../reports/write.ts';

/** Least time between two checkpoints of a running run, ms. */
const intervalMs = 1000;

export class Checkpoint {
  private writing = Promise.resolve();
  private lastWriteMs = -Infinity;

  constructor(private readonly outDir: string, private readonly snapshot: () => Results) {}

  soon(): Promise<void> {
    return performance.now() - this.lastWriteMs >= intervalMs ? this.now() : Promise.resolve();
  }

  now(): Promise<void> {
    this.lastWriteMs = performance.now();
    this.writing = this.writing.then(() => writeResultsJson(this.outDir, this.snapshot()));
    return this.writing;
  }

  /** Resolves once every write asked for is done. */
  settled(): Promise<void> {
    return this.writing;
  }
}
