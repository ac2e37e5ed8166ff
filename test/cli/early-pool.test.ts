/**
 * The pool the command's entry starts for `podpath run` (cli/early-pool.ts): the worker count
 * read from the raw arguments the way commander reads it, and a pool handed over only for that
 * count, once. (That a refused command line still exits, the early pool closed, is what every
 * bad-input test of test/cli/options.test.ts runs through cli/start.ts.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultWorkers } from '../../experiments/pool.ts';
import { closeEarlyPool, runWorkers, startEarlyPool, takeEarlyPool } from '../../cli/early-pool.ts';

test('the worker count of a run command line, else undefined', () => {
  assert.equal(runWorkers(['run', 'q.yaml']), defaultWorkers);
  assert.equal(runWorkers(['run', 'q.yaml', '--workers', '3']), 3);
  assert.equal(runWorkers(['run', '--workers=4', 'q.yaml']), 4);
  assert.equal(runWorkers(['run', 'q.yaml', '--workers', '1', '--workers', '2']), 2, 'the last one, as commander');
  assert.equal(runWorkers(['run', 'q.yaml', '--', '--workers', '3']), defaultWorkers, 'after --, an argument');
  assert.equal(runWorkers(['validate', 'q.yaml', '--workers', '3']), undefined);
  assert.equal(runWorkers(['plan', 'q.yaml']), undefined);
  assert.equal(runWorkers([]), undefined);
  for (const bad of ['0', '-1', '1.5', 'two', '']) assert.equal(runWorkers(['run', 'q.yaml', '--workers', bad]), undefined, bad);
  assert.equal(runWorkers(['run', 'q.yaml', '--workers']), undefined);
});

test('an early pool goes, once, to a run of its size; nothing starts for another command', async () => {
  startEarlyPool(['validate', 'q.yaml']);
  assert.equal(takeEarlyPool(defaultWorkers), undefined);
  startEarlyPool(['run', 'q.yaml', '--workers', '1']);
  assert.equal(takeEarlyPool(2), undefined);
  const pool = takeEarlyPool(1);
  assert.equal(pool?.workers, 1);
  assert.equal(takeEarlyPool(1), undefined);
  await pool!.close();
  startEarlyPool(['run', 'q.yaml', '--workers', '1']);
  await closeEarlyPool();
  assert.equal(takeEarlyPool(1), undefined);
});
