/**
 * The size estimate that refuses runs far beyond the machine: no bundled scenario at full size
 * comes near its limits, and the figures are the closed forms of the scenario (rate x time x
 * events per request).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkSize, estimate, maxEvents } from '../../scenarios/estimate.ts';
import { expand } from '../../scenarios/expand.ts';
import { loadScenario, parseSet } from '../../scenarios/load.ts';
import { InputError } from '../../scenarios/messages.ts';

const dir = join(import.meta.dirname, '../../scenarios');
const GiB = 2 ** 30;

test('every bundled scenario at full size is at least 100 times below the limits', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  assert.ok(files.length >= 8);
  for (const f of files) {
    const loaded = loadScenario(join(dir, f));
    const e = estimate(expand(loaded), loaded.scenario.replications);
    assert.ok(e.events < maxEvents / 100, `${f}: ${e.events} events`);
    assert.ok(e.bytes < 2 * GiB, `${f}: ${e.bytes} bytes`);
    checkSize(f, expand(loaded), loaded.scenario.replications, 2 * GiB);
  }
});

test('the Service model: (15 per request + 30 per connection) x rate x time, per point and replication', () => {
  const sets = ['traffic.rateRps=1000', 'run.durationMs=900', 'run.warmupMs=100', 'replications=3'].map(parseSet);
  const loaded = loadScenario(join(dir, 'conntrack-exhaustion.yaml'), sets);
  const points = expand(loaded);
  assert.equal(points.length, 1);
  assert.equal(estimate(points, 3).events, 3 * 1000 * 1 * (15 + 30));
});

test('10^12 requests (12 events each) or 10^9 nodes are refused with the estimate', () => {
  const tooLong = loadScenario(join(dir, 'quickstart.yaml'), ['workload.arrival.rateRps=1e6', 'run.durationMs=1e9'].map(parseSet));
  assert.throws(() => checkSize('q.yaml', expand(tooLong), 1, 64 * GiB), (e: unknown) => e instanceof InputError && /^q\.yaml: about 1\.2e\+13 events \(1 point\(s\) x 1 replication\(s\)\)/.test(e.message));
  const many = loadScenario(join(dir, 'quickstart.yaml'), ['cluster.nodes=1000000000', 'cluster.clusterCidr=0.0.0.0/0', 'cluster.nodeCidrMaskSize=30', 'cluster.podsPerNode=1'].map(parseSet));
  assert.throws(() => checkSize('q.yaml', expand(many), 1, 64 * GiB), (e: unknown) => e instanceof InputError && /^q\.yaml: about 953\.8 GiB of memory for one replication is too big to run \(this machine has 64 GiB/.test(e.message));
});
