/**
 * The pipeline on the worker pool: results are byte-identical whatever the number of workers, and
 * the shards of a run merged give the bytes of the unsharded run; merge refuses an incomplete or
 * mixed set of shards.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { merge } from '../../cli/merge.ts';
import { run } from '../../cli/pipeline.ts';
import { parseSet } from '../../scenarios/load.ts';
import { InputError } from '../../scenarios/messages.ts';

const quickstart = join(import.meta.dirname, '../../scenarios/quickstart.yaml');
// The quickstart's five loads, shortened: 5 points x 2 replications of the request/response model.
const sets = ['run.durationMs=40', 'run.warmupMs=5'].map(parseSet);
const dir = mkdtempSync(join(tmpdir(), 'podpath-pipeline-'));
const json = (name: string) => readFileSync(join(dir, name, 'results.json'), 'utf8');

test('workers 1 and 2 give byte-identical results.json', async () => {
  await run({ file: quickstart, outDir: join(dir, 'w1'), workers: 1, sets });
  await run({ file: quickstart, outDir: join(dir, 'w2'), workers: 2, sets });
  assert.equal(json('w1'), json('w2'));
  const results = JSON.parse(json('w1'));
  assert.equal(results.points.length, 5);
  assert.equal(results.points[0].replications, 2);
  assert.ok(results.points[0].ci95, 'two replications give confidence intervals');
});

test('three shards merged equal the unsharded run, byte for byte', async () => {
  const shards = [0, 1, 2].map((index) => join(dir, `shard-${index}`));
  for (const [index, outDir] of shards.entries()) {
    await run({ file: quickstart, outDir, workers: 1, sets, shard: { index, count: 3 } });
  }
  // Round-robin: shard 0 holds points 0 and 3, shard 1 points 1 and 4, shard 2 point 2.
  assert.deepEqual(shards.map((d) => JSON.parse(readFileSync(join(d, 'results.json'), 'utf8')).points.length), [2, 2, 1]);
  await merge([shards[2], shards[0], shards[1]], join(dir, 'merged'));
  assert.equal(json('merged'), json('w1'));

  await assert.rejects(merge(shards.slice(0, 2), join(dir, 'partial')), (e: Error) => {
    assert.ok(e instanceof InputError);
    assert.match(e.message, /^merge: 1 of 5 point\(s\) missing, e\.g\. variant "" at \{"workload\.arrival\.rateRps":25000\} \(give the folders of every shard\)$/);
    return true;
  });
  await run({ file: quickstart, outDir: join(dir, 'seed-9'), workers: 1, sets, seed: 9, shard: { index: 2, count: 3 } });
  await assert.rejects(merge([shards[0], shards[1], join(dir, 'seed-9')], join(dir, 'mixed')), /seed-9\/results\.json is not allowed \(it holds another scenario, seed or podpath version than /);
});
