/**
 * The command line end to end: the quickstart is deterministic per seed, its latency rises with
 * load and bends near saturation, and bad input gives one line, exit 2, and writes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { podpathArgs } from './podpath-command.ts';

const quickstart = join(import.meta.dirname, '../../scenarios/quickstart.yaml');

function podpath(...args: string[]) {
  return spawnSync(process.execPath, [...podpathArgs, ...args], { encoding: 'utf8' });
}

test('quickstart: same seed, byte-identical results.json; another seed, other numbers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'podpath-'));
  const runs = ['a', 'b'].map((name) => {
    const r = podpath('run', quickstart, '--out', join(dir, name), '--seed', '7');
    assert.equal(r.status, 0, r.stderr);
    return readFileSync(join(dir, name, 'results.json'), 'utf8');
  });
  assert.equal(runs[0], runs[1]);
  const other = podpath('run', quickstart, '--out', join(dir, 'c'), '--seed', '8');
  assert.equal(other.status, 0, other.stderr);
  assert.notEqual(readFileSync(join(dir, 'c', 'results.json'), 'utf8'), runs[0]);

  const results = JSON.parse(runs[0]);
  assert.equal(results.scenario.seed, 7);
  const means: number[] = results.points.map((p: any) => p.metrics.request_latency_ms.mean);
  for (let i = 1; i < means.length; i++) assert.ok(means[i] > means[i - 1], `latency rises with load: ${means}`);
  // Near saturation the curve bends: the last step costs far more than the first.
  assert.ok(means[4] - means[3] > 3 * (means[1] - means[0]), `knee: ${means}`);
  const util = results.points.at(-1).metrics.utilization['server_node.cpu'];
  assert.ok(util > 0.85 && util < 1, `server CPU near saturation at the last point: ${util}`);
});

const bad: [string, string | null, RegExp][] = [
  ['unknown key', 'name: x\ncluster:\n  nodez: 3\n', /bad\.yaml: cluster\.nodez: unknown field \(allowed in cluster: nodes, coresPerNode, rxQueues, linkGbps, queues, zones, zoneCrossingUs, clusterCidr, nodeCidrMaskSize, podsPerNode, rxHashUdpPorts, mtu, offloads\)$/],
  ['wrong type', 'name: x\ncluster:\n  nodes: three\n', /bad\.yaml: cluster\.nodes: "three" is not allowed \(must be a number\)$/],
  ['negative rate', 'name: x\nworkload:\n  arrival: { kind: open, rateRps: -5 }\n', /bad\.yaml: workload\.arrival\.rateRps: -5 is not allowed \(must be > 0\)$/],
  ['bad choice', 'name: x\nworkload:\n  arrival: { kind: sometimes }\n', /bad\.yaml: workload\.arrival\.kind: "sometimes" is not allowed \(must be one of "open", "closed"\)$/],
  ['bad sweep value', 'name: x\nsweep:\n  workload.arrival.rateRps: [100, -1]\n', /bad\.yaml: sweep: workload\.arrival\.rateRps: -1 is not allowed \(must be > 0\)$/],
  ['unknown sweep path', 'name: x\nsweep:\n  workload.rate: [1]\n', /bad\.yaml: sweep: workload\.rate is not a scenario parameter/],
  ['node out of range', 'name: x\nworkload:\n  serverNode: 5\n', /bad\.yaml: workload\.serverNode: 5 is not allowed \(must be a node index below cluster\.nodes = 2\)$/],
  ['missing name', 'seed: 3\n', /bad\.yaml: name: is missing \(must be a string\)$/],
  ['invalid YAML', 'name: x\ncluster: [1, 2\n', /bad\.yaml:\d+:\d+: invalid YAML: /],
  ['empty file', '', /bad\.yaml: the file is empty/],
  ['missing file', null, /bad\.yaml: no such file/],
];

for (const [what, text, expected] of bad) {
  test(`bad input, ${what}: one line, exit 2, nothing written`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'podpath-bad-'));
    const file = join(dir, 'bad.yaml');
    if (text !== null) writeFileSync(file, text);
    const out = join(dir, 'out');
    for (const args of [['run', file, '--out', out], ['validate', file]]) {
      const r = podpath(...args);
      assert.equal(r.status, 2, r.stderr);
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], expected);
      assert.doesNotMatch(r.stderr, /\bat .*\.ts:\d+/);
    }
    assert.equal(existsSync(out), false);
    assert.deepEqual(readdirSync(dir).filter((f) => f !== 'bad.yaml'), []);
  });
}

test('--seed must be an integer: exit 2', () => {
  const r = podpath('run', quickstart, '--seed', '-1');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--seed/);
});
