/**
 * A progress bar of replications done (`cli-progress`) on stderr when stderr is a terminal, and
 * nothing otherwise, so logs and pipes stay clean.
 */
import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  tick(): void;
  stop(): void;
}

export function progressBar(total: number, enabled = process.stderr.isTTY === true): Progress {
  if (!enabled || total === 0) return { tick: () => {}, stop: () => {} };
  const bar = new SingleBar(
    { stream: process.stderr, format: 'podpath [{bar}] {value}/{total} replications | {eta_formatted} left', hideCursor: true },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return { tick: () => bar.increment(), stop: () => bar.stop() };
}
