/**
 * The library entry (index.ts) in process: a scenario from YAML text or a hand-built object gets
 * the command line's checks and one-line messages; `simulate` returns what `runScenario` writes
 * as results.json, byte for byte, whatever the worker count; overrides fix a swept parameter;
 * an abort rejects with the signal's reason and writes nothing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, loadScenario, runScenario, simulate } from '../index.ts';
import { resultsJson } from '../reports/write.ts';

const text = [
  'name: lib-station',
  'replications: 2',
  'workload: { kind: station, arrival: { kind: open, rateRps: 40000 }, serviceTime: { dist: exponential, meanUs: 10 } }',
  'run: { durationMs: 40, warmupMs: 4 }',
  'sweep: { workload.arrival.rateRps: [20000, 40000, 60000] }',
].join('\n');

describe('index.ts', () => {
  it('loadScenario: text or file, defaults filled, overrides applied; bad input an InputError of one line', () => {
    const s = loadScenario({ text });
    assert.equal(s.name, 'lib-station');
    assert.equal(s.cluster.nodes, 2);
    const fixed = loadScenario({ text }, { set: { 'workload.arrival.rateRps': 50000 } });
    assert.deepEqual([fixed.workload.arrival, fixed.sweep], [{ kind: 'open', rateRps: 50000 }, {}]);
    assert.equal(loadScenario(join(import.meta.dirname, '../scenarios/mm1.yaml')).name, 'mm1');
    assert.throws(() => loadScenario({ text: 'name: x\nrun: { durationMs: -1 }', name: 'x.yaml' }), (e: Error) =>
      e instanceof InputError && /^x\.yaml: run\.durationMs: -1 is not allowed \(.+\)$/.test(e.message));
    assert.throws(() => loadScenario({ text }, { set: { 'cluster.nodez': 3 } }), (e: Error) =>
      e instanceof InputError && e.message === 'scenario: set: cluster.nodez is not a scenario parameter (use a field path such as workload.arrival.rateRps)');
  });

  it('simulate: a hand-built object is validated like a file, under the name given', async () => {
    await assert.rejects(simulate({ name: 'x', cluster: { nodes: 0 } }, { name: 'built' }), (e: Error) =>
      e instanceof InputError && e.message.startsWith('built: cluster.nodes: 0 is not allowed'));
  });

  it('simulate returns byte for byte what runScenario writes, on 1 or 2 workers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'podpath-lib-'));
    const file = join(dir, 'lib-station.yaml');
    writeFileSync(file, text);
    const written = await runScenario(file, { out: join(dir, 'out'), workers: 2, seed: 5 });
    const onDisk = readFileSync(join(dir, 'out', 'results.json'), 'utf8');
    assert.equal(resultsJson(written), onDisk);
    const finished: number[] = [];
    const one = await simulate(loadScenario(file), { workers: 1, seed: 5, onPoint: (_p, done) => void finished.push(done) });
    assert.equal(resultsJson(one), onDisk);
    assert.deepEqual(finished, [1, 2, 3]);
    assert.equal(one.points.length, 3);
    assert.ok(existsSync(join(dir, 'out', 'report.html')));
  });

  it('an aborted simulate rejects with the signal\'s reason', async () => {
    const stop = new AbortController();
    const reason = new Error('stopped by the caller');
    const run = simulate(loadScenario({ text }), { workers: 1, signal: stop.signal, onPoint: () => stop.abort(reason) });
    await assert.rejects(run, (e) => e === reason);
  });
});
