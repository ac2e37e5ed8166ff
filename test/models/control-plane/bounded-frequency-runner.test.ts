/**
 * The BoundedFrequencyRunner on tiny timelines: each test logs when the function starts and
 * compares the log with the times Go's runner would give.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../../sim/index.ts';
import { BoundedFrequencyRunner, type RunnerTiming } from '../../../models/control-plane/bounded-frequency-runner.ts';

const s = 1e9;

/** A runner whose function takes `runNs`, with run() asked at `askNs`; returns the start times. */
function timeline(timing: RunnerTiming, runNs: number, askNs: number[], untilNs: number): number[] {
  const sim = new Simulation();
  const starts: number[] = [];
  const runner = new BoundedFrequencyRunner(sim, timing, (done) => {
    starts.push(sim.now);
    sim.schedule(runNs, done);
  });
  for (const t of askNs) sim.at(t, () => runner.run());
  sim.run({ untilNs });
  return starts;
}

const kubeProxy = { minIntervalNs: 1 * s, maxIntervalNs: 30 * s, burstRuns: 1 };

test('two requests within minInterval after a run give one run, at lastRun + minInterval', () => {
  // Run at 0 ends at 0.1 s; asks at 0.3 s and 0.6 s wait for 0.1 + 1 = 1.1 s and share one run.
  assert.deepEqual(timeline(kubeProxy, 0.1 * s, [0, 0.3 * s, 0.6 * s], 5 * s), [0, 1.1 * s]);
});

test('with no request the runner still runs every maxInterval after the last run returned', () => {
  assert.deepEqual(timeline(kubeProxy, 2 * s, [], 70 * s), [30 * s, 62 * s]);
});

test('requests during a run are remembered once and run when the bucket allows', () => {
  // Run 0-0.5 s; asks at 0.1 and 0.2 s; the token is back at 1 s but lastRun + 1 s = 1.5 s.
  assert.deepEqual(timeline(kubeProxy, 0.5 * s, [0, 0.1 * s, 0.2 * s], 5 * s), [0, 1.5 * s]);
});

test('a request after the token is back runs at once, even before lastRun + minInterval', () => {
  // Run 0-0.5 s; at 1.2 s the bucket (refilled at 1 s) accepts, as Go's TryAccept does.
  assert.deepEqual(timeline(kubeProxy, 0.5 * s, [0, 1.2 * s], 5 * s), [0, 1.2 * s]);
});

test('burst 2: two runs back to back, the third waits', () => {
  const starts = timeline({ ...kubeProxy, burstRuns: 2 }, 0.1 * s, [0, 0.3 * s, 0.6 * s], 5 * s);
  // Tokens: 2 at 0 → 1; at 0.3 s 1.3 → 0.3; at 0.6 s 0.6, refused: timer at max(0.4 + 1, 1.0) = 1.4 s.
  assert.deepEqual(starts, [0, 0.3 * s, 1.4 * s]);
});

test('minInterval 0: every request runs (after the run in progress)', () => {
  assert.deepEqual(timeline({ ...kubeProxy, minIntervalNs: 0 }, 0.1 * s, [0, 0.05 * s, 0.3 * s], 1 * s), [0, 0.1 * s, 0.3 * s]);
});
