/**
 * Hostile input (issue 14): each case of the corpus in test/scenarios/hostile/ (the big ones made
 * here) exits 2 with one line that names the file and what is allowed, and writes nothing — no
 * output folder, no file beside the scenario. The model is the bad-input test of run.test.ts.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { podpathArgs } from './podpath-command.ts';

const corpus = join(import.meta.dirname, '../scenarios/hostile');
const quickstart = join(import.meta.dirname, '../../scenarios/quickstart.yaml');

/** The command's exit code and output; the cases run side by side (each is a process start). */
function podpath(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...podpathArgs, ...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ status: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/** Runs `args` (the output folder is `out` in a fresh folder), and checks exit 2, one line
 *  matching `expected`, and that nothing but the given files is in that folder afterwards. */
async function refuses(args: (dir: string) => string[], expected: RegExp, setup: (dir: string) => void = () => {}): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'podpath-hostile-'));
  setup(dir);
  const before = readdirSync(dir).sort();
  const r = await podpath(...args(dir));
  assert.equal(r.status, 2, r.stderr);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, expected);
  assert.equal(r.stdout, '');
  assert.equal(existsSync(join(dir, 'out')), false);
  assert.deepEqual(readdirSync(dir).sort(), before);
}

/** A scenario of the corpus, copied into the test's folder so its name in the message is known. */
function corpusCase(name: string, expected: RegExp): Promise<void> {
  return refuses((dir) => ['run', join(dir, name), '--out', join(dir, 'out')], expected, (dir) => copyFileSync(join(corpus, name), join(dir, name)));
}

/** A scenario written by the test. */
function writtenCase(text: string, expected: RegExp): Promise<void> {
  return refuses((dir) => ['run', join(dir, 'big.yaml'), '--out', join(dir, 'out')], expected, (dir) => writeFileSync(join(dir, 'big.yaml'), text));
}

const clock = 'the integer-nanosecond clock is exact to 2\\^53 ns, about 104 days';
const cases: [string, RegExp][] = [
  ['alias-bomb.yaml', /alias-bomb\.yaml: its YAML aliases \(\*name\) expand too far, as in a "billion laughs" file \(aliases may copy at most 100 nodes in all\)$/],
  ['beyond-clock.yaml', new RegExp(`beyond-clock\\.yaml: run\\.durationMs: 1000000000000 is not allowed \\(must be <= 9,007,199,254 ms: ${clock}\\)$`)],
  ['warmup-plus-run-beyond-clock.yaml', new RegExp(`warmup-plus-run-beyond-clock\\.yaml: run\\.durationMs: 9000000000 is not allowed \\(must be <= 9,007,199,254 ms minus run\\.warmupMs \\(10,000,000\\): warm-up and run together must fit the integer-nanosecond clock, exact to 2\\^53 ns, about 104 days\\)$`)],
  ['timeout-beyond-clock.yaml', new RegExp(`timeout-beyond-clock\\.yaml: proxy\\.conntrack\\.timeWaitTimeoutS: 100000000 is not allowed \\(must be <= 9,007,199 s: ${clock}\\)$`)],
  ['service-time-beyond-clock.yaml', new RegExp(`service-time-beyond-clock\\.yaml: workload\\.serviceTime\\.meanUs: 10000000000000 is not allowed \\(must be <= 9,007,199,254,740 us: ${clock}\\)$`)],
  ['quoted-number.yaml', /quoted-number\.yaml: workload\.arrival\.rateRps: "100" is not allowed \(must be a number, not a string: write 100 without quotes\)$/],
  ['nan.yaml', /nan\.yaml: workload\.arrival\.rateRps: \.nan is not allowed \(must be a finite number\)$/],
  ['infinity.yaml', /infinity\.yaml: cluster\.linkGbps: \.inf is not allowed \(must be a finite number\)$/],
  ['nan-in-sweep.yaml', /nan-in-sweep\.yaml: sweep\.workload\.arrival\.rateRps\[1\]: \.nan is not allowed \(must be a finite number\)$/],
  ['rollout-percent.yaml', /rollout-percent\.yaml: controlPlane\.rollout\.maxUnavailable: "150%" is not allowed \(must be at most "100%" \(a Deployment cannot leave more than all its replicas unavailable\)\)$/],
  ['too-many-events.yaml', /too-many-events\.yaml: about 4\.5e\+13 events \(1 point\(s\) x 1 replication\(s\)\) is too big to run \(at most 1e\+11 without --force: .*or give --force\)$/],
  ['too-much-memory.yaml', /too-much-memory\.yaml: about 953\.8 GiB of memory for one replication is too big to run \(this machine has [\d.,]+ GiB: fewer nodes or connections, or give --force\)$/],
];

