/**
 * Bad command-line values — --set, --shard, --workers, --slo, --vary, --tolerance — each give one
 * line naming the value and what is allowed, exit 2, and write nothing.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { podpathArgs } from './podpath-command.ts';

const mm1 = join(import.meta.dirname, '../../scenarios/mm1.yaml');
const dir = mkdtempSync(join(tmpdir(), 'podpath-options-'));
const flat = join(dir, 'flat.yaml');
writeFileSync(flat, 'name: flat\nworkload: { kind: station }\n');
const named = join(dir, 'named.yaml');
writeFileSync(named, 'name: named\nworkload: { kind: station }\nsweep:\n  profile: [xeon-2019-10gbe]\n');

async function podpath(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const r = await promisify(execFile)(process.execPath, [...podpathArgs, ...args], { encoding: 'utf8' });
    return { code: 0, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stderr: string };
    return { code: err.code, stderr: err.stderr };
  }
}

const slo = ['--slo', 'request_latency_ms.p99 < 1'];
const vary = ['--vary', 'workload.arrival.rateRps'];
const cases: [string, string[], RegExp][] = [
  ['--set without =', ['run', mm1, '--set', 'replications'], /^--set: "replications" is not allowed \(must be PATH=VALUE, e\.g\. workload\.arrival\.rateRps=5000\)$/],
  ['--set with a list', ['run', mm1, '--set', 'replications=[1, 2]'], /^--set: "replications=\[1, 2\]" is not allowed \(VALUE must be one YAML scalar: a number, a string, true or false\)$/],
  ['--set out of range', ['run', mm1, '--set', 'workload.arrival.rateRps=-5'], /^.*mm1\.yaml: --set: workload\.arrival\.rateRps: -5 is not allowed \(must be > 0\)$/],
  ['--set wrong type', ['validate', mm1, '--set', 'cluster.nodes=many'], /^.*mm1\.yaml: --set: cluster\.nodes: "many" is not allowed \(must be a number\)$/],
  ['--set unknown path', ['run', mm1, '--set', 'workload.rate=5'], /^.*mm1\.yaml: --set: workload\.rate is not a scenario parameter \(use a field path such as workload\.arrival\.rateRps\)$/],
  ['--shard past the end', ['run', mm1, '--shard', '3/3'], /^--shard: "3\/3" is not allowed \(must be I\/N with integers 0 <= I < N, e\.g\. 0\/4\)$/],
  ['--shard of nothing', ['run', mm1, '--shard', '0/0'], /^--shard: "0\/0" is not allowed/],
  ['--shard not I/N', ['run', mm1, '--shard', 'first'], /^--shard: "first" is not allowed/],
  ['--workers 0', ['run', mm1, '--workers', '0'], /^--workers: "0" is not allowed \(must be an integer >= 1\)$/],
  ['--slo without operator', ['plan', mm1, ...vary, '--slo', 'request_latency_ms.p99 ~ 1'], /^--slo: "request_latency_ms\.p99 ~ 1" is not allowed \(must be METRIC\.STAT OP VALUE with OP one of <, <=, >, >=, e\.g\. 'request_latency_ms\.p99 < 1'\)$/],
  ['--slo without a number', ['plan', mm1, ...vary, '--slo', 'request_latency_ms.p99 < fast'], /^--slo: "request_latency_ms\.p99 < fast" is not allowed/],
  ['--vary not swept', ['plan', mm1, '--vary', 'cluster.nodes', ...slo], /^.*mm1\.yaml: --vary: "cluster\.nodes" is not allowed \(must be a parameter the scenario sweeps: workload\.arrival\.rateRps\)$/],
  ['--vary with no sweep', ['plan', flat, ...vary, ...slo], /^.*flat\.yaml: --vary: "workload\.arrival\.rateRps" is not allowed \(the scenario sweeps nothing; give its range as sweep: \{ workload\.arrival\.rateRps: \{ from: A, to: B, step: S \} \}\)$/],
  ['--vary of words', ['plan', named, '--vary', 'profile', ...slo], /^.*named\.yaml: --vary: "profile" is not allowed \(its sweep values \["xeon-2019-10gbe"\] must all be numbers\)$/],
  ['--tolerance negative', ['plan', mm1, ...vary, ...slo, '--tolerance', '-1'], /^--tolerance: "-1" is not allowed \(must be a number > 0\)$/],
];

describe('bad command-line values', { concurrency: 4 }, () => {
  for (const [what, args, expected] of cases) {
    test(`${what}: one line, exit 2, nothing written`, async () => {
      const out = join(dir, what.replace(/\W+/g, '-'));
      const r = await podpath([...args, ...(args[0] === 'run' ? ['--out', out] : [])]);
      assert.equal(r.code, 2, r.stderr);
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], expected);
      assert.equal(existsSync(out), false);
    });
  }
});
