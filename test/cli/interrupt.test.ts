/**
 * Ctrl-C in the middle of a sweep: the run stops, exits 130, and leaves a valid results.json
 * holding the points finished so far (each equal to the uninterrupted run's); `--resume` completes
 * it to the very bytes of the uninterrupted run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { podpathArgs } from './podpath-command.ts';

const dir = mkdtempSync(join(tmpdir(), 'podpath-interrupt-'));
const scenario = join(dir, 'sweep.yaml');
// 16 points of about the same cost (50,000 arrivals each) on one worker: long enough to stop.
writeFileSync(scenario, `name: sweep
workload:
  kind: station
  arrival: { kind: open, rateRps: 50000 }
run: { durationMs: 1000, warmupMs: 10 }
sweep:
  workload.serviceTime.meanUs: { from: 1, to: 16, step: 1 }
`);

function podpath(...args: string[]) {
  return spawnSync(process.execPath, [...podpathArgs, ...args], { encoding: 'utf8' });
}

test('SIGINT mid-sweep keeps finished points; --resume completes to identical bytes', async () => {
  const whole = podpath('run', scenario, '--out', join(dir, 'whole'), '--workers', '1');
  assert.equal(whole.status, 0, whole.stderr);
  const expected = readFileSync(join(dir, 'whole', 'results.json'), 'utf8');
  const all = JSON.parse(expected).points;
  assert.equal(all.length, 16);

  const out = join(dir, 'stopped');
  const file = join(out, 'results.json');
  const child = spawn(process.execPath, [...podpathArgs, 'run', scenario, '--out', out, '--workers', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  while (!existsSync(file)) await sleep(20);
  child.kill('SIGINT');
  assert.equal(await exited, 130, stderr);
  const kept = JSON.parse(readFileSync(file, 'utf8')).points;
  assert.ok(kept.length >= 1 && kept.length < 16, `kept ${kept.length} of 16`);
  assert.match(stderr, new RegExp(`^podpath: interrupted; ${kept.length} of 16 point\\(s\\) kept in .*results\\.json \\(run again with --resume to finish\\)$`, 'm'));
  assert.deepEqual(kept, all.slice(0, kept.length));
  assert.deepEqual(readdirSync(out), ['results.json']);

  const resumed = podpath('run', scenario, '--out', out, '--workers', '2', '--resume');
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.equal(readFileSync(file, 'utf8'), expected);

  const other = podpath('run', scenario, '--out', out, '--resume', '--seed', '5');
  assert.equal(other.status, 2);
  assert.match(other.stderr, /^--resume: .*results\.json is not allowed \(it holds another scenario, seed or podpath version; remove it or choose another --out\)\n$/);
});