describe('hostile input', { concurrency: 4 }, () => {
  for (const [name, expected] of cases) {
    test(`${name}: one line, exit 2, nothing written`, () => corpusCase(name, expected));
  }

  test('the clock range also holds for --set', () =>
    refuses((dir) => ['run', quickstart, '--set', 'run.warmupMs=1e13', '--out', join(dir, 'out')],
      new RegExp(`quickstart\\.yaml: --set: run\\.warmupMs: 10000000000000 is not allowed \\(must be <= 9,007,199,254 ms: ${clock}\\)$`)));

  test('a percentage given by --set is checked as one written in the file', () =>
    refuses((dir) => ['run', join(import.meta.dirname, '../../scenarios/rolling-update.yaml'), '--set', 'controlPlane.rollout.maxSurge=25 %', '--out', join(dir, 'out')],
      /rolling-update\.yaml: --set: controlPlane\.rollout\.maxSurge: "25 %" is not allowed \(must be a count of pods \(an integer >= 0\) or a percentage of the replicas such as "25%"\)$/));

  test('10,000 levels of nesting: one line, exit 2, nothing written', () =>
    writtenCase(`name: deep\ndescription: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, /big\.yaml: nested too deeply \(mappings and lists may nest at most 32 levels\)$/));

  test('40 levels of nesting (yaml parses them): the path that passes the limit is named', () =>
    writtenCase(`name: deep\nsweep:\n  x: ${'['.repeat(40)}${']'.repeat(40)}\n`, /big\.yaml: sweep\.x(\[0\]){30}: nested too deeply \(mappings and lists may nest at most 32 levels\)$/));

  test('a string of 100,000 characters: one line, exit 2, nothing written', () =>
    writtenCase(`name: long\ndescription: ${'a'.repeat(100_000)}\n`, /big\.yaml: description: a string of 100,000 characters is not allowed \(at most 10,000\)$/));

  test('a file of 3 MB with a multi-megabyte string: refused by its size before it is read', () =>
    writtenCase(`name: huge\ndescription: ${'a'.repeat(3_000_000)}\n`, /big\.yaml: 3,000,025 bytes is too large for a scenario \(at most 1,048,576 bytes\)$/));

  test('--out names an existing file', () =>
    refuses((dir) => ['run', quickstart, '--out', join(dir, 'file')], /--out: .*\/file is not allowed \(it exists and is not a folder; give a folder, new or existing\)$/, (dir) => writeFileSync(join(dir, 'file'), 'x')));

  test('--out below a file (no folder can be made there, even by root)', () =>
    refuses((dir) => ['run', quickstart, '--out', join(dir, 'file', 'out')], /--out: .*\/file\/out is not allowed \(.*\/file is a file, so no folder can be made below it; give a folder, new or existing\)$/, (dir) => writeFileSync(join(dir, 'file'), 'x')));

  test('--out in a folder nobody can create anything in (/proc refuses even root)', async () => {
    await refuses(() => ['run', quickstart, '--out', '/proc/podpath-out'], /--out: \/proc\/podpath-out is not allowed \(cannot create anything in \/proc: E[A-Z]+; give a folder this user can write\)$/);
    assert.equal(existsSync('/proc/podpath-out'), false);
  });

  test('merge --out is checked too', () =>
    refuses((dir) => ['merge', dir, '--out', join(dir, 'file')], /--out: .*\/file is not allowed \(it exists and is not a folder/, (dir) => writeFileSync(join(dir, 'file'), 'x')));
});
